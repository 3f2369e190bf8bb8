"""Surveys (`diagnostic.enquetes`) in the exchange document: check, write, export."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from ctg_pilote.core.approxdates import ApproximateDate
from ctg_pilote.exchange.values import put

from .exchange_common import DiagnosticCheck
from .models import Survey, SurveyQuestion, SurveyResponse


def check_surveys(check: DiagnosticCheck, surveys: list[dict]) -> set[tuple[str, str]]:
    """Check the surveys; returns their questions as (survey title, question code)."""
    titles: dict[str, int] = {}
    questions: set[tuple[str, str]] = set()
    for s, survey in enumerate(surveys):
        if survey["titre"] in titles:
            check.add(
                f"enquetes[{s}].titre", f"titre déjà pris par enquetes[{titles[survey['titre']]}]"
            )
        titles.setdefault(survey["titre"], s)
        _check_period(check, f"enquetes[{s}]", survey.get("periode", {}))
        seen: dict[str, int] = {}
        for q, question in enumerate(survey.get("questions", [])):
            if question["code"] in seen:
                check.add(
                    f"enquetes[{s}].questions[{q}].code", f"code « {question['code']} » en double"
                )
            seen.setdefault(question["code"], q)
            questions.add((survey["titre"], question["code"]))
        for r, response in enumerate(survey.get("reponses", [])):
            if "commune" in response:
                check.commune(f"enquetes[{s}].reponses[{r}].commune", response["commune"])
            for code in response["reponses"]:
                if code not in seen:
                    check.add(f"enquetes[{s}].reponses[{r}].reponses.{code}", "question inconnue")
    return questions


def _approximate(value) -> ApproximateDate | None:
    return None if value in (None, "") else ApproximateDate.parse(value)


def _check_period(check: DiagnosticCheck, path: str, period: dict) -> None:
    """Each end readable (the schema's pattern already holds), the end not before the start."""
    dates = {}
    for key in ("debut", "fin"):
        if key in period:
            try:
                dates[key] = ApproximateDate.parse(period[key])
            except ValidationError as error:
                check.add(f"{path}.periode.{key}", " ".join(error.messages))
    if len(dates) == 2 and dates["fin"].end < dates["debut"].start:
        check.add(f"{path}.periode.fin", "la fin de l'enquête précède son début")


def write_surveys(
    surveys: list[dict], convention, communes: dict
) -> tuple[dict[str, Survey], dict[tuple[str, str], SurveyQuestion]]:
    """Create the surveys; returns them by title, and their questions by (survey title,
    question code)."""
    by_title: dict[str, Survey] = {}
    questions: dict[tuple[str, str], SurveyQuestion] = {}
    for data in surveys:
        survey = Survey.objects.create(
            convention=convention,
            title=data["titre"],
            year=data.get("annee"),
            period_start=_approximate(data.get("periode", {}).get("debut")),
            period_end=_approximate(data.get("periode", {}).get("fin")),
            audience=data.get("public", ""),
            source=data.get("source", ""),
            families_reached=data.get("familles_sollicitees"),
            responses_received=data.get("reponses_recues"),
            responses_qualifier=data.get("reponses_qualificatif", ""),
            method=data.get("methode", ""),
            description=data.get("presentation", ""),
            is_fictitious=data.get("fictif", False),
        )
        by_title[survey.title] = survey
        for position, q in enumerate(data.get("questions", [])):
            questions[(survey.title, q["code"])] = SurveyQuestion.objects.create(
                survey=survey,
                code=q["code"],
                text=q["intitule"],
                kind=q["type"],
                choices=q.get("choix", []),
                position=position,
            )
        SurveyResponse.objects.bulk_create(
            SurveyResponse(
                survey=survey,
                number=number,
                commune=communes.get(r.get("commune", "")),
                answers=r["reponses"],
                tags=r.get("themes", {}),
            )
            for number, r in enumerate(data.get("reponses", []), start=1)
        )
    return by_title, questions


def export_surveys(convention) -> list[dict[str, Any]]:
    surveys = []
    for survey in convention.surveys.order_by("pk").prefetch_related("questions"):
        entry: dict[str, Any] = {"titre": survey.title}
        put(entry, "annee", survey.year)
        period: dict[str, Any] = {}
        put(period, "debut", survey.period_start and survey.period_start.exchange)
        put(period, "fin", survey.period_end and survey.period_end.exchange)
        put(entry, "periode", period)
        put(entry, "public", survey.audience)
        put(entry, "source", survey.source)
        put(entry, "familles_sollicitees", survey.families_reached)
        if survey.responses_received is not None:  # zero answers is a total too
            entry["reponses_recues"] = survey.responses_received
        put(entry, "reponses_qualificatif", survey.responses_qualifier)
        put(entry, "methode", survey.method)
        put(entry, "presentation", survey.description)
        put(entry, "fictif", survey.is_fictitious)
        questions = []
        for q in survey.questions.all():
            question = {"code": q.code, "intitule": q.text, "type": q.kind}
            put(question, "choix", q.choices)
            questions.append(question)
        put(entry, "questions", questions)
        responses = []
        for r in survey.responses.select_related("commune").order_by("number"):
            response: dict[str, Any] = {}
            put(response, "commune", r.commune and r.commune.code)
            response["reponses"] = r.answers
            put(response, "themes", r.tags)
            responses.append(response)
        put(entry, "reponses", responses)
        surveys.append(entry)
    return surveys
