"""The démarche (phases and key dates as a timeline) and the links with other schemes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.core.deletion import DeletionRefused
from ctg_pilote.core.versioning import save_or_refuse

from .. import perms, services
from ..forms_demarche import KeyDateForm, PhaseForm, SchemeLinkForm
from ..models import KeyDate, Mobilisation, Phase, SchemeLink
from ..schemes_diagram import scheme_diagram
from ..timeline import default_phases, phases_of
from .common import form_values, page


@convention_view(perms.can_view_governance)
def demarche(request, convention):
    key_dates = KeyDate.objects.filter(convention=convention).timeline()
    years: list[tuple[int | None, list[KeyDate]]] = []
    year = None
    for key_date in key_dates:
        year = key_date.date.year if key_date.date else year
        if not years or years[-1][0] != year:
            years.append((year, []))
        years[-1][1].append(key_date)
    phases = phases_of(convention)
    sources = sorted({k.source for k in key_dates if k.source})
    return page(
        request,
        convention,
        "governance/demarche.html",
        phases=phases,
        offered_phases=[] if phases else default_phases(),
        years=years,
        late_dates=[k for k in key_dates if k.is_late],
        sources=sources,
        has_fictitious=any(k.is_fictitious for k in key_dates),
        mobilisation=Mobilisation.objects.filter(convention=convention).first(),
    )


@convention_view(perms.can_manage_governance)
def phase_form(request, convention, pk=None):
    phase = (
        get_object_or_404(Phase, convention=convention, pk=pk)
        if pk
        else Phase(convention=convention)
    )
    back = reverse("governance:demarche", args=[convention.slug])
    if request.method == "POST" and request.POST.get("delete") and pk:
        try:
            services.delete_phase(phase=phase)
        except DeletionRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("Phase supprimée ; ses dates clés restent, sans phase."))
        return redirect(back)
    form = PhaseForm(request.POST or None, instance=phase)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(
            request,
            form,
            lambda: services.save_phase(
                phase=phase,
                expected_version=form.expected_version,
                values=form_values(form)[0],
            ),
        )
    ):
        messages.success(request, _("Phase enregistrée."))
        return redirect(back)
    return page(
        request,
        convention,
        "governance/form_page.html",
        form=form,
        title=_("Phase : %(phase)s") % {"phase": phase.title} if pk else _("Nouvelle phase"),
        back=back,
        can_delete=bool(pk),
    )


@require_POST
@convention_view(perms.can_manage_governance)
def phase_move(request, convention, pk):
    phase = get_object_or_404(Phase, convention=convention, pk=pk)
    services.move_phase(phase=phase, step=-1 if request.POST.get("direction") == "up" else 1)
    return redirect(reverse("governance:demarche", args=[convention.slug]) + "#phases-title")


@require_POST
@convention_view(perms.can_manage_governance)
def phases_adopt(request, convention):
    if services.adopt_default_phases(convention=convention):
        messages.success(request, _("Les six phases proposées par la CNAF sont enregistrées."))
    return redirect("governance:demarche", convention.slug)


@convention_view(perms.can_manage_governance)
def key_date_form(request, convention, pk=None):
    key_date = (
        get_object_or_404(KeyDate, convention=convention, pk=pk)
        if pk
        else KeyDate(convention=convention)
    )
    if request.method == "POST" and request.POST.get("delete") and pk:
        try:
            services.delete_key_date(key_date=key_date)
        except DeletionRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("Date clé supprimée."))
        return redirect("governance:demarche", convention.slug)
    form = KeyDateForm(request.POST or None, instance=key_date)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(
            request,
            form,
            lambda: services.save_key_date(
                key_date=key_date,
                expected_version=form.expected_version,
                values=form_values(form)[0],
            ),
        )
    ):
        messages.success(request, _("Date clé enregistrée."))
        return redirect("governance:demarche", convention.slug)
    return page(
        request,
        convention,
        "governance/form_page.html",
        form=form,
        title=_("Date clé"),
        back=reverse("governance:demarche", args=[convention.slug]),
        can_delete=bool(pk),
    )


@convention_view(perms.can_view_governance)
def schemes(request, convention):
    links = list(
        SchemeLink.objects.filter(convention=convention).prefetch_related("actions", "nodes")
    )
    return page(
        request,
        convention,
        "governance/schemes.html",
        links=links,
        diagram=scheme_diagram(convention, links),
        sources=sorted({link.source for link in links if link.source}),
    )


@convention_view(perms.can_manage_governance)
def scheme_form(request, convention, pk=None):
    link = (
        get_object_or_404(SchemeLink, convention=convention, pk=pk)
        if pk
        else SchemeLink(convention=convention, position=convention.governance_schemes.count())
    )
    if request.method == "POST" and request.POST.get("delete") and pk:
        try:
            services.delete_scheme_link(link=link)
        except DeletionRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("Lien supprimé."))
        return redirect("governance:schemes", convention.slug)
    form = SchemeLinkForm(request.POST or None, instance=link)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(
            request,
            form,
            lambda: services.save_scheme_link(
                link=link,
                expected_version=form.expected_version,
                values=form_values(form)[0],
                relations=form_values(form)[1],
            ),
        )
    ):
        messages.success(request, _("Lien enregistré."))
        return redirect("governance:schemes", convention.slug)
    return page(
        request,
        convention,
        "governance/form_page.html",
        form=form,
        title=_("Lien avec un autre dispositif"),
        back=reverse("governance:schemes", args=[convention.slug]),
        can_delete=bool(pk),
    )
