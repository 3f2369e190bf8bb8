"""Comments, follows and the activity feed of a CTG, and the unsubscribe link of e-mails."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view, requires

from . import perms, services
from .forms import CommentForm
from .models import Activity, Comment, EmailOptOut
from .notifications import user_id_of_token
from .targets import get_target, kind_of, url_of


def _back(target) -> str:
    return url_of(target) + f"#commentaires-{kind_of(target).key}-{target.pk}"


@convention_view(perms.can_view_activity)
@require_POST
@requires(perms.can_comment)
def comment_add(request, convention, kind, pk):
    target = get_target(convention, kind, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Commentaire : %(e)s") % {"e": " ".join(form.errors["text"])})
        return redirect(_back(target))
    try:
        _comment, unknown = services.post_comment(
            convention=convention, target=target, by=request.user, text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(target))
    messages.success(request, _("Commentaire publié."))
    if unknown:
        messages.warning(
            request,
            _(
                "Personne de cette CTG ne répond à : %(names)s ; ces mentions n'ont prévenu personne."
            )
            % {"names": ", ".join(f"@{n}" for n in unknown)},
        )
    return redirect(_back(target))


def _comment_of(convention, pk):
    return get_object_or_404(
        Comment.objects.select_related("convention"), convention=convention, pk=pk
    )


@convention_view(perms.can_view_activity)
@requires(perms.can_change_comment, _comment_of)
def comment_edit(request, convention, comment):
    form = CommentForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        services.edit_comment(comment=comment, text=form.cleaned_data["text"])
        messages.success(request, _("Commentaire modifié."))
        return redirect(_back(comment.target))
    return render(
        request,
        "collaboration/comment_form.html",
        {"convention": convention, "comment": comment, "form": form, "back": _back(comment.target)},
    )


@convention_view(perms.can_view_activity)
@require_POST
@requires(perms.can_change_comment, _comment_of)
def comment_delete(request, convention, comment):
    back = _back(comment.target)
    services.delete_comment(comment=comment)
    messages.success(request, _("Commentaire supprimé."))
    return redirect(back)


@convention_view(perms.can_view_activity)
@require_POST
def follow_toggle(request, convention, kind, pk):
    target = get_target(convention, kind, pk)
    if services.is_following(target=target, user=request.user):
        services.unfollow(target=target, user=request.user)
        messages.success(request, _("Vous ne suivez plus cet objet."))
    else:
        services.follow(convention=convention, target=target, user=request.user)
        messages.success(request, _("Vous suivez cet objet : chaque nouveauté vous sera signalée."))
    return redirect(_back(target))


@convention_view(perms.can_view_activity)
def feed(request, convention):
    activities = (
        Activity.objects.filter(convention=convention)
        .select_related("actor")
        .prefetch_related("notifications")
    )
    page = Paginator(activities, 30).get_page(request.GET.get("page"))
    for activity in page:
        activity.for_me = any(
            n.user_id == request.user.pk and n.reason == "mention"
            for n in activity.notifications.all()
        )
    return render(request, "collaboration/feed.html", {"convention": convention, "page": page})


def unsubscribe(request, token):
    """No sign-in: the signed link of the e-mail is the proof. A GET only asks (mail scanners
    open links); the button posts."""
    user_id = user_id_of_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        raise Http404(_("Ce lien de désinscription n'est pas valable."))
    done = False
    if request.method == "POST":
        EmailOptOut.objects.get_or_create(user=user)
        done = True
    return render(request, "collaboration/unsubscribe.html", {"done": done, "email": user.email})
