"""`{% comments_for obj %}`: the comments of an action, decision or block of findings, the form
to add one and the « suivre » button, placed by the pages of other apps; `{% first_steps ctg %}`,
the checklist of a CTG's home; `{% with_attention rows as rows %}`, « Mes CTG »'s attention
columns."""

from django import template
from django.db.models import Count
from django.utils import timezone

from ctg_pilote.collaboration import perms
from ctg_pilote.collaboration.first_steps import checklist
from ctg_pilote.collaboration.forms import CommentForm
from ctg_pilote.collaboration.models import Comment
from ctg_pilote.collaboration.services import is_following
from ctg_pilote.collaboration.targets import content_type_of, kind_of
from ctg_pilote.conventions.perms import EDITOR_ROLES, can_edit, role_in
from ctg_pilote.pilotage.adoption import deadline_warnings_of
from ctg_pilote.plan.models import Action

register = template.Library()


@register.inclusion_tag("collaboration/thread.html", takes_context=True)
def comments_for(context, obj, compact=False):
    user = context["request"].user
    convention = obj.convention
    comments = list(
        Comment.objects.filter(content_type=content_type_of(obj), object_id=obj.pk)
        .select_related("author")
        .prefetch_related("mentions")
    )
    for comment in comments:
        comment.mine = comment.author_id == user.pk
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "convention": convention,
        "obj": obj,
        "kind": kind_of(obj).key,
        "comments": comments,
        "can_comment": perms.can_comment(user, convention),
        "following": is_following(target=obj, user=user) if user.is_authenticated else False,
        "form": CommentForm(auto_id=f"commentaire_{kind_of(obj).key}_{obj.pk}_%s"),
        "compact": compact,
    }


@register.inclusion_tag("collaboration/checklist.html", takes_context=True)
def first_steps(context, convention):
    """The « Premiers pas » checklist of a CTG's home, for those who edit it, until every step
    is done."""
    user = context["request"].user
    steps = checklist(convention) if can_edit(user, convention) else []
    return {"steps": steps if not all(s.done for s in steps) else []}


@register.simple_tag(takes_context=True)
def with_attention(context, rows):
    """« Mes CTG »'s rows (convention, membership) with what needs attention in the CTGs the
    person coordinates or follows for the CAF: the number of late actions, the yearly bilan
    not adopted, the end of the convention ahead. None for the other CTGs."""
    user = context["request"].user
    today = timezone.localdate()
    watched = [c for c, _m in rows if role_in(user, c) in EDITOR_ROLES]
    late = dict(
        Action.objects.filter(convention__in=watched)
        .late(today)
        .values("convention")
        .annotate(n=Count("pk"))
        .values_list("convention", "n")
    )
    warnings = deadline_warnings_of(watched, today=today)
    ids = {c.pk for c in watched}
    result = []
    for convention, membership in rows:
        attention = None
        if convention.pk in ids:
            found = warnings.get(convention.pk, [])
            attention = {
                "late": late.get(convention.pk, 0),
                "bilan": next((w for w in found if w.bilan_year), None),
                "end": next((w for w in found if w.level == "warning"), None),
            }
        result.append((convention, membership, attention))
    return result
