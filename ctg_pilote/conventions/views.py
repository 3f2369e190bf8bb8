from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Sum
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.core import deletion
from ctg_pilote.core.text import sort_key
from ctg_pilote.core.versioning import save_or_refuse
from ctg_pilote.territories.geojson import communes_feature_collection
from ctg_pilote.territories.models import Vintage

from . import perms, services
from .access import convention_view, user_view
from .forms import (
    ContactForm,
    ConventionCreateForm,
    ConventionForm,
    MembershipForm,
    OrganisationDeleteForm,
    OrganisationForm,
    ZoneForm,
)
from .models import (
    QUALITY_ORDER,
    Contact,
    Convention,
    Membership,
    Organisation,
    Thematique,
    Zone,
)


@login_required
def mine(request):
    memberships = {
        m.convention_id: m
        for m in Membership.objects.filter(user=request.user).select_related("organisation")
    }
    conventions = (
        Convention.objects.for_user(request.user)
        .select_related("caf_departement", "epci")
        .annotate(commune_count=Count("communes", distinct=True))
        .order_by("name")
    )
    rows = [(c, memberships.get(c.pk)) for c in conventions]
    return render(
        request,
        "conventions/mine.html",
        {"rows": rows, "can_create": perms.can_create_convention(request.user)},
    )


@user_view(perms.can_create_convention)
def create(request):
    vintage = Vintage.objects.current()
    if vintage is None:
        messages.error(
            request,
            _("Le référentiel des territoires n'est pas chargé : lancez « ctg load_territories »."),
        )
        return redirect("conventions:mine")
    initial = {"thematiques": Thematique.objects.filter(is_core=True)}
    form = ConventionCreateForm(request.POST or None, vintage=vintage, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        convention = services.create_convention_from_epci(
            epci=data["epci"],
            name=data["name"],
            slug=data["slug"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            thematiques=data["thematiques"],
            created_by=request.user,
        )
        messages.success(
            request,
            _("La CTG « %(name)s » est créée avec ses %(count)s communes.")
            % {"name": convention.name, "count": convention.communes.count()},
        )
        # « Premiers pas » (collaboration): the usual instances, phases and thématiques.
        return redirect("collaboration:start", convention.slug)
    return render(
        request,
        "conventions/create.html",
        {"form": form, "vintage": vintage, "selected_epci": form.epci_obj},
    )


def _quality_rank(quality: str) -> int:
    return QUALITY_ORDER.index(quality) if quality else len(QUALITY_ORDER)


@convention_view(perms.can_view)
def detail(request, convention):
    communes = sorted(
        convention.communes.select_related("departement").prefetch_related(
            Prefetch("zones", queryset=Zone.objects.filter(convention=convention))
        ),
        key=lambda commune: sort_key(commune.name),
    )
    zones = list(
        convention.zones.annotate(
            commune_count=Count("memberships"), population=Sum("memberships__commune__population")
        )
    )
    organisations = convention.organisations.annotate(
        contact_count=Count("contacts")
    ).prefetch_related("members")
    population = sum(c.population or 0 for c in communes)
    return render(
        request,
        "conventions/detail.html",
        {
            "convention": convention,
            "communes": communes,
            "population": population,
            "zones": zones,
            "unzoned": [c for c in communes if not c.zones.all()],
            "parties": sorted(
                (o for o in organisations if o.quality),
                key=lambda o: (_quality_rank(o.quality), sort_key(o.name)),
            ),
            "organisations": organisations,
            "thematiques": convention.thematiques.all(),
            "vintage": convention.vintage,
            "role": perms.role_in(request.user, convention),
            "can_edit": perms.can_edit(request.user, convention),
            "can_view_contacts": perms.can_view_contacts(request.user, convention),
        },
    )


@convention_view(perms.can_view)
def communes_geojson(request, convention):
    """The CTG's communes as a GeoJSON FeatureCollection for the map (contours only)."""
    zone_of = dict(
        convention.zones.values_list("memberships__commune_id", "name").exclude(
            memberships__commune_id=None
        )
    )
    return JsonResponse(
        communes_feature_collection(
            convention.communes.all(), lambda commune: {"zone": zone_of.get(commune.pk)}
        )
    )


@convention_view(perms.can_edit)
def edit(request, convention):
    form = ConventionForm(request.POST or None, instance=convention)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(request, form, form.save_versioned)
    ):
        messages.success(request, _("Les informations de la CTG sont enregistrées."))
        return redirect(convention)
    return render_form(request, convention, form, _("Modifier la CTG"))


def render_form(
    request, convention, form, title, *, submit=None, delete_url=None, delete_form=None
):
    return render(
        request,
        "conventions/form_page.html",
        {
            "convention": convention,
            "form": form,
            "title": title,
            "submit_label": submit or _("Enregistrer"),
            "delete_url": delete_url,
            "delete_form": delete_form,
        },
    )


@convention_view(perms.can_edit)
def zone_form(request, convention, pk=None):
    zone = get_object_or_404(Zone, convention=convention, pk=pk) if pk else None
    form = ZoneForm(request.POST or None, instance=zone, convention=convention)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(
            request,
            form,
            lambda: services.save_zone(
                zone=form.save(commit=False),
                communes=form.cleaned_data["communes"],
                expected_version=form.expected_version,
            ),
        )
    ):
        messages.success(
            request,
            _("La zone d'étude « %(name)s » est enregistrée.") % {"name": form.instance.name},
        )
        return redirect(convention.get_absolute_url() + "#zones")
    title = _("Modifier la zone d'étude") if zone else _("Nouvelle zone d'étude")
    delete_url = zone and f"{request.path}supprimer/"
    return render_form(request, convention, form, title, delete_url=delete_url)


@convention_view(perms.can_edit)
@require_POST
def zone_delete(request, convention, pk):
    zone = get_object_or_404(Zone, convention=convention, pk=pk)
    try:
        deletion.delete(obj=zone)
    except deletion.DeletionRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(
            request, _("La zone d'étude « %(name)s » est supprimée.") % {"name": zone.name}
        )
    return redirect(convention.get_absolute_url() + "#zones")


@convention_view(perms.can_view)
def organisations(request, convention):
    orgs = convention.organisations.select_related("commune").prefetch_related("members", "groups")
    if perms.can_view_contacts(request.user, convention):
        orgs = orgs.prefetch_related("contacts")
    # The convention's parties first (signatories, co-financeurs...), then its network.
    orgs = sorted(orgs, key=lambda o: (_quality_rank(o.quality), sort_key(o.name)))
    return render(
        request,
        "conventions/organisations.html",
        {
            "convention": convention,
            "organisations": orgs,
            "can_edit": perms.can_edit(request.user, convention),
            "can_view_contacts": perms.can_view_contacts(request.user, convention),
        },
    )


@convention_view(perms.can_edit)
def organisation_form(request, convention, pk=None):
    organisation = get_object_or_404(Organisation, convention=convention, pk=pk) if pk else None
    form = OrganisationForm(
        request.POST or None, request.FILES or None, instance=organisation, convention=convention
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(request, form, form.save_versioned)
    ):
        messages.success(
            request,
            _("L'organisation « %(name)s » est enregistrée.") % {"name": form.instance.name},
        )
        return redirect("conventions:organisations", slug=convention.slug)
    title = _("Modifier l'organisation") if organisation else _("Nouvelle organisation")
    delete_url = organisation and f"{request.path}supprimer/"
    delete_form = None
    if organisation and deletion.reassignable_count(organisation):
        delete_form = OrganisationDeleteForm(organisation=organisation)
    return render_form(
        request, convention, form, title, delete_url=delete_url, delete_form=delete_form
    )


@convention_view(perms.can_edit)
@require_POST
def organisation_delete(request, convention, pk):
    organisation = get_object_or_404(Organisation, convention=convention, pk=pk)
    form = OrganisationDeleteForm(request.POST, organisation=organisation)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["replacement"]))
        return redirect("conventions:organisation_edit", slug=convention.slug, pk=pk)
    replacement = form.cleaned_data["replacement"]
    try:
        deletion.delete(obj=organisation, replacement=replacement)
    except deletion.DeletionRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
        # Back to its page, where its decisions can be handed over.
        return redirect("conventions:organisation_edit", slug=convention.slug, pk=pk)
    else:
        messages.success(
            request, _("L'organisation « %(name)s » est supprimée.") % {"name": organisation.name}
        )
        if replacement:
            messages.info(
                request,
                _("Ses décisions sont réattribuées à « %(name)s ».") % {"name": replacement.name},
            )
    return redirect("conventions:organisations", slug=convention.slug)


@convention_view(perms.can_edit)
def contact_form(request, convention, pk=None):
    contact = get_object_or_404(Contact, organisation__convention=convention, pk=pk) if pk else None
    # A new contact may come from its organisation's page; an edited one keeps its own.
    initial = {} if contact else {"organisation": request.GET.get("organisation")}
    form = ContactForm(
        request.POST or None, instance=contact, convention=convention, initial=initial
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(request, form, form.save_versioned)
    ):
        messages.success(request, _("Le contact est enregistré."))
        return redirect("conventions:organisations", slug=convention.slug)
    title = _("Modifier le contact") if contact else _("Nouveau contact")
    delete_url = contact and f"{request.path}supprimer/"
    return render_form(request, convention, form, title, delete_url=delete_url)


@convention_view(perms.can_edit)
@require_POST
def contact_delete(request, convention, pk):
    contact = get_object_or_404(Contact, organisation__convention=convention, pk=pk)
    try:
        deletion.delete(obj=contact)
    except deletion.DeletionRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Le contact est supprimé."))
    return redirect("conventions:organisations", slug=convention.slug)


@convention_view(perms.can_manage_members)
def members(request, convention):
    form = MembershipForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = services.add_member(
            convention=convention,
            email=data["email"],
            role=data["role"],
            organisation=data["organisation"],
            request=request,
        )
        messages.success(
            request,
            _("%(email)s a désormais un rôle dans la CTG.") % {"email": membership.user.email},
        )
        return redirect("conventions:members", slug=convention.slug)
    return render(
        request,
        "conventions/members.html",
        {
            "convention": convention,
            "form": form,
            "memberships": convention.memberships.select_related("user", "organisation"),
        },
    )


@convention_view(perms.can_manage_members)
@require_POST
def member_delete(request, convention, pk):
    membership = get_object_or_404(Membership, convention=convention, pk=pk)
    if membership.user_id == request.user.id:
        messages.error(request, _("Vous ne pouvez pas retirer votre propre rôle."))
    else:
        membership.delete()
        messages.success(
            request, _("Le rôle de %(email)s est retiré.") % {"email": membership.user.email}
        )
    return redirect("conventions:members", slug=convention.slug)


@convention_view(perms.can_export)
def export(request, convention):
    from ctg_pilote.exchange.export import dump_yaml, export_convention

    body = dump_yaml(export_convention(convention))
    response = HttpResponse(body, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ctg-{convention.slug}.yaml"'
    return response
