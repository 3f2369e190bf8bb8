"""A convention's status follows its period and signature when nobody set it; its parties say
their quality (signataire, co-financeur...) and a group of organisations lists its members."""

import copy
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ctg_pilote.conventions.models import Convention, ConventionStatus, Organisation
from ctg_pilote.core.approxdates import ApproximateDate
from ctg_pilote.exchange.export import export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from tests.conventions.factories import ConventionFactory
from tests.exchange.test_exchange import rich_document
from tests.utils import page_text

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def document(**ctg) -> dict:
    doc = copy.deepcopy(rich_document())
    doc["ctg"].pop("statut", None)
    doc["ctg"].pop("signee_le", None)
    doc["ctg"].update(ctg)
    return doc


def header_status(client, slug: str) -> str:
    page = page_text(client.get(reverse("conventions:detail", kwargs={"slug": slug})))
    return page.split('class="badge text-bg-secondary status-', 1)[1].split("<", 1)[0]


@pytest.mark.parametrize(
    ("period", "signed_on", "shown"),
    [
        ((2019, 2022), "2019-11-15", "Terminée"),
        ((2019, 2022), None, "Terminée"),  # a period that ended is over, signature or not
        ((THIS_YEAR - 1, THIS_YEAR + 2), f"{THIS_YEAR - 1}-03-01", "En cours"),
        ((THIS_YEAR - 1, THIS_YEAR + 2), None, "En préparation"),
        ((THIS_YEAR + 1, THIS_YEAR + 4), f"{THIS_YEAR - 1}-12-01", "Signée"),
    ],
)
def test_an_import_without_status_shows_what_period_and_signature_say(
    admin_client, period, signed_on, shown
):
    ctg = {"periode": {"debut": period[0], "fin": period[1]}}
    if signed_on:
        ctg["signee_le"] = signed_on
    import_document(document(**ctg))
    convention = Convention.objects.get(slug="marais-test")
    assert convention.status == ""  # nothing invented
    assert "statut" not in export_convention(convention)["ctg"]
    assert header_status(admin_client, "marais-test").endswith(f'">{shown}')
    page = page_text(admin_client.get(convention.get_absolute_url()))
    assert "Déduit de la période et de la signature." in page
    assert (
        Convention.objects.with_shown_status().get(pk=convention.pk).status_shown
        == convention.shown_status()
    )


def test_a_status_the_document_gives_wins_and_travels():
    import_document(document(statut="en_evaluation", periode={"debut": 2019, "fin": 2022}))
    convention = Convention.objects.get(slug="marais-test")
    assert convention.shown_status_label == "En évaluation"
    assert export_convention(convention)["ctg"]["statut"] == "en_evaluation"


def test_derived_status_rules_on_a_given_day():
    day = datetime.date(2025, 6, 1)
    ctg = Convention(start_year=2024, end_year=2027, signed_on=ApproximateDate.parse("2024-02"))
    assert ctg.shown_status(day) == ConventionStatus.RUNNING
    ctg.signed_on = ApproximateDate.parse("fin 2025")  # signature still to come
    assert ctg.shown_status(day) == ConventionStatus.PREPARATION
    ctg.signed_on = ApproximateDate.parse("juin 2025")  # begins before the day: signed
    assert ctg.shown_status(day) == ConventionStatus.RUNNING
    ctg.end_year = 2024
    ctg.start_year = 2021
    assert ctg.shown_status(day) == ConventionStatus.ENDED


def test_lists_and_api_filter_show_the_derived_status(admin_client):
    ended = ConventionFactory(start_year=2019, end_year=2022, name="CTG achevée")
    ConventionFactory(start_year=THIS_YEAR, end_year=THIS_YEAR + 3, name="CTG à venir")
    mine = page_text(admin_client.get(reverse("conventions:mine")))
    row = mine.split("CTG achevée", 1)[1]
    assert row.index("Terminée") < row.index("</tr>")
    api = admin_client.get("/api/v1/ctg/", {"statut": "terminee"}).json()
    assert [c["identifiant"] for c in api["resultats"]] == [ended.slug]
    assert api["resultats"][0]["statut"] == ""  # nothing set: « non renseigné »
    assert api["resultats"][0]["statut_affiche"] == "terminee"


def test_the_status_form_offers_unset(member_client):
    convention = ConventionFactory(start_year=2019, end_year=2022, status="en_cours")
    client, _ = member_client(convention)
    url = reverse("conventions:edit", kwargs={"slug": convention.slug})
    page = page_text(client.get(url))
    assert "Non renseigné : suit la période et la signature" in page


def with_parties() -> dict:
    doc = document()
    doc["organisations"] = [
        {
            "ref": "communes-cej",
            "nom": "Communes anciennement signataires du CEJ",
            "type": "groupe",
            "qualite": "signataire",
            "membres": ["commune-a", "commune-b"],
        },
        {"ref": "caf-17", "nom": "CAF de la Charente-Maritime", "type": "caf", "signataire": True},
        {"ref": "msa", "nom": "MSA des Charentes", "type": "msa", "qualite": "cofinanceur"},
        {"ref": "commune-a", "nom": "Commune A", "type": "commune"},
        {"ref": "commune-b", "nom": "Commune B", "type": "commune", "qualite": "non_precise"},
        {"ref": "centre-social", "nom": "Centre social du littoral", "type": "centre_social"},
    ]
    doc["membres"] = [m for m in doc["membres"] if m.get("organisation") != "centre-social"]
    return doc


def test_qualities_and_groups_are_read_shown_and_exported(admin_client):
    import_document(with_parties())
    convention = Convention.objects.get(slug="marais-test")
    exported = export_convention(convention)["organisations"]
    assert exported[0]["membres"] == ["commune-a", "commune-b"]
    assert exported[1]["qualite"] == "signataire"  # version 1 « signataire: true »
    assert "signataire" not in exported[1]
    assert "qualite" not in exported[3]  # an organisation of the network only

    url = reverse("conventions:organisations", kwargs={"slug": convention.slug})
    page = page_text(admin_client.get(url))
    group = page.split("Communes anciennement signataires du CEJ", 1)[1].split("</li>\n")[0]
    assert "signataire" in group
    assert "Commune A" in page.split('aria-label="Membres de Communes anciennement', 1)[1]
    assert "co-financeur" in page and "qualité non précisée" in page
    assert "Membre de :" in page

    home = page_text(admin_client.get(convention.get_absolute_url()))
    parties = home.split("Parties à la convention", 1)[1].split("</dd>", 1)[0]
    assert parties.index("Communes anciennement") < parties.index("MSA des Charentes")
    assert "Centre social du littoral" not in parties


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda doc: doc["organisations"][0]["membres"].append("commune-z"),
            "organisations[0].membres[2]",
            "organisation « commune-z » inconnue dans ce document",
        ),
        (
            lambda doc: doc["organisations"][2].update(membres=["commune-a"]),
            "organisations[2].membres",
            "seul un groupe d'organisations (« type: groupe ») a des membres",
        ),
        (
            lambda doc: doc["organisations"][1].update(qualite="soutien"),
            "organisations[1].signataire",
            "« signataire: true » contredit « qualite: soutien » ; gardez seulement « qualite »",
        ),
        (
            lambda doc: doc["organisations"][2].update(qualite="donateur"),
            "organisations[2].qualite",
            "",
        ),
    ],
)
def test_bad_parties_get_a_french_message_with_their_place(change, path, message):
    doc = with_parties()
    change(doc)
    with pytest.raises(ExchangeError) as error:
        import_document(doc)
    problems = {p.path: p.message for p in error.value.problems}
    assert path in problems
    assert message in problems[path]
    assert not Convention.objects.filter(slug="marais-test").exists()


def test_a_group_and_its_members_through_the_page_form(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention)
    a = Organisation.objects.create(
        convention=convention, ref="a", name="Commune A", kind="commune"
    )
    url = reverse("conventions:organisation_create", kwargs={"slug": convention.slug})
    data = {"name": "Communes du CEJ", "kind": "commune", "quality": "soutien", "members": [a.pk]}
    refused = page_text(client.post(url, data))
    assert "Seul un groupe d'organisations a des membres" in refused
    assert client.post(url, {**data, "kind": "groupe"}).status_code == 302
    group = Organisation.objects.get(convention=convention, name="Communes du CEJ")
    assert group.quality == "soutien" and list(group.members.all()) == [a]


@pytest.mark.parametrize(
    ("written", "shown", "exported"),
    [
        ("2021-11", "novembre 2021", "2021-11"),
        ("2021-11-15", "15 novembre 2021", "2021-11-15"),
        ("fin 2021", "fin 2021", "fin 2021"),
        (2021, "2021", "2021"),
    ],
)
def test_a_signature_date_is_kept_as_precise_as_the_source(admin_client, written, shown, exported):
    import_document(document(signee_le=written, periode={"debut": 2021, "fin": 2025}))
    convention = Convention.objects.get(slug="marais-test")
    assert export_convention(convention)["ctg"]["signee_le"] == exported
    page = page_text(admin_client.get(convention.get_absolute_url()))
    assert page.split("Signature</dt>", 1)[1].split("</dd>", 1)[0].strip().endswith(shown)


def test_a_bad_signature_date_says_where_and_how_to_write_it():
    with pytest.raises(ExchangeError) as error:
        import_document(document(signee_le="2021-13"))
    problems = {p.path: p.message for p in error.value.problems}
    assert "illisible" in problems["ctg.signee_le"] or "2021-13" in problems["ctg.signee_le"]
    assert not Convention.objects.filter(slug="marais-test").exists()


def test_a_signature_month_through_the_page_form_and_the_api(member_client):
    convention = ConventionFactory(start_year=2021, end_year=2025)
    client, _ = member_client(convention)
    url = reverse("conventions:edit", kwargs={"slug": convention.slug})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "thematiques"}
    data.update(signed_on="novembre 2021", status="")
    assert client.post(url, data).status_code == 302
    convention.refresh_from_db()
    assert str(convention.signed_on) == "novembre 2021"
    refused = page_text(client.post(url, {**data, "signed_on": "bientôt"}))
    assert "Date « bientôt » illisible" in refused

    api = f"/api/v1/ctg/{convention.slug}/"
    body = client.get(api).json()
    assert body["signee_le"] == "2021-11"
    answer = client.patch(
        api, {"signee_le": "2021-T4", "version": body["version"]}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    convention.refresh_from_db()
    assert str(convention.signed_on) == "4e trimestre 2021"
    bad = client.patch(
        api,
        {"signee_le": "hier", "version": answer.json()["version"]},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "illisible" in bad.content.decode()


def test_a_groups_possible_members_are_listed_in_french_order(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention)
    for ref, name in [("z", "Zébulon"), ("e", "Échillais"), ("i", "Île-d'Aix"), ("a", "Aunis")]:
        Organisation.objects.create(convention=convention, ref=ref, name=name, kind="commune")
    url = reverse("conventions:organisation_create", kwargs={"slug": convention.slug})
    text = page_text(client.get(url))
    positions = [text.index(name) for name in ("Aunis", "Échillais", "Île-d'Aix", "Zébulon")]
    assert positions == sorted(positions)
