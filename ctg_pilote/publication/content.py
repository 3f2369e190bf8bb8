"""What the public page, its brochure and its open data show, read once for all three.

Only organisations are named: no contact, no person, no e-mail ever leaves this module.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from ctg_pilote.conventions.models import Convention, OrganisationQuality
from ctg_pilote.core.text import sort_key, sorted_fr
from ctg_pilote.diagnostic.findings import blocks_for_page
from ctg_pilote.diagnostic.models import KeyFigure, Offer
from ctg_pilote.diagnostic.portrait import AGE_GROUP, age_chart
from ctg_pilote.governance.models import Instance, KeyDate, PartnerProfile, SchemeLink
from ctg_pilote.plan.models import Action, Level, Node

from .models import ALL_SECTIONS, Publication, PublicSection
from .svg import age_chart_svg, commune_map_svg


def publication_of(convention: Convention) -> Publication:
    """The CTG's publication settings; an unsaved default (nothing published) if none yet."""
    try:
        return convention.publication
    except Publication.DoesNotExist:
        return Publication(convention=convention, sections=list(ALL_SECTIONS))


@dataclass
class OfferRow:
    label: str
    count: int
    places: int | None
    source: str
    year: int | None
    fictif: bool
    category: str = ""  # the group of services it belongs to (Petite enfance...), as a label


@dataclass
class Enjeu:
    number: str
    title: str
    vision: str
    actions: list[Action] = field(default_factory=list)


def signatories(convention: Convention) -> list[str]:
    return sorted_fr(convention.organisations.signatories().values_list("name", flat=True))


def key_figures(convention: Convention) -> list[KeyFigure]:
    """Figures of the whole territory, as the sources state them (the age pyramid apart)."""
    return list(
        convention.key_figures.filter(zone=None, commune=None)
        .exclude(group=AGE_GROUP)
        .order_by("position", "pk")
    )


def offer_by_type(convention: Convention) -> list[OfferRow]:
    """Counts stated by a source; else the listed structures counted by type."""
    counts = convention.offer_counts.select_related("offer_type").order_by(
        "offer_type__position", "offer_type__label"
    )
    rows = [
        OfferRow(
            c.offer_type.label,
            c.count,
            c.places,
            c.source,
            c.year,
            c.is_fictitious,
            c.offer_type.get_category_display(),
        )
        for c in counts
    ]
    if rows:
        return _by_category(rows)
    grouped: OrderedDict[str, OfferRow] = OrderedDict()
    for offer in (
        Offer.objects.filter(convention=convention)
        .select_related("offer_type")
        .order_by("offer_type__position", "offer_type__label")
    ):
        row = grouped.setdefault(
            offer.offer_type.label,
            OfferRow(
                offer.offer_type.label,
                0,
                None,
                offer.source,
                None,
                False,
                offer.offer_type.get_category_display(),
            ),
        )
        row.count += 1
        if offer.places:
            row.places = (row.places or 0) + offer.places
        row.fictif = row.fictif or offer.is_fictitious
    return _by_category(list(grouped.values()))


def _by_category(rows: list[OfferRow]) -> list[OfferRow]:
    """Rows grouped by category (in the order of the first type of each), types kept in order."""
    first: dict[str, int] = {}
    for i, row in enumerate(rows):
        first.setdefault(row.category, i)
    return sorted(rows, key=lambda r: first[r.category])


def enjeux(convention: Convention) -> tuple[str, list[Enjeu]]:
    """The top level of the plan (enjeux, axes...) and its priority actions, in plan order."""
    level = Level.objects.filter(convention=convention, depth=1).first()
    nodes = list(Node.objects.filter(convention=convention).in_tree_order())
    top_of: dict[int, Node] = {}
    result: OrderedDict[int, Enjeu] = OrderedDict()
    for node in nodes:
        top = top_of.get(node.parent_id) if node.parent_id else node
        top_of[node.pk] = top
        if node.parent_id is None:
            result[node.pk] = Enjeu(node.number, node.title, node.vision)
    actions = (
        Action.objects.filter(convention=convention, is_priority=True)
        .select_related("pilot")
        .order_by("node__sort_key", "position", "pk")
    )
    for action in actions:
        top = top_of.get(action.node_id)
        if top is not None:
            result[top.pk].actions.append(action)
    return (level.name if level else _("Enjeu")), list(result.values())


@dataclass
class Objective:
    number: str
    title: str
    depth: int
    description: str


def objectives(convention: Convention) -> list[Objective]:
    """The whole strategic tree (enjeux, axes, objectifs...) in plan order, without actions."""
    return [
        Objective(node.number, node.title, node.depth, node.description)
        for node in Node.objects.filter(convention=convention).in_tree_order()
    ]


@dataclass
class PublicInstance:
    name: str
    kind: str
    role: str
    organisations: list[str]
    composition: list[str]

    @property
    def sitting(self) -> list[str]:
        """Who sits there: categories first ("élus", "habitants"), then organisations."""
        return [*self.composition, *self.organisations]


def instances(convention: Convention) -> list[PublicInstance]:
    """The bodies of the governance: their names, role and who sits there as organisations
    and categories ("élus", "habitants"); never a contact or a person."""
    rows = Instance.objects.filter(convention=convention).prefetch_related("members__organisation")
    result = []
    for instance in rows:
        names = sorted(
            {m.organisation.name for m in instance.members.all()},
            key=sort_key,
        )
        result.append(
            PublicInstance(
                instance.name,
                instance.kind_label or instance.get_kind_display(),
                instance.role,
                names,
                list(getattr(instance, "composition_labels", [])),
            )
        )
    return result


@dataclass
class DateRow:
    label: str
    when: str
    done: bool
    fictif: bool
    source: str


def key_dates(convention: Convention) -> list[DateRow]:
    rows = []
    for item in KeyDate.objects.filter(convention=convention).timeline():
        rows.append(
            DateRow(item.label, item.when_label, item.is_done, item.is_fictitious, item.source)
        )
    return rows


def partners(convention: Convention) -> list[dict]:
    """Organisations taking part (signatories apart), with their activity if described."""
    profiles = dict(
        PartnerProfile.objects.filter(organisation__convention=convention).values_list(
            "organisation_id", "description"
        )
    )
    return [
        {
            "name": org.name,
            "kind": org.get_kind_display(),
            "website": org.website,
            "description": profiles.get(org.pk, ""),
        }
        for org in sorted_fr(
            convention.organisations.exclude(quality=OrganisationQuality.SIGNATORY),
            key=lambda o: o.name,
        )
    ]


def schemes(convention: Convention) -> list[SchemeLink]:
    return list(SchemeLink.objects.filter(convention=convention))


def communes(convention: Convention) -> list:
    rows = convention.communes.only("code", "name", "population")
    return sorted(rows, key=lambda c: sort_key(c.name))


def findings(convention: Convention) -> list:
    """The blocks of the diagnostic's findings that the coordination marked published."""
    return blocks_for_page(convention, published_only=True)


# Sections that are one list read from the CTG: the context key and the function reading it.
LISTED_SECTIONS = {
    PublicSection.FINDINGS: ("findings", findings),
    PublicSection.OBJECTIVES: ("objectives", objectives),
    PublicSection.INSTANCES: ("instances", instances),
    PublicSection.KEY_DATES: ("key_dates", key_dates),
    PublicSection.PARTNERS: ("partners", partners),
    PublicSection.SCHEMES: ("schemes", schemes),
}


def public_content(convention: Convention, *, svg: bool = False) -> dict:
    """Everything the page or the brochure shows; `svg` adds the map and charts as inline SVG."""
    publication = publication_of(convention)
    shown = set(publication.sections)
    content: dict = {
        "convention": convention,
        "publication": publication,
        "sections": [s for s in PublicSection if s.value in shown],
        "signatories": signatories(convention),
        # The description is often typed with hard line breaks: keep only its paragraphs.
        "description_paragraphs": [
            " ".join(part.split()) for part in convention.description.split("\n\n") if part.strip()
        ],
    }
    if PublicSection.TERRITORY in shown:
        content["communes"] = communes(convention)
        content["population"] = sum(c.population or 0 for c in content["communes"])
        if svg:
            content["map_svg"] = commune_map_svg(convention)
    if PublicSection.KEY_FIGURES in shown:
        content["key_figures"] = key_figures(convention)
        content["age_chart"] = age_chart(convention) if convention.key_figures.exists() else None
        if svg and content["age_chart"]:
            content["age_chart_svg"] = age_chart_svg(content["age_chart"])
    if PublicSection.OFFER in shown:
        content["offer"] = offer_by_type(convention)
        stated = {(r.source, r.year) for r in content["offer"]}
        if len(stated) == 1:  # one source for all rows: said once, under the table
            source, year = stated.pop()
            fictif = any(r.fictif for r in content["offer"])
            content["offer_source"] = {"source": source, "year": year, "fictif": fictif}
    if PublicSection.PLAN in shown:
        content["level_name"], content["enjeux"] = enjeux(convention)
        content["follow_up_fictif"] = any(
            a.follow_up_fictitious for e in content["enjeux"] for a in e.actions
        )
    for section, (key, read) in LISTED_SECTIONS.items():
        if section in shown:
            content[key] = read(convention)
    return content


def brochure_context(convention: Convention) -> dict:
    """The public page's content with the map and charts drawn as inline SVG, for the brochure
    (its accessible web version here, its PDF in `reports.brochure`)."""
    context = public_content(convention, svg=True)
    context["generated_on"] = timezone.localdate()
    return context
