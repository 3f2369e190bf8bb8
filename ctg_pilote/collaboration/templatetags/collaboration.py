"""`{% comments_for obj %}`: the comments of an action, decision or block of findings, the form
to add one and the « suivre » button, placed by the pages of other apps."""

from django import template

from ctg_pilote.collaboration import perms
from ctg_pilote.collaboration.forms import CommentForm
from ctg_pilote.collaboration.models import Comment
from ctg_pilote.collaboration.services import is_following
from ctg_pilote.collaboration.targets import content_type_of, kind_of

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
