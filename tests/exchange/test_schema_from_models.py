"""One declaration per fact: the exchange schema reads its vocabularies, lengths and bounds from
the models.

A property of a schema file (core.json and each app's exchange_schema.json) that holds one model
field says so with `"x-model-field": "app.Model.field"`; `core.fieldspec.expand_schema` then gives
it the field's type, length, bounds and choices. These tests keep it that way:

a) no schema file writes a list of codes (`enum`) by hand, except the vocabularies listed below
   that belong to no model;
b) every list of codes of the rendered schema is exactly its model field's choices;
c) every field of every model the exchange document writes is accounted for: named by an
   `x-model-field`, exposed by a `core.fieldspec` Exposure, listed in
   `SCHEMA_WRITTEN_BY_HAND` below, or declared on the model in `not_exchanged`.

`not_exchanged`, a class attribute of the model, lists the fields that have no key of their own
in the exchange document: the id, the version and the timestamps the application keeps, the
credentials and permissions of an account, the convention or the parent row an item is nested
under, a position given by the order of the list, and values derived from others.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps

from ctg_pilote.core import fieldspec
from ctg_pilote.core.validators import field_by_label
from ctg_pilote.exchange.document import CORE_SCHEMA_PATH, build_schema

APPS_DIR = CORE_SCHEMA_PATH.parents[2]
SOURCE_FILES = [
    CORE_SCHEMA_PATH,
    APPS_DIR / "diagnostic" / "exchange_schema.json",
    APPS_DIR / "governance" / "exchange_schema.json",
    APPS_DIR / "pilotage" / "exchange_schema.json",
    APPS_DIR / "publication" / "exchange_schema.json",
    APPS_DIR / "plan" / "exchange_schema.json",
]

# Literal lists of codes that are no model's choices: (file, JSON pointer) -> why.
NON_MODEL_ENUMS = {
    ("exchange/schema/core.json", "/properties/territoire/allOf/1/if/properties/type"): (
        "a condition (communes are required for these kinds), not a vocabulary"
    ),
}


# The models the exchange document writes: the core importer (exchange/importer.py) and the
# sections of the diagnostic, governance, pilotage and publication apps. ZoneCommune is left
# out: its rows are the many-to-many `Zone.communes`, which is named in the schema.
EXCHANGED_MODELS = [
    "conventions.Convention",
    "conventions.Thematique",
    "conventions.Zone",
    "conventions.Organisation",
    "conventions.Contact",
    "conventions.Membership",
    "accounts.User",
    "diagnostic.KeyFigure",
    "diagnostic.OfferType",
    "diagnostic.OfferCount",
    "diagnostic.Offer",
    "diagnostic.Survey",
    "diagnostic.SurveyQuestion",
    "diagnostic.SurveyResponse",
    "diagnostic.SynthesisItem",
    "governance.Mobilisation",
    "governance.Phase",
    "governance.KeyDate",
    "governance.SchemeLink",
    "governance.PartnerProfile",
    "governance.Instance",
    "governance.InstanceMember",
    "governance.Meeting",
    "governance.MeetingDocument",
    "governance.Invitation",
    "governance.Decision",
    "governance.Vote",
    "governance.VoteCandidate",
    "governance.Ballot",
    "governance.BallotPoints",
    "pilotage.Bilan",
    "pilotage.BilanNodeText",
    "pilotage.ResultEvaluation",
    "pilotage.DigestOptOut",
    "publication.Publication",
    "plan.Level",
    "plan.Node",
    "plan.CrossCuttingIssue",
    "plan.Action",
    "plan.PartnerRole",
    "plan.Milestone",
    "plan.BudgetLine",
    "plan.Note",
    "plan.Change",
    "plan.Indicator",
    "plan.IndicatorTarget",
    "plan.IndicatorValue",
    "plan.Snapshot",
]


PATTERN_SAYS_IT = (
    "its pattern already bounds it: the model's length or help text would add to its message"
)
STRICTER_VALIDATOR = (
    "the model's validator is stricter than the document's pattern: documents written before "
    "would be refused"
)
# Exchanged fields whose property is written by hand in the schema, and why.
SCHEMA_WRITTEN_BY_HAND = {
    "plan.Snapshot.data": "the plan's state as it was, a JSON object the snapshot keeps whole",
    "conventions.Convention.slug": PATTERN_SAYS_IT,
    "conventions.Convention.start_year": "the document asks for 2000-2100, the model 1900-2100",
    "conventions.Convention.end_year": "the document asks for 2000-2100, the model 1900-2100",
    "conventions.Thematique.code": PATTERN_SAYS_IT,
    "conventions.Organisation.ref": PATTERN_SAYS_IT,
    "conventions.Organisation.siren": PATTERN_SAYS_IT,
    "conventions.Organisation.siret": PATTERN_SAYS_IT,
    "conventions.Organisation.website": STRICTER_VALIDATOR,
    "conventions.Contact.email": STRICTER_VALIDATOR,
    "conventions.Membership.organisation": PATTERN_SAYS_IT,
    "conventions.Membership.user": "named by membres[].courriel, the account's e-mail",
    "accounts.User.email": PATTERN_SAYS_IT,
    "diagnostic.KeyFigure.code": PATTERN_SAYS_IT,
    "diagnostic.OfferType.code": PATTERN_SAYS_IT,
    "diagnostic.Offer.public_phone": "checked by the diagnostic section with the model's form",
    "diagnostic.Offer.public_email": "checked by the diagnostic section with the model's form",
    "diagnostic.Offer.public_website": "checked by the diagnostic section with the model's form",
    "diagnostic.SurveyResponse.answers": "a JSON object (question code -> answer)",
    "diagnostic.SurveyResponse.tags": "a JSON object (question code -> thématiques)",
    "governance.PartnerProfile.organisation": PATTERN_SAYS_IT,
    "governance.Instance.ref": PATTERN_SAYS_IT,
    "governance.Meeting.video_url": STRICTER_VALIDATOR,
    "governance.MeetingDocument.url": STRICTER_VALIDATOR,
    "governance.Ballot.code": PATTERN_SAYS_IT,
    "governance.BallotPoints.candidate": "the keys of bulletins[].points (action numbers)",
    "pilotage.Bilan.year": "the document asks for 1990-2100, the model 1900-2100",
}


def _source(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _name(path: Path) -> str:
    return path.relative_to(APPS_DIR).as_posix()


def _nodes(node, pointer=""):
    """Every object of a JSON document with its JSON pointer."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from _nodes(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, f"{pointer}/{index}")


def _model_fields(model) -> list[str]:
    """Concrete fields, foreign keys and many-to-many fields; not reverse relations."""
    return [
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not (f.auto_created and not f.concrete)
    ]


def _referenced() -> set[str]:
    return {
        node["x-model-field"]
        for path in SOURCE_FILES
        for _pointer, node in _nodes(_source(path))
        if "x-model-field" in node
    }


def test_no_schema_file_copies_a_list_of_codes():
    literal = {
        (_name(path), pointer)
        for path in SOURCE_FILES
        for pointer, node in _nodes(_source(path))
        if "enum" in node
    }
    unexpected = literal - set(NON_MODEL_ENUMS)
    assert not unexpected, (
        "Listes de codes écrites à la main : nommez le champ du modèle "
        '("x-model-field": "app.Model.champ") : ' + ", ".join(sorted(map(str, unexpected)))
    )
    assert set(NON_MODEL_ENUMS) <= literal, "NON_MODEL_ENUMS names a list that is gone"


def test_a_property_naming_its_model_field_does_not_repeat_it():
    """What the model gives (type, length, bounds) is written again only to be stricter."""
    repeated = []
    for path in SOURCE_FILES:
        for pointer, node in _nodes(_source(path)):
            if "x-model-field" not in node:
                continue
            derived = fieldspec.field_schema(field_by_label(node["x-model-field"]))
            for key in ("type", "maxLength", "minLength", "minimum", "maximum", "pattern"):
                if key in node and derived.get(key) == node[key]:
                    repeated.append(f"{_name(path)}{pointer}: {key}")
    assert not repeated, "Déjà donné par le modèle : " + ", ".join(repeated)


def test_every_derived_list_of_codes_is_the_model_fields_choices():
    checked = 0
    for pointer, node in _nodes(build_schema()):
        if "x-model-field" not in node:
            continue
        field = field_by_label(node["x-model-field"])
        choices = fieldspec.choice_list(field)
        if choices is not None:
            assert node["items"]["enum"] == [v for v in choices.values if v != ""], pointer
            assert node["uniqueItems"] is True, pointer
            checked += 1
        elif field.choices:
            assert node["enum"] == [v for v, _label in field.choices if v != ""], pointer
            assert "type" not in node, pointer
            checked += 1
    for exposure in fieldspec.exposures():  # "x-fields": lists derived from a declaration
        properties = exposure.schema_properties()
        for entry in exposure.exposed:
            field = exposure.model_field(entry.name)
            if entry.exchange and field.choices:
                head, _sep, tail = entry.key.partition(".")
                node = properties[head]["properties"][tail] if tail else properties[head]
                assert node["enum"] == [v for v, _label in field.choices if v != ""], entry.key
                checked += 1
    assert checked >= 23  # the 23 lists converted from hand-written copies


def test_every_exchanged_model_field_is_accounted_for():
    referenced = _referenced()
    exposed = {
        f"{e.model._meta.app_label}.{e.model.__name__}.{name}"
        for e in fieldspec.exposures()
        for name in e.covered() - set(e.internal)
    }
    uncovered: dict[str, list[str]] = {}
    contradictions = []
    for label in EXCHANGED_MODELS:
        model = apps.get_model(label)
        names = _model_fields(model)
        exposure = next((e for e in fieldspec.exposures() if e.model is model), None)
        declared = (
            (*exposure.internal, model._meta.pk.name)
            if exposure
            else getattr(model, "not_exchanged", None)
        )
        assert declared is not None, f"{label} declares no not_exchanged"
        assert set(declared) <= set(names), f"{label}.not_exchanged: {set(declared) - set(names)}"
        for name in names:
            full = f"{label}.{name}"
            ways = [
                full in referenced,
                full in exposed,
                full in SCHEMA_WRITTEN_BY_HAND,
                name in declared,
            ]
            if not any(ways):
                uncovered.setdefault(label, []).append(name)
            elif name in declared and any(ways[:3]):
                contradictions.append(full)
    assert not uncovered, "Champs ni échangés ni déclarés (not_exchanged) :\n" + "\n".join(
        f"  {label}: {', '.join(names)}" for label, names in uncovered.items()
    )
    assert not contradictions, f"Échangés et pourtant dans not_exchanged : {contradictions}"


def test_the_lists_of_exceptions_name_real_fields():
    for label in SCHEMA_WRITTEN_BY_HAND:
        field_by_label(label)
        assert label not in _referenced(), f"{label} is named by an x-model-field now"
