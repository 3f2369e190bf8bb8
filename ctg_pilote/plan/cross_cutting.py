"""The one write route of the enjeux transversaux (page forms; the exchange document replaces
them all in `exchange.write_cross_cutting_issues`)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from ctg_pilote.core.versioning import save_versioned

from .models import CrossCuttingIssue


def _free_ref(convention, title: str) -> str:
    base = (slugify(title) or "enjeu")[:30].strip("-") or "enjeu"
    taken = set(
        CrossCuttingIssue.objects.filter(convention=convention).values_list("ref", flat=True)
    )
    ref, k = base, 2
    while ref in taken:
        ref, k = f"{base}-{k}", k + 1
    return ref


@transaction.atomic
def save_cross_cutting_issue(
    *,
    convention,
    issue: CrossCuttingIssue | None,
    expected_version: int | None,
    values: dict,
    nodes,
) -> CrossCuttingIssue:
    """Create (`issue` None: last in order, with a ref made from its title) or edit an enjeu
    transversal and the elements of the plan it crosses; an edit from an older version than
    the saved one is refused (StaleEdit)."""
    if issue is None:
        last = CrossCuttingIssue.objects.filter(convention=convention).order_by("-position")
        issue = CrossCuttingIssue(
            convention=convention,
            position=(last.first().position + 1) if last.exists() else 1,
            ref=_free_ref(convention, values.get("title", "")),
            version=1,
        )
        for name, value in values.items():
            setattr(issue, name, value)
        issue.full_clean(exclude=["convention", "version"])
        issue.save()
    else:
        for name, value in values.items():
            setattr(issue, name, value)
        issue.full_clean(exclude=["convention", "version"])
        save_versioned(issue, expected_version=expected_version)
    issue.nodes.set(nodes)
    return issue


def delete_cross_cutting_issue(*, issue: CrossCuttingIssue) -> None:
    issue.delete()
