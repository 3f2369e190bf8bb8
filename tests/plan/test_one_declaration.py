"""A fiche action's fields are declared once (ACTION_FIELDS in plan/models/actions.py): the form, the
history, the exchange schema, the workbook and the API are derived from that declaration, and
the page, the API and the workbook write through one service that leaves the same history."""

import pytest
from django.urls import reverse

from ctg_pilote.api.serializers.plan import (
    ActionSerializer,
    BudgetLineSerializer,
    IndicatorSerializer,
    NodeSerializer,
)
from ctg_pilote.api.services import create_token
from ctg_pilote.conventions.forms import OrganisationForm
from ctg_pilote.conventions.models import ORGANISATION_FIELDS, Organisation
from ctg_pilote.core import fieldspec
from ctg_pilote.core.fieldspec import Composite
from ctg_pilote.exchange.document import schema
from ctg_pilote.plan import services, spreadsheet
from ctg_pilote.plan.exchange import PlanSection
from ctg_pilote.plan.forms import ActionForm, IndicatorForm, NodeForm
from ctg_pilote.plan.models import (
    ACTION_FIELDS,
    BUDGET_LINE_FIELDS,
    INDICATOR_FIELDS,
    NODE_FIELDS,
    NOTE_FIELDS,
    Action,
    ActionStatus,
    AgeBand,
    Change,
    Milestone,
)
from tests.conventions.factories import MembershipFactory
from tests.core.test_concurrent_edits import edit_form
from tests.plan.factories import ActionFactory, NodeFactory

pytestmark = pytest.mark.django_db


def test_every_field_of_every_declared_model_is_exposed_composite_or_internal():
    """The guard: a field added to a model with an exposure and declared nowhere fails here."""
    uncovered = {
        exposure.model.__name__: exposure.uncovered()
        for exposure in fieldspec.exposures()
        if exposure.uncovered()
    }
    assert uncovered == {}


def test_the_guard_names_a_field_nobody_declared():
    exposure = fieldspec.Exposure(Milestone, [fieldspec.Exposed("title", "titre")])
    try:
        assert exposure.uncovered() == ["action", "date", "done"]
    finally:
        fieldspec._registry.remove(exposure)


def test_the_form_history_schema_workbook_and_api_of_an_action_derive_from_one_declaration(
    convention,
):
    exposed = ACTION_FIELDS.exposed
    composites = [i for i in ACTION_FIELDS.items if isinstance(i, Composite)]

    form = ActionForm(instance=Action(convention=convention), convention=convention)
    # Besides the declared fields: the version edited and the date the changes took effect.
    extra = ("version", "effective_on")
    assert [n for n in form.fields if n not in extra] == ACTION_FIELDS.form_fields()
    assert {e.name for e in exposed if e.form} <= set(form.fields)

    assert ACTION_FIELDS.tracked() == services.TRACKED_FIELDS
    assert "follow_up_fictitious" not in services.TRACKED_FIELDS

    item = schema()["properties"]["plan"]["properties"]["actions"]["items"]
    exchanged = {e.key.split(".")[0] for e in exposed if e.exchange}
    assert set(item["properties"]) == exchanged | {c.key for c in composites}
    assert item["properties"]["statut"]["enum"] == [v for v in ActionStatus.values if v]
    assert item["properties"]["tranches_age"]["items"]["enum"] == AgeBand.values
    assert (
        item["properties"]["publics"]["maxLength"] == Action._meta.get_field("publics").max_length
    )
    assert item["properties"]["avancement"]["maximum"] == 100
    assert set(item["required"]) == {"noeud", "titre"}  # a source may give no number

    assert spreadsheet.ACTIONS[1] == ACTION_FIELDS.columns()
    assert [e.column for e in exposed if e.column] == [
        c for c in ACTION_FIELDS.columns() if c in {e.column for e in exposed}
    ]

    api = ActionSerializer().fields
    for entry in exposed:
        if not entry.api:
            continue
        head, _sep, tail = entry.key.partition(".")
        field = api[head].fields[tail] if tail else api[head]
        assert field.source == entry.name, entry.key
        assert field.read_only == (entry.api == "read"), entry.key


@pytest.fixture
def three_twins(convention):
    """Three identical actions, one to edit through each way in, and their coordinator."""
    node = NodeFactory(convention=convention, number="1", sort_key="001", position=1)
    actions = [
        ActionFactory(
            convention=convention,
            node=node,
            number=f"A{n}",
            position=n,
            title="Relais petite enfance",
            status=ActionStatus.TO_START,
            progress=0,
        )
        for n in (1, 2, 3)
    ]
    return actions, MembershipFactory(convention=convention, role="coordinateur")


def _history(action) -> list[tuple]:
    return sorted(
        (c.field, c.label, c.old, c.new, c.author_id) for c in Change.objects.filter(action=action)
    )


def test_page_api_and_workbook_edits_of_an_action_leave_the_same_history(
    client, convention, three_twins
):
    (by_page, by_api, by_workbook), coordinator = three_twins
    client.force_login(coordinator.user)

    # The page: the form as a browser sends it, with three fields changed.
    page = client.get(reverse("plan:action_edit", args=[convention.slug, by_page.pk]))
    url, data = edit_form(page, "title")
    data.update(title=["Relais itinérant"], status=["en_cours"], progress=["40"])
    assert client.post(url, data).status_code == 302

    # The API, with the owner's token.
    key = create_token(user=coordinator.user, name="Test")[1]
    response = client.patch(
        reverse("api:plan-action-detail", args=[convention.slug, by_api.pk]),
        {
            "version": by_api.version,
            "titre": "Relais itinérant",
            "statut": "en_cours",
            "avancement": 40,
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 200, response.content

    # The workbook, its row edited as a person would.
    tables = {
        ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
        for ws in spreadsheet.build_workbook(
            convention, PlanSection().export(convention)
        ).worksheets
    }
    headers = tables["Actions"][0]
    (row,) = [r for r in tables["Actions"][1:] if r[0] == by_workbook.number]
    row[headers.index("Intitulé")] = "Relais itinérant"
    row[headers.index("Statut")] = "En cours"
    row[headers.index("Avancement (%)")] = 40
    spreadsheet.import_tables(convention, tables, by=coordinator.user)

    expected = [
        ("progress", "Avancement (%)", "0", "40", coordinator.user.pk),
        ("status", "Statut", "À lancer", "En cours", coordinator.user.pk),
        ("title", "Intitulé", "Relais petite enfance", "Relais itinérant", coordinator.user.pk),
    ]
    assert _history(by_page) == expected
    assert _history(by_api) == expected
    assert _history(by_workbook) == expected
    # The other actions of the workbook were not touched: no history, same version.
    for action in (by_page, by_api):
        action.refresh_from_db()
        assert len(_history(action)) == 3


@pytest.mark.parametrize(
    ("exposure", "form_class", "serializer", "schema_key", "sheet"),
    [
        (NODE_FIELDS, NodeForm, NodeSerializer, "noeuds", spreadsheet.TREE),
        (
            INDICATOR_FIELDS,
            IndicatorForm,
            IndicatorSerializer,
            "indicateurs",
            spreadsheet.INDICATORS,
        ),
    ],
    ids=["node", "indicator"],
)
def test_nodes_and_indicators_derive_from_their_declaration_too(
    convention, exposure, form_class, serializer, schema_key, sheet
):
    form = form_class(instance=exposure.model(convention=convention), convention=convention)
    declared = exposure.form_fields()
    assert [n for n in form.fields if n in declared] == declared
    item = schema()["properties"]["plan"]["properties"][schema_key]["items"]
    exchanged = {e.key for e in exposure.exposed if e.exchange}
    assert exchanged <= set(item["properties"])
    assert set(item["required"]) == set(exposure.required_keys())
    assert sheet[1] == exposure.columns()
    fields = serializer().fields
    for entry in exposure.exposed:
        if entry.api:
            assert fields[entry.key].source == entry.name, entry.key


def test_an_organisation_derives_its_form_and_exchange_from_its_declaration(convention):
    organisation = Organisation(convention=convention, ref="mairie", name="Mairie", kind="commune")
    form = OrganisationForm(instance=organisation, convention=convention)
    declared = ORGANISATION_FIELDS.form_fields()
    assert [n for n in form.fields if n in declared] == declared
    item = schema()["properties"]["organisations"]["items"]
    assert {e.key for e in ORGANISATION_FIELDS.exposed} <= set(item["properties"])
    assert set(item["required"]) == {"ref", "nom", "type"}
    assert ORGANISATION_FIELDS.to_exchange(organisation) == {
        "ref": "mairie",
        "nom": "Mairie",
        "type": "commune",
    }


def test_budget_lines_and_notes_derive_their_sheets_and_schema_from_their_declaration():
    assert spreadsheet.BUDGET[1] == ["Action", *BUDGET_LINE_FIELDS.columns()]
    assert spreadsheet.NOTES[1] == ["Action", *NOTE_FIELDS.columns()]
    action = schema()["properties"]["plan"]["properties"]["actions"]["items"]["properties"]
    for key, exposure in (("budget", BUDGET_LINE_FIELDS), ("notes", NOTE_FIELDS)):
        item = action[key]["items"]
        assert set(item["properties"]) == {e.key for e in exposure.exposed}
        assert set(item["required"]) == set(exposure.required_keys())
    fields = BudgetLineSerializer().fields
    for entry in BUDGET_LINE_FIELDS.exposed:
        assert fields[entry.key].source == entry.name
