"""A meeting's life after it is scheduled: held, postponed, cancelled, or deleted when it was
entered by mistake (each through its service, refusing an edit started before someone's save)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view
from ctg_pilote.core.deletion import DeletionRefused
from ctg_pilote.core.versioning import STALE_SHORT_MESSAGE, StaleEdit, save_or_refuse

from .. import perms, services
from ..forms_meetings import MeetingCancelForm, MeetingHeldForm, MeetingPostponeForm
from ..models import Meeting
from .common import page


def _meeting(convention, pk):
    return get_object_or_404(
        Meeting.objects.select_related("instance"), convention=convention, pk=pk
    )


def _errors_to_form(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
@convention_view(perms.can_manage_governance)
def meeting_held(request, convention, pk):
    meeting = _meeting(convention, pk)
    form = MeetingHeldForm(request.POST)
    if form.is_valid():
        try:
            services.mark_meeting_held(meeting=meeting, expected_version=form.expected_version)
        except StaleEdit:
            messages.error(request, STALE_SHORT_MESSAGE)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("La réunion « %(title)s » est marquée tenue.") % {"title": meeting}
            )
    return redirect("governance:meeting", convention.slug, meeting.pk)


def _status_form_page(request, convention, meeting, form, write, *, title, intro, submit, done):
    """The page of a form that changes the meeting's status: on a valid POST, `write(form)`
    then back to the meeting with the message `done`."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_or_refuse(request, form, lambda: write(form))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            if saved:
                messages.success(request, done)
                return redirect("governance:meeting", convention.slug, meeting.pk)
    return page(
        request,
        convention,
        "governance/form_page.html",
        form=form,
        title=title,
        intro=intro,
        submit_label=submit,
        back=reverse("governance:meeting", args=[convention.slug, meeting.pk]),
        back_label=_("Retour à la réunion"),
    )


@convention_view(perms.can_manage_governance)
def meeting_postpone(request, convention, pk):
    meeting = _meeting(convention, pk)
    form = MeetingPostponeForm(request.POST or None, initial={"version": meeting.version})
    return _status_form_page(
        request,
        convention,
        meeting,
        form,
        lambda f: services.postpone_meeting(
            meeting=meeting,
            expected_version=f.expected_version,
            starts_at=f.cleaned_data["starts_at"],
            ends_at=f.cleaned_data["ends_at"],
        ),
        title=_("Reporter la réunion « %(title)s »") % {"title": meeting},
        intro=_("Prévue le %(date)s. La date d'origine reste affichée avec la nouvelle.")
        % {"date": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M")},
        submit=_("Reporter la réunion"),
        done=_("La réunion est reportée."),
    )


@convention_view(perms.can_manage_governance)
def meeting_cancel(request, convention, pk):
    meeting = _meeting(convention, pk)
    form = MeetingCancelForm(request.POST or None, initial={"version": meeting.version})
    return _status_form_page(
        request,
        convention,
        meeting,
        form,
        lambda f: services.cancel_meeting(
            meeting=meeting, expected_version=f.expected_version, reason=f.cleaned_data["reason"]
        ),
        title=_("Annuler la réunion « %(title)s »") % {"title": meeting},
        intro=_(
            "La réunion reste dans l'historique de l'instance, marquée annulée ; ses "
            "invitations et ses décisions sont gardées."
        ),
        submit=_("Annuler la réunion"),
        done=_("La réunion est annulée."),
    )


@convention_view(perms.can_manage_governance)
def meeting_delete(request, convention, pk):
    """A confirmation page saying what goes with the meeting; the deletion on POST."""
    meeting = _meeting(convention, pk)
    if request.method == "POST":
        try:
            services.delete_meeting(meeting=meeting)
        except DeletionRefused as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect("governance:meeting", convention.slug, meeting.pk)
        messages.success(request, _("La réunion « %(title)s » est supprimée.") % {"title": meeting})
        return redirect("governance:index", convention.slug)
    return page(
        request,
        convention,
        "governance/meeting_delete.html",
        meeting=meeting,
        refusal=services.meeting_deletion_refusal(meeting),
        invitation_count=meeting.invitations.count(),
        document_count=meeting.documents.count(),
        votes=list(meeting.votes.order_by("id")),
    )
