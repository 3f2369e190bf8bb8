"""The weekly digest: each pilot of a late action and the coordination get one e-mail per CTG."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ctg_pilote.conventions.models import Convention, Membership, Role

from .models import DigestOptOut

logger = logging.getLogger(__name__)


@dataclass
class DigestReport:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _body(convention, actions, base_url: str) -> str:
    lines = [_("Actions en retard ou sans suivi récent — %(ctg)s :") % {"ctg": convention.name}]
    lines += [f"- {a}" for a in actions]
    link = base_url + reverse("pilotage:digest", args=[convention.slug])
    lines += ["", _("Pour ne plus recevoir ce rappel : %(link)s") % {"link": link}]
    return "\n".join(lines)


def send_digests(*, today=None, base_url: str = "") -> DigestReport:
    today = today or timezone.localdate()
    report = DigestReport()
    for convention in Convention.objects.order_by("slug"):
        late = list(
            convention.plan_actions.late_or_stale(today).select_related("pilot").order_by("number")
        )
        if not late:
            continue
        opted_out = set(
            DigestOptOut.objects.filter(convention=convention).values_list("user_id", flat=True)
        )
        members = list(
            Membership.objects.filter(convention=convention)
            .filter(Q(role=Role.COORDINATEUR) | Q(organisation__isnull=False))
            .select_related("user", "organisation")
        )
        recipients: dict = defaultdict(list)
        for m in members:
            if m.role == Role.COORDINATEUR:
                recipients[m.user].extend(late)
        by_pilot = defaultdict(list)
        for action in late:
            by_pilot[action.pilot_id].append(action)
        for pilot_id, actions in by_pilot.items():
            if pilot_id is None:
                continue
            people = [
                m.user
                for m in members
                if m.organisation_id == pilot_id and m.role == Role.PARTENAIRE
            ]
            if not people:
                report.problems.append(
                    _(
                        "%(ctg)s : le pilote « %(org)s » n'a aucun compte avec une adresse "
                        "électronique."
                    )
                    % {"ctg": convention.slug, "org": actions[0].pilot.name}
                )
            for user in people:
                recipients[user].extend(a for a in actions if a not in recipients[user])
        for user, actions in recipients.items():
            if user.pk in opted_out:
                report.skipped.append(f"{convention.slug} : {user.email}")
                continue
            if not user.email:
                report.problems.append(
                    _("%(ctg)s : une personne sans adresse électronique n'a pas reçu le rappel.")
                    % {"ctg": convention.slug}
                )
                continue
            try:
                send_mail(
                    _("Rappel hebdomadaire — %(ctg)s") % {"ctg": convention.name},
                    _body(convention, actions, base_url),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
            except Exception as error:  # one refused address must not stop the other CTGs
                logger.warning("Digest e-mail to user %s failed: %s", user.pk, error)
                report.problems.append(
                    _("%(ctg)s : le rappel à %(email)s n'a pas pu partir (%(error)s).")
                    % {"ctg": convention.slug, "email": user.email, "error": error}
                )
                continue
            report.sent.append(f"{convention.slug} : {user.email}")
    return report
