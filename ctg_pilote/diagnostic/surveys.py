"""Family surveys: detecting question types from an export, frequencies and cross-tabs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ctg_pilote.core.text import sort_key, whole_number

from .layouts import normalise
from .models import QuestionKind, Survey, SurveyQuestion

IGNORED_COLUMNS = {"horodateur", "timestamp", "date", "id", "identifiant", "numero", "n"}
MULTIPLE_SEPARATOR = ";"
MAX_SCALE = 10
TEXT_HINTS = ("remarque", "commentaire", "precise", "pourquoi", "suggestion", "besoin", "autre")


def detect_kind(header: str, values: list[str]) -> str:
    """The question type from its header and answers, as survey tools export them."""
    answered = [v.strip() for v in values if v.strip()]
    if "commune" in normalise(header):
        return QuestionKind.COMMUNE
    if any(MULTIPLE_SEPARATOR in v for v in answered):
        return QuestionKind.MULTIPLE
    if answered and all(whole_number(v, maximum=MAX_SCALE) is not None for v in answered):
        return QuestionKind.SCALE
    if any(word in normalise(header) for word in TEXT_HINTS):
        return QuestionKind.TEXT
    counts = Counter(answered)
    repeated = any(n > 1 for n in counts.values())
    if repeated and len(counts) <= max(8, len(answered) // 5) and max(map(len, counts)) < 80:
        return QuestionKind.SINGLE
    return QuestionKind.TEXT


def split_answer(kind: str, text: str):
    text = text.strip()
    if not text:
        return None
    if kind == QuestionKind.MULTIPLE:
        return [part.strip() for part in text.split(MULTIPLE_SEPARATOR) if part.strip()]
    if kind == QuestionKind.SCALE:
        return int(text)
    return text


@dataclass
class Frequency:
    label: str
    count: int
    percent: float


def answer_of(response, question: SurveyQuestion):
    """The answer of one respondent; the commune of residence is resolved to its name."""
    if question.kind == QuestionKind.COMMUNE:
        return response.commune.name if response.commune else None
    return response.answers.get(question.code)


def _answers(survey: Survey, question: SurveyQuestion):
    for response in survey.responses.select_related("commune"):
        yield response, answer_of(response, question)


def frequencies(survey: Survey, question: SurveyQuestion) -> list[Frequency]:
    """Count of each answer; percentages of the respondents who answered (a multiple-choice
    question can sum to more than 100 %). Free text: no frequencies."""
    if question.kind == QuestionKind.TEXT:
        return []
    counter: Counter = Counter()
    answered = 0
    for _, value in _answers(survey, question):
        if value in (None, "", []):
            continue
        answered += 1
        for item in value if isinstance(value, list) else [value]:
            counter[str(item)] += 1
    order = [str(c) for c in question.choices] or sorted(counter, key=sort_key)
    order += [k for k in sorted(counter, key=sort_key) if k not in order]
    return [
        Frequency(label, counter[label], counter[label] / answered * 100 if answered else 0)
        for label in order
        if counter[label]
    ]


def _group_of(response, by: str, zone_of: dict, questions: dict) -> list[str]:
    if by == "commune":
        return [response.commune.name if response.commune else "—"]
    if by == "zone":
        return [zone_of.get(response.commune_id, "Hors zone") if response.commune_id else "—"]
    value = response.answers.get(by)
    if value in (None, "", []):
        return ["—"]
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def cross_tab(survey: Survey, question: SurveyQuestion, by: str):
    """(groups, rows): answers of `question` by commune, zone or another question's answer
    (e.g. the children's age). Each row: (answer, [count per group])."""
    if question.kind == QuestionKind.TEXT or by == question.code:
        return None
    from ctg_pilote.conventions.models import ZoneCommune

    zone_of = dict(
        ZoneCommune.objects.filter(convention=survey.convention).values_list(
            "commune_id", "zone__name"
        )
    )
    questions = {q.code: q for q in survey.questions.all()}
    if by not in ("commune", "zone") and by not in questions:
        return None
    table: dict[str, Counter] = {}
    for response in survey.responses.select_related("commune"):
        value = answer_of(response, question)
        if value in (None, "", []):
            continue
        for group in _group_of(response, by, zone_of, questions):
            for item in value if isinstance(value, list) else [value]:
                table.setdefault(str(item), Counter())[group] += 1
    found = {g for counter in table.values() for g in counter}
    order = [str(c) for c in questions[by].choices] if by in questions else []
    groups = [g for g in order if g in found] + sorted(found - set(order), key=sort_key)
    answers = [str(c) for c in question.choices if str(c) in table]
    answers += sorted(set(table) - set(answers), key=sort_key)
    rows = [(answer, [table[answer][g] for g in groups]) for answer in answers]
    return groups, rows


def search_text_answers(survey: Survey, query: str) -> list[tuple[SurveyQuestion, object, str]]:
    """Free-text answers containing `query` (case and accents ignored)."""
    needle = normalise(query)
    texts = [q for q in survey.questions.all() if q.kind == QuestionKind.TEXT]
    found = []
    for response in survey.responses.select_related("commune"):
        for question in texts:
            text = response.answers.get(question.code) or ""
            if needle and needle in normalise(text):
                found.append((question, response, text))
    return found
