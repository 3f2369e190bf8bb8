"""The `diagnostic` section of the exchange document (docs/format-echange-diagnostic.md).

Indicator values per commune are shared reference data (imported with `ctg import_indicators`)
and are not part of a CTG's document; everything the CTG itself states is: key figures, its
offer, its surveys and its syntheses. A present section replaces all of them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from ctg_pilote.conventions.models import Thematique
from ctg_pilote.exchange.problems import Problem
from ctg_pilote.exchange.sections import ImportContext, Section
from ctg_pilote.territories.models import Commune

from .catalogue import INDICATORS, OFFER_TYPES
from .models import (
    Indicator,
    KeyFigure,
    Offer,
    OfferCount,
    OfferType,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SynthesisItem,
)
from .models.offer import AGES_OUT_OF_ORDER

BASE_OFFER_TYPES = {code for code, *_ in OFFER_TYPES}
BASE_INDICATORS = {item["code"] for item in INDICATORS}


def _put(target: dict, key: str, value) -> None:
    if value not in (None, "", [], {}, False):
        target[key] = value


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _coordinate(value):
    return None if value is None else float(value)


class DiagnosticSection(Section):
    key = "diagnostic"
    schema_file = Path(__file__).parent / "exchange_schema.json"
    order = 10
    title = "Diagnostic partagé"

    # --- check --------------------------------------------------------------------------------

    def check(self, value: dict[str, Any], ctx: ImportContext) -> list[Problem]:
        problems: list[Problem] = []
        add = lambda path, message: problems.append(Problem(f"diagnostic.{path}", message))  # noqa: E731
        codes = self._commune_codes(value)
        known = set(
            Commune.objects.filter(vintage=ctx.vintage, code__in=codes).values_list(
                "code", flat=True
            )
        )

        def commune(path, code):
            if code not in known:
                add(path, f"commune {code} inconnue (millésime {ctx.vintage.year})")
            elif code not in ctx.territory_codes:
                add(path, f"la commune {code} n'est pas dans le territoire de la CTG")

        indicators = set(Indicator.objects.values_list("code", flat=True)) | BASE_INDICATORS
        for i, figure in enumerate(value.get("chiffres_cles", [])):
            if "commune" in figure:
                commune(f"chiffres_cles[{i}].commune", figure["commune"])
            if "zone" in figure and figure["zone"] not in ctx.zone_names:
                add(f"chiffres_cles[{i}].zone", f"zone d'étude « {figure['zone']} » inconnue")
            if "zone" in figure and "commune" in figure:
                add(f"chiffres_cles[{i}]", "un chiffre clé porte sur une zone OU une commune")
            if "indicateur" in figure and figure["indicateur"] not in indicators:
                add(
                    f"chiffres_cles[{i}].indicateur",
                    f"indicateur « {figure['indicateur']} » absent du catalogue",
                )
        types = set(OfferType.objects.values_list("code", flat=True)) | BASE_OFFER_TYPES
        types.update(item["code"] for item in value.get("types_offre", []))
        offre = value.get("offre", {})
        for i, count in enumerate(offre.get("decomptes", [])):
            if count["type"] not in types:
                add(f"offre.decomptes[{i}].type", f"type d'offre « {count['type']} » inconnu")
        offers_seen: dict[tuple, int] = {}
        for i, item in enumerate(offre.get("equipements", [])):
            path = f"offre.equipements[{i}]"
            if item["type"] not in types:
                add(f"{path}.type", f"type d'offre « {item['type']} » inconnu")
            if "gestionnaire" in item and item["gestionnaire"] not in ctx.organisation_refs:
                add(
                    f"{path}.gestionnaire",
                    f"organisation « {item['gestionnaire']} » inconnue dans ce document",
                )
            if "commune" in item:
                commune(f"{path}.commune", item["commune"])
            for j, code in enumerate(item.get("communes_desservies", [])):
                commune(f"{path}.communes_desservies[{j}]", code)
            ages = (item.get("age_min"), item.get("age_max"))
            if None not in ages and ages[1] < ages[0]:
                add(f"{path}.age_max", str(AGES_OUT_OF_ORDER))
            for field, message in self._offer_field_problems(item):
                add(f"{path}.{field}", message)
            key = (item["type"], item.get("commune"), item["nom"])
            if key in offers_seen:
                add(
                    f"{path}.nom",
                    f"« {item['nom']} » figure déjà en offre.equipements[{offers_seen[key]}] "
                    "(même type, même commune)",
                )
            offers_seen.setdefault(key, i)
        titles: dict[str, int] = {}
        questions: set[tuple[str, str]] = set()
        for s, survey in enumerate(value.get("enquetes", [])):
            if survey["titre"] in titles:
                add(
                    f"enquetes[{s}].titre",
                    f"titre déjà pris par enquetes[{titles[survey['titre']]}]",
                )
            titles.setdefault(survey["titre"], s)
            seen: dict[str, int] = {}
            for q, question in enumerate(survey["questions"]):
                if question["code"] in seen:
                    add(
                        f"enquetes[{s}].questions[{q}].code",
                        f"code « {question['code']} » en double",
                    )
                seen.setdefault(question["code"], q)
                questions.add((survey["titre"], question["code"]))
            for r, response in enumerate(survey["reponses"]):
                if "commune" in response:
                    commune(f"enquetes[{s}].reponses[{r}].commune", response["commune"])
                for code in response["reponses"]:
                    if code not in seen:
                        add(f"enquetes[{s}].reponses[{r}].reponses.{code}", "question inconnue")
        thematiques = set(Thematique.objects.values_list("code", flat=True)) | {
            t["code"] for t in ctx.document.get("thematiques", [])
        }
        figure_codes = {f["code"] for f in value.get("chiffres_cles", [])}
        for i, item in enumerate(value.get("syntheses", [])):
            path = f"syntheses[{i}]"
            if item["thematique"] not in thematiques:
                add(f"{path}.thematique", f"thématique « {item['thematique']} » inconnue")
            for j, code in enumerate(item.get("indicateurs", [])):
                if code not in indicators:
                    add(f"{path}.indicateurs[{j}]", f"indicateur « {code} » inconnu")
            for j, code in enumerate(item.get("chiffres_cles", [])):
                if code not in figure_codes:
                    add(f"{path}.chiffres_cles[{j}]", f"chiffre clé « {code} » absent du document")
            for j, code in enumerate(item.get("types_offre", [])):
                if code not in types:
                    add(f"{path}.types_offre[{j}]", f"type d'offre « {code} » inconnu")
            for j, ref in enumerate(item.get("questions", [])):
                if (ref["enquete"], ref["code"]) not in questions:
                    add(f"{path}.questions[{j}]", "question d'enquête absente du document")
        return problems

    @staticmethod
    def _offer_field_problems(item: dict) -> list[tuple[str, str]]:
        """The model's checks of the declared public contact (phone, e-mail, website shapes)."""
        keys = {"public_phone", "public_email", "public_website"}
        offer = Offer(**{name: item.get(Offer.OUTSIDE_NAMES[name], "") for name in keys})
        try:
            offer.clean_fields(exclude={f.name for f in Offer._meta.fields} - keys)
        except ValidationError as error:
            return [
                (Offer.OUTSIDE_NAMES[field], message)
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        return []

    @staticmethod
    def _commune_codes(value) -> set[str]:
        codes = {f["commune"] for f in value.get("chiffres_cles", []) if "commune" in f}
        for item in value.get("offre", {}).get("equipements", []):
            codes.update([item["commune"]] if "commune" in item else [])
            codes.update(item.get("communes_desservies", []))
        for survey in value.get("enquetes", []):
            codes.update(r["commune"] for r in survey["reponses"] if "commune" in r)
        return codes

    # --- write --------------------------------------------------------------------------------

    def write(self, value: dict[str, Any], ctx: ImportContext) -> None:
        from .catalogue import ensure_catalogue
        from .services import ensure_population_values

        # The shipped catalogue, if a flushed test database lost what the migration loaded.
        if not OfferType.objects.exists() or not Indicator.objects.exists():
            ensure_catalogue()
        ensure_population_values(vintage=ctx.vintage)
        convention = ctx.convention
        communes = {
            c.code: c
            for c in Commune.objects.filter(
                vintage=ctx.vintage, code__in=self._commune_codes(value)
            )
        }
        indicators = {i.code: i for i in Indicator.objects.all()}
        convention.synthesis_items.all().delete()
        convention.key_figures.all().delete()
        convention.offers.all().delete()
        convention.offer_counts.all().delete()
        convention.surveys.all().delete()

        figures: dict[str, list[KeyFigure]] = {}
        for position, data in enumerate(value.get("chiffres_cles", [])):
            figure = KeyFigure.objects.create(
                convention=convention,
                code=data["code"],
                group=data.get("groupe", ""),
                label=data["libelle"],
                indicator=indicators.get(data.get("indicateur", "")),
                value=Decimal(str(data["valeur"])),
                unit=data.get("unite", "nombre"),
                zone=ctx.zones.get(data.get("zone", "")),
                commune=communes.get(data.get("commune", "")),
                year=data.get("annee"),
                source=data["source"],
                note=data.get("remarque", ""),
                is_fictitious=data.get("fictif", False),
                position=position,
            )
            figures.setdefault(figure.code, []).append(figure)

        for data in value.get("types_offre", []):
            OfferType.objects.update_or_create(
                code=data["code"],
                defaults={
                    "label": data["libelle"],
                    "category": data["categorie"],
                    "has_places": data.get("places", False),
                },
            )
        types = {t.code: t for t in OfferType.objects.all()}
        offre = value.get("offre", {})
        OfferCount.objects.bulk_create(
            OfferCount(
                convention=convention,
                offer_type=types[data["type"]],
                count=data["nombre"],
                places=data.get("places"),
                year=data.get("annee"),
                source=data["source"],
                note=data.get("remarque", ""),
                is_fictitious=data.get("fictif", False),
            )
            for data in offre.get("decomptes", [])
        )
        for data in offre.get("equipements", []):
            item = Offer.objects.create(
                convention=convention,
                offer_type=types[data["type"]],
                name=data["nom"],
                manager=ctx.organisations.get(data.get("gestionnaire", "")),
                commune=communes.get(data.get("commune", "")),
                address=data.get("adresse", ""),
                latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                places=data.get("places"),
                age_min=data.get("age_min"),
                age_max=data.get("age_max"),
                age_unit=data.get("unite_age", "ans"),
                public=data.get("public", ""),
                hours=data.get("horaires", ""),
                is_itinerant=data.get("itinerant", False),
                contact=data.get("contact", ""),
                public_phone=data.get("telephone_public", ""),
                public_email=data.get("courriel_public", ""),
                public_website=data.get("site_web_public", ""),
                source=data.get("source", ""),
                is_fictitious=data.get("fictif", False),
            )
            item.communes_served.set(communes[c] for c in data.get("communes_desservies", []))

        questions: dict[tuple[str, str], SurveyQuestion] = {}
        for data in value.get("enquetes", []):
            survey = Survey.objects.create(
                convention=convention,
                title=data["titre"],
                year=data["annee"],
                source=data["source"],
                families_reached=data.get("familles_sollicitees"),
                description=data.get("presentation", ""),
                is_fictitious=data.get("fictif", False),
            )
            for position, q in enumerate(data["questions"]):
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
                for number, r in enumerate(data["reponses"], start=1)
            )

        thematiques = {t.code: t for t in Thematique.objects.all()}
        for position, data in enumerate(value.get("syntheses", [])):
            item = SynthesisItem.objects.create(
                convention=convention,
                thematique=thematiques[data["thematique"]],
                kind=data["type"],
                text=data["texte"],
                position=position,
                enjeux=data.get("enjeux", []),
                is_fictitious=data.get("fictif", False),
            )
            item.indicators.set(indicators[c] for c in data.get("indicateurs", []))
            item.key_figures.set(f for c in data.get("chiffres_cles", []) for f in figures[c])
            item.offer_types.set(types[c] for c in data.get("types_offre", []))
            item.survey_questions.set(
                questions[(r["enquete"], r["code"])] for r in data.get("questions", [])
            )

    # --- export -------------------------------------------------------------------------------

    def export(self, convention) -> dict[str, Any]:
        out: dict[str, Any] = {}
        figures = []
        for figure in convention.key_figures.select_related("indicator", "zone", "commune"):
            entry: dict[str, Any] = {
                "code": figure.code,
                "libelle": figure.label,
                "valeur": _number(figure.value),
            }
            if figure.unit != "nombre":
                entry["unite"] = figure.unit
            _put(entry, "groupe", figure.group)
            _put(entry, "indicateur", figure.indicator and figure.indicator.code)
            _put(entry, "zone", figure.zone and figure.zone.name)
            _put(entry, "commune", figure.commune and figure.commune.code)
            _put(entry, "annee", figure.year)
            entry["source"] = figure.source
            _put(entry, "remarque", figure.note)
            _put(entry, "fictif", figure.is_fictitious)
            figures.append(entry)
        _put(out, "chiffres_cles", figures)

        used_types = (
            set(convention.offers.values_list("offer_type__code", flat=True))
            | set(convention.offer_counts.values_list("offer_type__code", flat=True))
            | set(convention.synthesis_items.values_list("offer_types__code", flat=True))
        )
        custom = []
        for offer_type in OfferType.objects.filter(code__in=used_types - BASE_OFFER_TYPES):
            entry = {
                "code": offer_type.code,
                "libelle": offer_type.label,
                "categorie": offer_type.category,
            }
            _put(entry, "places", offer_type.has_places)
            custom.append(entry)
        _put(out, "types_offre", custom)

        offre: dict[str, Any] = {}
        counts = []
        for count in convention.offer_counts.select_related("offer_type").order_by("pk"):
            entry = {"type": count.offer_type.code, "nombre": count.count}
            _put(entry, "places", count.places)
            _put(entry, "annee", count.year)
            entry["source"] = count.source
            _put(entry, "remarque", count.note)
            _put(entry, "fictif", count.is_fictitious)
            counts.append(entry)
        _put(offre, "decomptes", counts)
        items = []
        for item in convention.offers.for_list().order_by("pk"):
            entry = {"type": item.offer_type.code, "nom": item.name}
            _put(entry, "gestionnaire", item.manager and item.manager.ref)
            _put(entry, "commune", item.commune and item.commune.code)
            _put(entry, "adresse", item.address)
            _put(entry, "latitude", _coordinate(item.latitude))
            _put(entry, "longitude", _coordinate(item.longitude))
            _put(entry, "places", item.places)
            _put(entry, "age_min", item.age_min)
            _put(entry, "age_max", item.age_max)
            if item.age_unit != "ans":
                entry["unite_age"] = item.age_unit
            _put(entry, "public", item.public)
            _put(entry, "horaires", item.hours)
            _put(entry, "itinerant", item.is_itinerant)
            _put(
                entry,
                "communes_desservies",
                sorted(c.code for c in item.communes_served.all()),
            )
            _put(entry, "contact", item.contact)
            _put(entry, "telephone_public", item.public_phone)
            _put(entry, "courriel_public", item.public_email)
            _put(entry, "site_web_public", item.public_website)
            _put(entry, "source", item.source)
            _put(entry, "fictif", item.is_fictitious)
            items.append(entry)
        _put(offre, "equipements", items)
        _put(out, "offre", offre)

        surveys = []
        for survey in convention.surveys.order_by("pk").prefetch_related("questions"):
            entry = {"titre": survey.title, "annee": survey.year, "source": survey.source}
            _put(entry, "familles_sollicitees", survey.families_reached)
            _put(entry, "presentation", survey.description)
            _put(entry, "fictif", survey.is_fictitious)
            entry["questions"] = []
            for q in survey.questions.all():
                question = {"code": q.code, "intitule": q.text, "type": q.kind}
                _put(question, "choix", q.choices)
                entry["questions"].append(question)
            entry["reponses"] = []
            for r in survey.responses.select_related("commune").order_by("number"):
                response: dict[str, Any] = {}
                _put(response, "commune", r.commune and r.commune.code)
                response["reponses"] = r.answers
                _put(response, "themes", r.tags)
                entry["reponses"].append(response)
            surveys.append(entry)
        _put(out, "enquetes", surveys)

        syntheses = []
        for item in (
            convention.synthesis_items.select_related("thematique")
            .prefetch_related(
                "indicators", "key_figures", "offer_types", "survey_questions__survey"
            )
            .order_by("position", "pk")
        ):
            entry = {"thematique": item.thematique.code, "type": item.kind, "texte": item.text}
            _put(entry, "indicateurs", sorted(i.code for i in item.indicators.all()))
            _put(entry, "chiffres_cles", sorted({f.code for f in item.key_figures.all()}))
            _put(entry, "types_offre", sorted(t.code for t in item.offer_types.all()))
            _put(
                entry,
                "questions",
                [
                    {"enquete": q.survey.title, "code": q.code}
                    for q in sorted(item.survey_questions.all(), key=lambda q: q.pk)
                ],
            )
            _put(entry, "enjeux", item.enjeux)
            _put(entry, "fictif", item.is_fictitious)
            syntheses.append(entry)
        _put(out, "syntheses", syntheses)
        return out
