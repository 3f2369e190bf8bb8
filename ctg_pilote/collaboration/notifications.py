"""Sending notifications by e-mail, in batches: one e-mail per person with everything new
since the last sending, a signed link to unsubscribe, and an address that fails never stops
the others (its notifications stay pending and are tried again next time).

`send_pending_notifications()` is a plain function so that a scheduler or a job queue can run
it; `ctg send_notifications` runs it once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import EmailOptOut, Notification, Reason, Verb

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "ctg_pilote.collaboration.unsubscribe"


@dataclass
class SendingReport:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_id_of_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def _line(notification: Notification, base_url: str) -> str:
    activity = notification.activity
    who = str(activity.actor) if activity.actor else _("Quelqu'un")
    if notification.reason == Reason.MENTION:
        what = _("%(who)s vous a mentionné·e — %(target)s")
    else:
        what = _("%(who)s %(verb)s — %(target)s")
    text = what % {
        "who": who,
        "verb": activity.get_verb_display(),
        "target": activity.target_label,
    }
    lines = [f"- [{activity.convention.name}] {text}"]
    if activity.excerpt and activity.verb == Verb.UPDATED:
        lines.append("  " + _("Modifié : %(what)s") % {"what": activity.excerpt[:200]})
    elif activity.excerpt:
        lines.append(f"  « {activity.excerpt[:200]} »")
    lines.append(f"  {base_url}{activity.target_url}")
    return "\n".join(lines)


def _body(user, notifications, base_url: str) -> str:
    lines = [_("Du nouveau dans vos CTG :"), ""]
    lines += [_line(n, base_url) for n in notifications]
    link = base_url + reverse("collaboration:unsubscribe", args=[unsubscribe_token(user)])
    lines += ["", _("Pour ne plus recevoir ces messages : %(link)s") % {"link": link}]
    return "\n".join(lines)


def send_pending_notifications(*, base_url: str = "") -> SendingReport:
    """E-mail every pending notification, one message per person."""
    report = SendingReport()
    opted_out = EmailOptOut.objects.values("user_id")
    pending = (
        Notification.objects.filter(emailed_at__isnull=True)
        .exclude(user_id__in=opted_out)
        .select_related("user", "activity__actor", "activity__convention")
        .order_by("user_id", "created_at")
    )
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.user].append(notification)
    for user, notifications in by_user.items():
        ids = [n.pk for n in notifications]
        if not user.email or not user.is_active:
            continue
        subject = _("%(n)d nouveauté(s) dans vos CTG") % {"n": len(notifications)}
        try:
            send_mail(
                subject,
                _body(user, notifications, base_url),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
        except Exception as error:  # one address refused must not stop the others
            logger.warning("Notification e-mail to user %s failed: %s", user.pk, error)
            Notification.objects.filter(pk__in=ids).update(last_error=str(error)[:300])
            report.failed.append(user.email)
            continue
        Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now(), last_error="")
        report.sent.append(user.email)
    return report
