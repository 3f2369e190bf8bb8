"""Instances, meetings (invitations, attendance, minutes) and decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.core.deletion import DeletionRefused
from ctg_pilote.core.versioning import STALE_SHORT_MESSAGE, StaleEdit, save_or_refuse

from .. import network as network_module
from .. import perms, services
from ..forms import (
    AttendanceForm,
    DecisionFollowForm,
    DecisionForm,
    InstanceForm,
    InstanceMemberForm,
    InvitationForm,
    MeetingDocumentForm,
    MeetingForm,
    MinutesForm,
)
from ..models import AttendanceStatus, Decision, Instance, KeyDate, Meeting, Mobilisation
from .common import form_values, page


def _form_errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@convention_view(perms.can_view_governance)
def index(request, convention):
    meetings = Meeting.objects.filter(convention=convention).select_related("instance")
    decisions = Decision.objects.filter(convention=convention)
    key_dates = KeyDate.objects.filter(convention=convention).timeline()
    return page(
        request,
        convention,
        "governance/index.html",
        upcoming=meetings.upcoming().order_by("starts_at")[:5],
        recent=meetings.past().order_by("-starts_at")[:5],
        to_confirm=list(meetings.to_confirm().order_by("starts_at")),
        open_decisions=decisions.open().for_list()[:8],
        open_count=decisions.open().count(),
        late_count=decisions.late().count(),
        instances=Instance.objects.filter(convention=convention),
        key_dates=key_dates,
        next_steps=[k for k in key_dates if k.state in ("a_venir", "a_faire")][:4],
        counts=network_module.counts(convention),
        mobilisation=Mobilisation.objects.filter(convention=convention).first(),
    )


@convention_view(perms.can_view_governance)
def instance_list(request, convention):
    instances = (
        Instance.objects.filter(convention=convention)
        .prefetch_related("members__organisation", "thematiques")
        .order_by("position", "name")
    )
    return page(request, convention, "governance/instances.html", instances=instances)


@convention_view(perms.can_view_governance)
def instance_detail(request, convention, pk):
    instance = get_object_or_404(Instance, convention=convention, pk=pk)
    return page(
        request,
        convention,
        "governance/instance_detail.html",
        instance=instance,
        members=instance.members.select_related("organisation", "contact"),
        meetings=instance.meetings.order_by("-starts_at"),
        member_form=InstanceMemberForm(convention=convention),
    )


@convention_view(perms.can_manage_governance)
def instance_form(request, convention, pk=None):
    instance = get_object_or_404(Instance, convention=convention, pk=pk) if pk else None
    form = InstanceForm(request.POST or None, instance=instance, convention=convention)
    if request.method == "POST" and form.is_valid():
        obj = form.instance
        values, relations = form_values(form)
        values["composition"] = form.cleaned_data["composition"]
        try:
            saved = save_or_refuse(
                request,
                form,
                lambda: services.save_instance(
                    instance=obj,
                    expected_version=form.expected_version,
                    values=values,
                    relations=relations,
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved:
                messages.success(
                    request, _("L'instance « %(name)s » est enregistrée.") % {"name": obj}
                )
                return redirect("governance:instance", convention.slug, obj.pk)
    return page(
        request,
        convention,
        "governance/form_page.html",
        form=form,
        title=_("Modifier l'instance") if instance else _("Nouvelle instance"),
        back=reverse("governance:instances", args=[convention.slug]),
    )


@require_POST
@convention_view(perms.can_manage_governance)
def instance_member_add(request, convention, pk):
    instance = get_object_or_404(Instance, convention=convention, pk=pk)
    form = InstanceMemberForm(request.POST, convention=convention)
    if form.is_valid():
        services.add_instance_member(
            instance=instance,
            organisation=form.cleaned_data["organisation"],
            contact=form.cleaned_data["contact"],
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Membre ajouté."))
        return redirect("governance:instance", convention.slug, instance.pk)
    return page(
        request,
        convention,
        "governance/instance_detail.html",
        instance=instance,
        members=instance.members.select_related("organisation", "contact"),
        meetings=instance.meetings.order_by("-starts_at"),
        member_form=form,
    )


@require_POST
@convention_view(perms.can_manage_governance)
def instance_member_remove(request, convention, pk, member_pk):
    instance = get_object_or_404(Instance, convention=convention, pk=pk)
    member = get_object_or_404(instance.members, pk=member_pk)
    try:
        services.remove_instance_member(member=member)
    except DeletionRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Membre retiré de l'instance."))
    return redirect("governance:instance", convention.slug, instance.pk)


MEETING_FIELDS = ("instance", "title", "starts_at", "ends_at", "place", "video_url", "agenda")


@convention_view(perms.can_manage_governance)
def meeting_form(request, convention, pk=None):
    meeting = get_object_or_404(Meeting, convention=convention, pk=pk) if pk else None
    initial = {}
    if not meeting and request.GET.get("instance"):
        initial["instance"] = request.GET["instance"]
    form = MeetingForm(
        request.POST or None, instance=meeting, initial=initial, convention=convention
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in MEETING_FIELDS}
        saved = True
        try:
            if meeting:
                saved = save_or_refuse(
                    request,
                    form,
                    lambda: services.update_meeting(
                        meeting=meeting, expected_version=form.expected_version, **fields
                    ),
                )
            else:
                meeting = services.schedule_meeting(**fields, invite_members=True)
        except ValidationError as error:
            _form_errors_from(form, error)
        if saved and not form.errors:
            messages.success(
                request, _("La réunion « %(title)s » est enregistrée.") % {"title": meeting}
            )
            return redirect("governance:meeting", convention.slug, meeting.pk)
    return page(
        request,
        convention,
        "governance/form_page.html",
        form=form,
        title=_("Modifier la réunion") if meeting else _("Nouvelle réunion"),
        intro=_("Les membres de l'instance sont invités automatiquement."),
        back=reverse("governance:index", args=[convention.slug]),
    )


def _minutes_initial(meeting) -> dict:
    return {"minutes": meeting.minutes, "version": meeting.version}


def _meeting_page(request, convention, meeting, **forms):
    forms.setdefault("invite_form", InvitationForm(convention=convention))
    forms.setdefault("attendance_form", AttendanceForm(convention=convention))
    forms.setdefault("decision_form", DecisionForm(convention=convention))
    forms.setdefault("minutes_form", MinutesForm(initial=_minutes_initial(meeting)))
    forms.setdefault("document_form", MeetingDocumentForm())
    return page(
        request,
        convention,
        "governance/meeting_detail.html",
        meeting=meeting,
        invitations=meeting.invitations.select_related("organisation", "contact"),
        attendance_counts=[
            (label, meeting.invitations.filter(attendance=value).count())
            for value, label in AttendanceStatus.choices
            if value
        ],
        decisions=meeting.decisions.select_related(
            "owner_organisation", "owner_contact"
        ).prefetch_related("actions", "nodes", "changes__author"),
        **forms,
    )


@convention_view(perms.can_view_governance)
def meeting_detail(request, convention, pk):
    meeting = get_object_or_404(
        Meeting.objects.select_related("instance"), convention=convention, pk=pk
    )
    return _meeting_page(request, convention, meeting)


@require_POST
@convention_view(perms.can_manage_governance)
def meeting_minutes(request, convention, pk):
    meeting = get_object_or_404(Meeting, convention=convention, pk=pk)
    form = MinutesForm(request.POST, initial=_minutes_initial(meeting))
    if form.is_valid() and save_or_refuse(
        request,
        form,
        lambda: services.save_minutes(
            meeting=meeting,
            html=form.cleaned_data["minutes"],
            expected_version=form.expected_version,
        ),
    ):
        messages.success(request, _("Compte rendu enregistré."))
        return redirect("governance:meeting", convention.slug, meeting.pk)
    return _meeting_page(request, convention, meeting, minutes_form=form)


@require_POST
@convention_view(perms.can_manage_governance)
def meeting_document(request, convention, pk):
    meeting = get_object_or_404(Meeting, convention=convention, pk=pk)
    form = MeetingDocumentForm(request.POST)
    if form.is_valid():
        services.add_meeting_document(meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Document ajouté."))
        return redirect("governance:meeting", convention.slug, meeting.pk)
    return _meeting_page(request, convention, meeting, document_form=form)


@require_POST
@convention_view(perms.can_manage_governance)
def meeting_invite(request, convention, pk):
    meeting = get_object_or_404(Meeting, convention=convention, pk=pk)
    form = InvitationForm(request.POST, convention=convention)
    if form.is_valid():
        try:
            services.invite(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Invitation ajoutée."))
            return redirect("governance:meeting", convention.slug, meeting.pk)
    return _meeting_page(request, convention, meeting, invite_form=form)


@require_POST
@convention_view(perms.can_manage_governance)
def meeting_attendance(request, convention, pk):
    meeting = get_object_or_404(Meeting, convention=convention, pk=pk)
    form = AttendanceForm(request.POST, convention=convention)
    if form.is_valid():
        try:
            services.record_attendance(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("Présence enregistrée."))
            return redirect("governance:meeting", convention.slug, meeting.pk)
    return _meeting_page(request, convention, meeting, attendance_form=form)


@require_POST
@convention_view(perms.can_manage_governance)
def meeting_send(request, convention, pk):
    meeting = get_object_or_404(Meeting, convention=convention, pk=pk)
    sent = services.send_invitations(
        meeting=meeting,
        feed_url_for=lambda token: request.build_absolute_uri(
            reverse("governance:personal_feed", args=[convention.slug, token])
        ),
        meeting_url=request.build_absolute_uri(
            reverse("governance:meeting", args=[convention.slug, meeting.pk])
        ),
    )
    if sent:
        messages.success(
            request,
            _("%(n)s invitation(s) envoyée(s) par courriel, avec le rendez-vous en pièce jointe.")
            % {"n": sent},
        )
    else:
        messages.warning(
            request,
            _("Aucune invitation envoyée : aucune personne invitée n'a d'adresse électronique."),
        )
    return redirect("governance:meeting", convention.slug, meeting.pk)


@require_POST
@convention_view(perms.can_manage_governance)
def decision_create(request, convention, pk):
    meeting = get_object_or_404(Meeting, convention=convention, pk=pk)
    form = DecisionForm(request.POST, convention=convention)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_decision(
                meeting=meeting,
                text=data["text"],
                owner_organisation=data["owner_organisation"],
                owner_contact=data["owner_contact"],
                due_on=data["due_on"],
                actions=data["actions"],
                nodes=data["nodes"],
                by=request.user,
            )
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(
                request, _("Décision enregistrée ; elle sera suivie jusqu'à sa réalisation.")
            )
            return redirect("governance:meeting", convention.slug, meeting.pk)
    return _meeting_page(request, convention, meeting, decision_form=form)


@convention_view(perms.can_view_governance)
def decision_list(request, convention):
    show = request.GET.get("afficher", "ouvertes")
    decisions = Decision.objects.filter(convention=convention)
    if show != "toutes":
        decisions = decisions.open()
    return page(
        request,
        convention,
        "governance/decisions.html",
        decisions=decisions.for_list().prefetch_related("actions", "nodes"),
        show=show,
        follow_form=DecisionFollowForm(),
    )


@require_POST
@convention_view(perms.can_manage_governance)
def decision_follow(request, convention, pk):
    decision = get_object_or_404(Decision, convention=convention, pk=pk)
    form = DecisionFollowForm(request.POST)
    if form.is_valid():
        try:
            services.follow_decision(
                decision=decision,
                status=form.cleaned_data["status"],
                done_on=form.cleaned_data["done_on"],
                expected_version=form.expected_version,
                by=request.user,
            )
        except StaleEdit:
            messages.error(request, STALE_SHORT_MESSAGE)
        else:
            messages.success(request, _("Suivi de la décision mis à jour."))
    else:
        messages.error(request, _("Suivi non enregistré : %(e)s") % {"e": form.errors.as_text()})
    next_url = request.POST.get("next", "")
    if next_url.startswith(f"/ctg/{convention.slug}/"):
        return redirect(next_url)
    return redirect("governance:decisions", convention.slug)
