"""Adopted bilans: kept byte for byte, shown on the bilan page, compared with the draft."""

import datetime
import html
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from ctg_pilote.pilotage.models import AdoptedBilan
from ctg_pilote.pilotage.services import save_bilan
from ctg_pilote.plan.models import Indicator, IndicatorTarget
from ctg_pilote.plan.services import record_progress, set_indicator_value
from tests.conventions.factories import ConventionFactory
from tests.governance.factories import MeetingFactory
from tests.plan.factories import ActionFactory, IndicatorFactory, NodeFactory

pytestmark = pytest.mark.django_db

# The bilan of the current year: whatever the plan's history keeps, today's changes belong
# to the state at the end of this year, so they reach a bilan built again from the plan.
YEAR = timezone.localdate().year


@pytest.fixture
def ctg():
    return ConventionFactory(start_year=YEAR - 2, end_year=YEAR + 2)


def _plan(convention):
    node = NodeFactory(convention=convention, title="Parentalité", number="1")
    first = ActionFactory(
        convention=convention, node=node, number="1.1", title="Lieu d'accueil", running=True
    )
    second = ActionFactory(
        convention=convention, node=node, number="1.2", title="Café des parents", running=True
    )
    indicator = IndicatorFactory(action=first, ref="I1", name="Familles accueillies")
    IndicatorTarget.objects.create(indicator=indicator, year=YEAR, value=50)
    set_indicator_value(indicator=indicator, year=YEAR, value=Decimal(20))
    return node, first, second, indicator


def _adopt(client, convention, **data):
    return client.post(f"/ctg/{convention.slug}/pilotage/bilans/annuel/{YEAR}/adopter/", data)


def _download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return " ".join([p.text for p in doc.paragraphs] + cells)


def _xlsx_text(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data))
    return " ".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
    )


READ = {"pdf": _pdf_text, "docx": _docx_text, "xlsx": _xlsx_text}


def _page_text(response) -> str:
    """The page as read: tags dropped, spaces collapsed, entities unescaped."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html.unescape(text))


def _says_done(text: str) -> bool:
    """An action's status « Réalisée » (not the column « Réalisées »)."""
    return re.search(r"\bRéalisée\b", text) is not None


def test_adopted_files_stay_byte_identical_after_a_year_of_changes(member_client, ctg):
    node, first, second, indicator = _plan(ctg)
    save_bilan(
        convention=ctg,
        kind="annuel",
        year=YEAR,
        introduction="Une année de lancement.",
        conclusion="",
        node_texts={},
    )
    client, membership = member_client(ctg, "coordinateur")
    meeting = MeetingFactory(
        instance__convention=ctg,
        title="COPIL de bilan",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    assert _adopt(client, ctg, meeting=meeting.pk).status_code == 302
    adopted = AdoptedBilan.objects.get()
    base = f"/ctg/{ctg.slug}/pilotage/bilans-adoptes/{adopted.pk}/bilan."
    at_adoption = {fmt: _download(client, base + fmt) for fmt in READ}
    assert all(at_adoption[fmt] == bytes(getattr(adopted, fmt)) for fmt in READ)
    for fmt, read in READ.items():
        assert "Café des parents" in read(at_adoption[fmt]), fmt
        assert not _says_done(read(at_adoption[fmt])), fmt

    # A year of changes: statuses, values, narratives, a new action.
    for action in (first, second):
        action.refresh_from_db()
        record_progress(
            action=action,
            by=membership.user,
            expected_version=action.version,
            status="realisee",
            progress=100,
        )
    set_indicator_value(indicator=indicator, year=YEAR, value=Decimal(48))
    save_bilan(
        convention=ctg,
        kind="annuel",
        year=YEAR,
        introduction="Texte réécrit après coup.",
        conclusion="Une conclusion ajoutée.",
        node_texts={node.pk: {"comments": "Nouveau commentaire."}},
        expected_version=None,
    )
    ActionFactory(convention=ctg, node=node, number="1.3", title="Action ajoutée")

    for fmt, read in READ.items():
        again = _download(client, base + fmt)
        assert again == at_adoption[fmt], fmt
        assert not _says_done(read(again)), fmt
        now = read(_download(client, f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR}/bilan.{fmt}"))
        assert _says_done(now) and "Action ajoutée" in now, fmt
        assert "Action ajoutée" not in read(again), fmt
    assert "Une année de lancement." in _pdf_text(at_adoption["pdf"])


def test_bilan_page_says_adopted_at_which_meeting_even_once_it_is_deleted(member_client, ctg):
    _plan(ctg)
    client, _ = member_client(ctg, "coordinateur")
    page = f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR}/"
    assert "pas encore été présenté au comité de pilotage" in client.get(page).content.decode()
    meeting = MeetingFactory(
        instance__convention=ctg,
        title="COPIL de janvier",
        starts_at=timezone.make_aware(datetime.datetime(YEAR, 1, 28, 14, 30)),
    )
    if meeting.starts_at > timezone.now():  # a test run in January
        meeting.starts_at = meeting.starts_at.replace(year=YEAR - 1)
        meeting.save()
    assert _adopt(client, ctg, meeting=meeting.pk).status_code == 302
    day = timezone.localdate(meeting.starts_at)
    body = client.get(page).content.decode()
    assert f"présenté au comité de pilotage du {day:%d/%m/%Y} (COPIL de janvier)" in body
    assert "PDF adopté" in body
    meeting.delete()
    body = client.get(page).content.decode()
    assert f"présenté au comité de pilotage du {day:%d/%m/%Y} (COPIL de janvier)" in body
    listing = client.get(f"/ctg/{ctg.slug}/pilotage/bilans/").content.decode()
    assert f"Bilan annuel {YEAR}" in listing and f"{day:%d/%m/%Y}" in listing


def test_a_corrected_adoption_becomes_the_adopted_one_and_the_first_stays(member_client, ctg):
    _plan(ctg)
    client, _ = member_client(ctg, "caf")
    first_day = timezone.localdate() - datetime.timedelta(days=20)
    assert _adopt(client, ctg, presented_on=first_day.isoformat()).status_code == 302
    ActionFactory(convention=ctg, node=ctg.plan_nodes.get(), number="1.3", title="Oubliée")
    second_day = timezone.localdate() - datetime.timedelta(days=2)
    assert _adopt(client, ctg, presented_on=second_day.isoformat()).status_code == 302
    first, second = AdoptedBilan.objects.order_by("adopted_at", "id")
    body = client.get(f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR}/").content.decode()
    assert f"présenté au comité de pilotage du {second_day:%d/%m/%Y}" in body
    assert f"Présenté le {first_day:%d/%m/%Y}" in body
    assert f"/bilans-adoptes/{first.pk}/bilan.pdf" in body
    assert "Oubliée" in _docx_text(bytes(second.docx))
    assert "Oubliée" not in _docx_text(bytes(first.docx))


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({}, "Choisissez la réunion ou donnez la date de présentation."),
        ({"presented_on": "2099-01-01"}, "est à venir : un bilan est adopté une fois présenté"),
        ({"presented_on": "1815-06-18"}, "Date de présentation"),
        ({"meeting": "999999"}, "Réunion"),
    ],
)
def test_adoption_refused_with_a_french_message_and_nothing_kept(
    member_client, ctg, data, field_message
):
    _plan(ctg)
    client, _ = member_client(ctg, "coordinateur")
    response = _adopt(client, ctg, **data)
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not AdoptedBilan.objects.exists()


def test_a_meeting_of_another_ctg_cannot_be_chosen(member_client, ctg):
    _plan(ctg)
    client, _ = member_client(ctg, "coordinateur")
    other = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=1))
    response = _adopt(client, ctg, meeting=other.pk)
    assert response.status_code == 200
    assert not AdoptedBilan.objects.exists()


def test_readers_download_adopted_files_but_do_not_adopt(member_client, ctg):
    _plan(ctg)
    client, _ = member_client(ctg, "lecteur")
    day = timezone.localdate().isoformat()
    assert _adopt(client, ctg, presented_on=day).status_code == 403
    assert not AdoptedBilan.objects.exists()
    body = client.get(f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR}/").content.decode()
    assert "Marquer comme présenté" not in body


def test_adopted_file_of_another_ctg_is_404(member_client, ctg):
    other = ConventionFactory(start_year=YEAR - 2, end_year=YEAR + 2)
    _plan(other)
    coordinator, _ = member_client(other, "coordinateur")
    _adopt(coordinator, other, presented_on=timezone.localdate().isoformat())
    adopted = AdoptedBilan.objects.get()
    client, _ = member_client(ctg, "coordinateur")
    url = f"/ctg/{ctg.slug}/pilotage/bilans-adoptes/{adopted.pk}/bilan.pdf"
    assert client.get(url).status_code == 404


def test_comparison_lists_what_moved_was_added_and_abandoned(member_client, ctg):
    node, first, second, indicator = _plan(ctg)
    client, membership = member_client(ctg, "coordinateur")
    compare = f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR}/comparer/"
    assert "n'a encore été adopté : il n'y a rien à comparer" in _page_text(client.get(compare))
    _adopt(client, ctg, presented_on=timezone.localdate().isoformat())
    assert "Aucun écart avec le bilan adopté." in client.get(compare).content.decode()

    first.refresh_from_db()
    record_progress(
        action=first,
        by=membership.user,
        expected_version=first.version,
        status="realisee",
        progress=100,
    )
    second.refresh_from_db()
    record_progress(
        action=second,
        by=membership.user,
        expected_version=second.version,
        status="abandonnee",
        progress=40,
    )
    set_indicator_value(indicator=indicator, year=YEAR, value=Decimal("31.5"))
    ActionFactory(convention=ctg, node=node, number="1.3", title="Ludothèque itinérante")
    IndicatorFactory(action=first, ref="I2", name="Ateliers tenus")

    body = _page_text(client.get(compare))
    assert "Aucun écart" not in body
    moved, rest = body.split("Ce qui a bougé")[1].split("Ce qui a été ajouté")
    added, abandoned = rest.split("Ce qui a été abandonné ou retiré")
    assert "1.1. Lieu d'accueil" in moved
    assert "statut : En cours → Réalisée ; avancement : 40 % → 100 %" in moved
    assert "I1 Familles accueillies" in moved and "résultat : 20 → 31,5" in moved
    assert "1.3. Ludothèque itinérante" in added and "I2 Ateliers tenus" in added
    assert "1.2. Café des parents" in abandoned and "En cours → Abandonnée" in abandoned
    assert "1. Parentalité" in body.split("Ce qui a bougé")[0]


def test_comparison_names_actions_and_indicators_gone_from_the_plan(member_client, ctg):
    _node, _first, second, indicator = _plan(ctg)
    client, _ = member_client(ctg, "coordinateur")
    _adopt(client, ctg, presented_on=timezone.localdate().isoformat())
    Indicator.objects.filter(pk=indicator.pk).delete()
    second.delete()
    body = _page_text(client.get(f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR}/comparer/"))
    abandoned = body.split("Ce qui a été abandonné ou retiré")[1]
    assert "1.2. Café des parents — retirée du plan" in abandoned
    assert "I1 Familles accueillies — indicateur retiré" in abandoned


def test_only_past_meetings_not_cancelled_are_offered(member_client, ctg):
    _plan(ctg)
    client, _ = member_client(ctg, "coordinateur")
    past = timezone.now() - datetime.timedelta(days=5)
    MeetingFactory(instance__convention=ctg, title="COPIL tenu", starts_at=past)
    MeetingFactory(instance__convention=ctg, title="COPIL annulé", starts_at=past, status="annulee")
    MeetingFactory(
        instance__convention=ctg,
        title="COPIL à venir",
        starts_at=timezone.now() + datetime.timedelta(days=5),
    )
    body = client.get(f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR}/adopter/").content.decode()
    assert "COPIL tenu" in body
    assert "COPIL annulé" not in body and "COPIL à venir" not in body


def test_the_meeting_page_gives_the_bilans_presented_there_as_adopted(member_client, ctg):
    _plan(ctg)
    client, _ = member_client(ctg, "coordinateur")
    meeting = MeetingFactory(
        instance__convention=ctg,
        title="COPIL de bilan",
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    meeting_page = f"/ctg/{ctg.slug}/gouvernance/reunions/{meeting.pk}/"
    assert "Bilans présentés à cette réunion" not in client.get(meeting_page).content.decode()
    assert _adopt(client, ctg, meeting=meeting.pk).status_code == 302
    adopted = AdoptedBilan.objects.get()
    reader, _ = member_client(ctg, "lecteur")
    body = _page_text(reader.get(meeting_page))
    assert f"Bilans présentés à cette réunion Bilan annuel {YEAR} — adopté" in body
    link = f"/ctg/{ctg.slug}/pilotage/bilans-adoptes/{adopted.pk}/bilan.pdf"
    assert link in reader.get(meeting_page).content.decode()
    assert _download(reader, link) == bytes(adopted.pdf)


def test_a_new_year_s_draft_is_compared_with_the_last_bilan_adopted(member_client, ctg):
    _node, first, _second, _indicator = _plan(ctg)
    client, membership = member_client(ctg, "coordinateur")
    last_year = f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR - 1}/adopter/"
    today = timezone.localdate().isoformat()
    assert client.post(last_year, {"presented_on": today}).status_code == 302
    first.refresh_from_db()
    record_progress(
        action=first,
        by=membership.user,
        expected_version=first.version,
        status="realisee",
        progress=100,
    )
    draft = _page_text(client.get(f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR}/"))
    assert f"Comparer avec le dernier bilan adopté (Bilan annuel {YEAR - 1})" in draft
    body = _page_text(client.get(f"/ctg/{ctg.slug}/pilotage/bilans/annuel/{YEAR}/comparer/"))
    assert f"face au dernier bilan adopté : Bilan annuel {YEAR - 1}" in body
    assert "1.1. Lieu d'accueil — statut : En cours → Réalisée" in body
    assert f"résultat : non mesuré ({YEAR - 1}) → 20 ({YEAR})" in body
    assert f"cible : non renseignée ({YEAR - 1}) → 50 ({YEAR})" in body
