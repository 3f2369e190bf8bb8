"""Writes of the diagnostic: survey import, and the exchange section's replacement of data."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.db import transaction

from ctg_pilote.core.text import sort_key
from ctg_pilote.core.versioning import save_versioned

from .layouts import normalise
from .models import QuestionKind, Survey, SurveyQuestion, SurveyResponse
from .readers import ReadError, read_table
from .surveys import IGNORED_COLUMNS, detect_kind, split_answer


class SurveyImportError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _unique_code(header: str, taken: set[str]) -> str:
    base = normalise(header)[:50] or "question"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    taken.add(code)
    return code


@transaction.atomic
def import_survey(
    *,
    convention,
    upload,
    title: str,
    year: int,
    source: str,
    families_reached: int | None = None,
    fictitious: bool = False,
) -> Survey:
    """Create a survey from an export (one row per respondent). All or nothing."""
    if convention.surveys.filter(title=title).exists():
        raise SurveyImportError([f"une enquête « {title} » existe déjà dans cette CTG"])
    suffix = Path(getattr(upload, "name", "") or "reponses.csv").suffix or ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        try:
            table = read_table(Path(handle.name), upload=True, name=getattr(upload, "name", ""))
            rows = list(table.rows)
        except ReadError as error:
            raise SurveyImportError([str(error)]) from error
    if not rows:
        raise SurveyImportError(["aucune réponse dans le fichier"])
    communes = {}
    for commune in convention.communes.all():
        communes[normalise(commune.name)] = commune
        communes[commune.code] = commune
    survey = Survey.objects.create(
        convention=convention,
        title=title,
        year=year,
        source=source,
        families_reached=families_reached,
        is_fictitious=fictitious,
    )
    taken: set[str] = set()
    columns = []
    problems = []
    for index, header in enumerate(table.header):
        if not header or normalise(header) in IGNORED_COLUMNS:
            continue
        values = [cells[index] if index < len(cells) else "" for _, cells in rows]
        kind = detect_kind(header, values)
        choices = []
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            seen = set()
            for value in values:
                for item in split_answer(kind, value) or []:
                    seen.add(item)
            choices = sorted(seen, key=sort_key)
        elif kind == QuestionKind.SCALE:
            numbers = [int(v) for v in values if v.strip()]
            choices = list(range(min(numbers), max(numbers) + 1)) if numbers else []
        question = SurveyQuestion.objects.create(
            survey=survey,
            code=_unique_code(header, taken),
            text=header[:500],
            kind=kind,
            choices=choices,
            position=len(columns),
        )
        columns.append((index, question))
    commune_column = next((c for c in columns if c[1].kind == QuestionKind.COMMUNE), None)
    responses = []
    for number, (line, cells) in enumerate(rows, start=1):
        answers = {}
        commune = None
        for index, question in columns:
            text = cells[index] if index < len(cells) else ""
            value = split_answer(question.kind, text)
            if value is not None:
                answers[question.code] = value
        if commune_column is not None:
            text = cells[commune_column[0]] if commune_column[0] < len(cells) else ""
            if text.strip():
                commune = communes.get(normalise(text)) or communes.get(text.strip())
                if commune is None:
                    problems.append(
                        f"ligne {line}, colonne {commune_column[1].text} : « {text.strip()} » "
                        "n'est pas une commune de la CTG"
                    )
        responses.append(
            SurveyResponse(survey=survey, number=number, commune=commune, answers=answers)
        )
    if problems:
        transaction.set_rollback(True)
        raise SurveyImportError(problems[:50])
    SurveyResponse.objects.bulk_create(responses)
    return survey


def ensure_population_values(*, vintage) -> int:
    """Official populations of the geography vintage (Commune.population) as values of the
    "population" indicator for the vintage's year, so every portrait has them. Idempotent:
    does nothing once that vintage's populations are there. Returns the rows written."""
    from ctg_pilote.territories.models import Commune

    from .catalogue import ensure_catalogue
    from .models import Dataset, Indicator, IndicatorValue
    from .writes import write_values

    indicator = Indicator.objects.filter(code="population").first()
    if indicator is None:
        ensure_catalogue()
        indicator = Indicator.objects.get(code="population")
    if IndicatorValue.objects.filter(
        indicator=indicator, year=vintage.year, dataset__source__startswith=vintage.source
    ).exists():
        return 0
    rows = [
        (indicator.pk, pk, vintage.year, float(population) if population is not None else None)
        for pk, population in Commune.objects.filter(vintage=vintage).values_list(
            "pk", "population"
        )
    ]
    dataset = Dataset.objects.create(
        source=f"{vintage.source} {vintage.source_version}, population municipale",
        vintage=f"millésime {vintage.year}",
    )
    write_values(rows, dataset=dataset)
    return len(rows)


COLLECTIVE_PLACES = ("eaje", "micro-creche")
INDIVIDUAL_PLACES = ("assistants-maternels", "mam")


@transaction.atomic
def feed_offer_places(*, convention, year: int) -> dict[str, float]:
    """Write the places of the CTG's inventory as commune values of "places-eaje"
    (collective) and "places-assmat" (individual) for `year`, so the coverage rate is computed
    from them. Communes of the territory without such an offer get 0: the inventory is taken
    as complete. Returns the territory totals."""
    from .models import Dataset, Indicator
    from .writes import write_values

    indicators = {
        i.code: i for i in Indicator.objects.filter(code__in=["places-eaje", "places-assmat"])
    }
    totals = {}
    rows = []
    dataset = Dataset.objects.create(
        source=f"Inventaire de l'offre, {convention.name}"[:200],
        vintage=str(year),
        is_fictitious=convention.offers.filter(is_fictitious=True).exists(),
    )
    communes = list(convention.communes.values_list("pk", flat=True))
    for code, types in (("places-eaje", COLLECTIVE_PLACES), ("places-assmat", INDIVIDUAL_PLACES)):
        places: dict[int, float] = dict.fromkeys(communes, 0.0)
        for commune_id, count in convention.offers.filter(
            offer_type__code__in=types, commune__isnull=False, places__isnull=False
        ).values_list("commune_id", "places"):
            if commune_id in places:
                places[commune_id] += count
        rows += [(indicators[code].pk, pk, year, value) for pk, value in places.items()]
        totals[code] = sum(places.values())
    write_values(rows, dataset=dataset)
    return totals


def tag_answer(
    *, response, question, thematiques: list[str], expected_version: int | None = None
) -> None:
    """Set the thématiques of one free-text answer (unknown codes are ignored), unless someone
    tagged this response since `expected_version` (StaleEdit)."""
    from ctg_pilote.conventions.models import Thematique

    known = list(
        Thematique.objects.filter(code__in=thematiques)
        .order_by("position")
        .values_list("code", flat=True)
    )
    tags = dict(response.tags)
    if known:
        tags[question.code] = known
    else:
        tags.pop(question.code, None)
    response.tags = tags
    save_versioned(response, expected_version=expected_version, update_fields=["tags"])


# ---- findings and key figures ---------------------------------------------------------------


def _renumber(siblings: list) -> None:
    """Positions 0, 1, 2... in the list's order, saving only what moved."""
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position", "version"])


def _move(siblings: list, obj, offset: int) -> None:
    """Swap `obj` with its neighbour, then renumber."""
    index = next(i for i, s in enumerate(siblings) if s.pk == obj.pk)
    target = index + offset
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    _renumber(siblings)


@transaction.atomic
def move_block(*, block, offset: int) -> None:
    _move(list(block.convention.synthesis_blocks.select_for_update()), block, offset)


@transaction.atomic
def move_item(*, item, offset: int) -> None:
    _move(list(item.block.items.select_for_update()), item, offset)


@transaction.atomic
def delete_block(*, block) -> None:
    """The block and its statements."""
    convention = block.convention
    block.delete()
    _renumber(list(convention.synthesis_blocks.all()))


@transaction.atomic
def delete_item(*, item) -> None:
    block = item.block
    item.delete()
    _renumber(list(block.items.all()))


def delete_key_figure(*, figure) -> None:
    """The findings that cite it lose that citation (a many-to-many row), nothing else."""
    figure.delete()
