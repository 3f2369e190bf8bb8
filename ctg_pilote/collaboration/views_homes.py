"""Each role's home: a partner's « Mes actions » (what they pilot or join, what is due), and
« À faire » for the coordination and the CAF (what needs attention in each of their CTGs)."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from ctg_pilote.conventions.models import Convention, Membership, Role
from ctg_pilote.conventions.perms import EDITOR_ROLES, role_in
from ctg_pilote.governance.models import Decision, Meeting
from ctg_pilote.pilotage.adoption import deadline_warnings_of
from ctg_pilote.plan.models import Action

SOON = datetime.timedelta(days=45)


def partner_actions(user):
    """The actions of the organisations the person represents as a partner: (action, piloted)."""
    memberships = Membership.objects.filter(
        user=user, role=Role.PARTENAIRE, organisation__isnull=False
    ).values_list("convention_id", "organisation_id")
    condition = Q(pk__in=[])
    for convention_id, organisation_id in memberships:
        condition |= Q(convention_id=convention_id) & (
            Q(pilot_id=organisation_id) | Q(partner_roles__organisation_id=organisation_id)
        )
    organisations = {org for _c, org in memberships}
    actions = (
        Action.objects.filter(condition)
        .distinct()
        .select_related("convention", "pilot")
        .prefetch_related("milestones")
        .order_by("convention__name", "node__sort_key", "position", "pk")
    )
    return [(a, a.pilot_id in organisations) for a in actions]


def _next_milestone(action, today):
    due = [m for m in action.milestones.all() if not m.done and m.date and m.date >= today]
    return min(due, key=lambda m: m.date) if due else None


@login_required
def my_actions(request):
    today = timezone.localdate()
    late_ids = set(Action.objects.late(today).values_list("pk", flat=True))
    rows, conventions = [], {}
    for action, piloted in partner_actions(request.user):
        conventions[action.convention_id] = action.convention
        rows.append(
            {
                "action": action,
                "piloted": piloted,
                "late": action.pk in late_ids,
                "ends_soon": bool(action.end_date and today <= action.end_date <= today + SOON),
                "milestone": _next_milestone(action, today),
            }
        )
    return render(
        request,
        "collaboration/my_actions.html",
        {"rows": rows, "conventions": conventions.values(), "today": today},
    )


@login_required
def todo(request):
    """What needs attention in each CTG the person coordinates or follows for the CAF."""
    today = timezone.localdate()
    user = request.user
    conventions = [
        c
        for c in Convention.objects.for_user(user).select_related("caf_departement", "epci")
        if role_in(user, c) in EDITOR_ROLES
    ]
    warnings = deadline_warnings_of(conventions, today=today)
    blocks = []
    for convention in conventions:
        actions = Action.objects.filter(convention=convention).select_related("pilot")
        block = {
            "convention": convention,
            "role": role_in(user, convention),
            "late": list(actions.late(today).order_by("end_date")[:10]),
            "stale": list(actions.stale(today).order_by("node__sort_key", "position")[:10]),
            "meetings": list(
                Meeting.objects.filter(convention=convention)
                .to_confirm()
                .order_by("starts_at")[:10]
            ),
            "decisions": list(
                Decision.objects.filter(convention=convention).late(today).order_by("due_on")[:10]
            ),
            "warnings": warnings.get(convention.pk, []),
        }
        block["empty"] = not any(
            block[k] for k in ("late", "stale", "meetings", "decisions", "warnings")
        )
        blocks.append(block)
    blocks.sort(key=lambda b: (b["empty"], b["convention"].name))
    return render(request, "collaboration/todo.html", {"blocks": blocks, "today": today})
