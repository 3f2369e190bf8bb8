"""The fiche action's form in sections people can fill one after the other."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass
class Section:
    key: str  # its anchor in the page
    title: str
    fields: tuple[str, ...]
    formsets: tuple[str, ...] = ()
    bound: list = field(default_factory=list)


# Each field of ACTION_FIELDS in one section; a field declared later and named nowhere here
# lands in the first section, so the form always shows every declared field.
ACTION_SECTIONS = (
    Section(
        "identite",
        _("Identité"),
        (
            "number",
            "node",
            "title",
            "thematiques",
            "is_priority",
            "priority_rank",
            "constat",
            "objectives",
            "description",
        ),
    ),
    Section(
        "publics",
        _("Pour qui, où"),
        ("age_bands", "publics", "whole_territory", "zones", "communes"),
    ),
    Section(
        "qui",
        _("Qui"),
        (
            "pilot",
            "pilot_person",
            "human_means",
            "material_means",
            "linked_schemes",
            "participation",
        ),
        formsets=("partners",),
    ),
    Section(
        "quand",
        _("Quand"),
        ("start_date", "end_date", "status", "progress"),
        formsets=("milestones",),
    ),
    Section("budget", _("Budget"), (), formsets=("budget",)),
)


def action_sections(form) -> list[Section]:
    """The sections with their bound fields, in order (`effective_on` stays out: it closes
    the form)."""
    placed = {name for s in ACTION_SECTIONS for name in s.fields} | {"effective_on"}
    sections = [
        Section(
            s.key, s.title, s.fields, s.formsets, [form[n] for n in s.fields if n in form.fields]
        )
        for s in ACTION_SECTIONS
    ]
    sections[0].bound += [form[n] for n in form.fields if n not in placed]
    return sections
