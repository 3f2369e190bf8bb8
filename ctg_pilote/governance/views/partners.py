"""The partners' directory and their network."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.conventions.models import Organisation, OrganisationKind
from ctg_pilote.core.versioning import save_or_refuse

from .. import network as network_module
from .. import perms, services
from ..forms import PartnerProfileForm
from ..models import Instance, Meeting, Mobilisation, PartnerProfile
from ..queries import partner_organisations
from .common import page


@convention_view(perms.can_view_governance)
def directory(request, convention):
    organisations = partner_organisations(convention)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("type", "")
    thematique = request.GET.get("thematique", "")
    instance = request.GET.get("instance", "")
    commune = request.GET.get("commune", "")
    if q:
        organisations = organisations.filter(
            Q(name__icontains=q) | Q(partner_profile__description__icontains=q)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    if thematique:
        organisations = organisations.filter(partner_profile__thematiques__code=thematique)
    if instance.isdigit():
        organisations = organisations.filter(instance_seats__instance_id=int(instance))
    if commune:
        organisations = organisations.filter(
            Q(partner_profile__communes__code=commune) | Q(commune__code=commune)
        )
    organisations = list(organisations.distinct().order_by("name"))
    present_kinds = set(
        Organisation.objects.filter(convention=convention).values_list("kind", flat=True)
    )
    return page(
        request,
        convention,
        "governance/partners.html",
        organisations=organisations,
        filters={
            "q": q,
            "type": kind,
            "thematique": thematique,
            "instance": instance,
            "commune": commune,
        },
        communes=convention.communes.order_by("name"),
        kinds=[k for k in OrganisationKind if k.value in present_kinds],
        thematiques=convention.thematiques.all(),
        instances=Instance.objects.filter(convention=convention),
        counts=network_module.counts(convention),
        mobilisation=Mobilisation.objects.filter(convention=convention).first(),
    )


@convention_view(perms.can_view_governance)
def partner_detail(request, convention, pk):
    organisation = get_object_or_404(partner_organisations(convention), pk=pk)
    return page(request, convention, "governance/partner_detail.html", organisation=organisation)


@convention_view(perms.can_manage_governance)
def partner_profile(request, convention, pk):
    organisation = get_object_or_404(Organisation, convention=convention, pk=pk)
    profile = PartnerProfile.objects.filter(organisation=organisation).first()
    initial = {"version": 0}
    if profile:
        initial = {
            "description": profile.description,
            "thematiques": profile.thematiques.all(),
            "communes": profile.communes.all(),
            "version": profile.version,
        }
    form = PartnerProfileForm(request.POST or None, initial=initial, convention=convention)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(
            request,
            form,
            lambda: services.save_partner_profile(
                organisation=organisation,
                description=form.cleaned_data["description"],
                thematiques=form.cleaned_data["thematiques"],
                communes=form.cleaned_data["communes"],
                expected_version=form.expected_version,
            ),
        )
    ):
        messages.success(request, _("Profil de « %(name)s » enregistré.") % {"name": organisation})
        return redirect("governance:partner", convention.slug, organisation.pk)
    return page(
        request,
        convention,
        "governance/form_page.html",
        form=form,
        title=_("Thématiques et communes de %(name)s") % {"name": organisation},
        back=reverse("governance:partner", args=[convention.slug, organisation.pk]),
    )


@convention_view(perms.can_view_governance)
def network(request, convention):
    graph = network_module.build_network(convention)
    return page(
        request,
        convention,
        "governance/network.html",
        graph=graph,
        ranked=sorted(graph.connected, key=lambda n: (-n.degree, n.organisation.name)),
        central_ids={n.organisation.pk for n in graph.central},
        has_fictitious=Meeting.objects.filter(
            convention=convention, is_fictitious=True, invitations__isnull=False
        ).exists(),
        counts=network_module.counts(convention),
        mobilisation=Mobilisation.objects.filter(convention=convention).first(),
    )
