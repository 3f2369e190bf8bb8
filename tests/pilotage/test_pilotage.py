import datetime
import io
import os
import shutil
import subprocess

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from ctg_pilote.pilotage.digest import send_digests
from ctg_pilote.pilotage.models import Bilan, DigestOptOut, ResultEvaluation
from ctg_pilote.pilotage.similarity import rank
from ctg_pilote.plan.models import BudgetLine, IndicatorTarget, Note, Snapshot
from tests.conventions.factories import ConventionFactory, MembershipFactory, OrganisationFactory
from tests.plan.factories import ActionFactory, IndicatorFactory, IndicatorValueFactory, NodeFactory

pytestmark = pytest.mark.django_db


def _plan(convention, n):
    node = NodeFactory(convention=convention, title="Parentalité", expected_results=["R1"])
    org = OrganisationFactory(convention=convention)
    for i in range(n):
        action = ActionFactory(
            convention=convention, node=node, number=f"1.{i + 1}", running=True, pilot=org
        )
        BudgetLine.objects.create(action=action, year=2025, amount=100, funder=org)
        indicator = IndicatorFactory(action=action, ref=f"I{i}")
        IndicatorTarget.objects.create(indicator=indicator, year=2025, value=10)
        IndicatorValueFactory(indicator=indicator, year=2025, value=9)
    return node


def test_dashboard_shows_figures_and_links(member_client, convention):
    _plan(convention, 3)
    client, _ = member_client(convention, "lecteur")
    response = client.get(f"/ctg/{convention.slug}/pilotage/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "?status=en_cours" in body
    assert "En bonne voie : 3" in body
    assert "chart.umd.min.js" in body


def test_dashboard_query_count_does_not_grow(member_client):
    small, big = ConventionFactory(), ConventionFactory()
    _plan(small, 5)
    _plan(big, 50)
    client, _ = member_client(small, "coordinateur")
    MembershipFactory(convention=big, user=_.user, role="coordinateur")
    counts = []
    for convention in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/ctg/{convention.slug}/pilotage/").status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_permissions(member_client, outsider_client, convention):
    url = f"/ctg/{convention.slug}/pilotage/"
    assert Client().get(url).status_code == 302
    assert outsider_client.get(url).status_code == 403
    node = _plan(convention, 1)
    client, _ = member_client(convention, "lecteur")
    edit = f"/ctg/{convention.slug}/pilotage/bilans/annuel/2025/textes/"
    assert client.post(edit, {"introduction": "x"}).status_code == 403
    assert not Bilan.objects.exists()
    evaluate = f"/ctg/{convention.slug}/pilotage/evaluation/{node.pk}/1/"
    assert client.post(evaluate, {"judgement": "atteint"}).status_code == 403
    assert not ResultEvaluation.objects.exists()


def test_other_ctg_node_is_404(member_client, convention):
    other = _plan(ConventionFactory(), 1)
    client, _ = member_client(convention, "coordinateur")
    assert (
        client.get(f"/ctg/{convention.slug}/pilotage/evaluation/{other.pk}/1/").status_code == 404
    )


def test_coordinator_writes_bilan_and_evaluation(member_client, convention):
    node = _plan(convention, 2)
    client, _ = member_client(convention, "coordinateur")
    url = f"/ctg/{convention.slug}/pilotage/bilans/annuel/2025/textes/"
    response = client.post(
        url, {"introduction": "Une année dense.", f"n{node.pk}_difficulties": "Recrutement"}
    )
    assert response.status_code == 302
    page = client.get(f"/ctg/{convention.slug}/pilotage/bilans/annuel/2025/").content.decode()
    assert "Une année dense." in page and "Recrutement" in page
    response = client.post(
        f"/ctg/{convention.slug}/pilotage/evaluation/{node.pk}/1/",
        {"judgement": "partiellement_atteint", "evidence": "Enquête 2025"},
    )
    assert response.status_code == 302
    page = client.get(f"/ctg/{convention.slug}/pilotage/evaluation/").content.decode()
    assert "Partiellement atteint" in page and "Enquête 2025" in page


def test_bilan_year_outside_period(member_client, convention):
    client, _ = member_client(convention, "coordinateur")
    response = client.get(f"/ctg/{convention.slug}/pilotage/bilans/annuel/2031/")
    assert response.status_code == 400
    assert "hors de la période" in response.content.decode()
    with pytest.raises(CommandError, match="hors de la période"):
        call_command("bilan", convention.slug, "--year", "2031", "-o", "/tmp/never.docx")


def test_bilan_formats_hold_every_node_and_action(convention, tmp_path):
    _plan(convention, 3)
    out = tmp_path / "b.docx"
    call_command("bilan", convention.slug, "--year", "2025", "--format", "docx", "-o", str(out))
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "Parentalité" in text
    for i in range(3):
        assert "Action de test" in text and f"1.{i + 1}" in text
    assert any(p.style.name.startswith("Heading") for p in doc.paragraphs)
    call_command(
        "bilan", convention.slug, "--year", "2025", "--format", "pdf", "-o", str(tmp_path / "b.pdf")
    )
    pdf_text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "b.pdf")).pages)
    assert "Parentalité" in pdf_text and "1.3" in pdf_text
    call_command(
        "bilan",
        convention.slug,
        "--year",
        "2025",
        "--format",
        "xlsx",
        "-o",
        str(tmp_path / "b.xlsx"),
    )
    sheet = load_workbook(tmp_path / "b.xlsx")["Actions"]
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["1.1", "1.2", "1.3"]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice absent")
def test_libreoffice_converts_the_docx(convention, tmp_path):
    _plan(convention, 2)
    out = tmp_path / "b.docx"
    call_command("bilan", convention.slug, "--year", "2025", "-o", str(out))
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=120,
    )
    pages = PdfReader(str(tmp_path / "b.pdf")).pages
    assert "Bilan annuel 2025" in pages[0].extract_text()  # the cover
    assert "Parentalité" in "".join(page.extract_text() for page in pages[1:])


def test_bilan_download(member_client, convention):
    _plan(convention, 1)
    client, _ = member_client(convention, "lecteur")
    response = client.get(f"/ctg/{convention.slug}/pilotage/bilans/annuel/2025/bilan.docx")
    assert response.status_code == 200
    assert Document(io.BytesIO(response.content)).paragraphs


def test_deleted_snapshot_gives_clear_message(member_client, convention):
    client, _membership = member_client(convention, "coordinateur")
    snapshot = Snapshot.objects.create(convention=convention, label="COPIL", data={"actions": {}})
    pk = snapshot.pk
    snapshot.delete()
    response = client.get(f"/ctg/{convention.slug}/pilotage/evaluation/comparer/?avant={pk}")
    assert response.status_code == 400
    assert "existe plus" in response.content.decode()


def test_digest_sends_to_pilot_and_coordinator_and_respects_opt_out(convention):
    node = NodeFactory(convention=convention)
    org = OrganisationFactory(convention=convention)
    lonely = OrganisationFactory(convention=convention)
    ActionFactory(
        convention=convention,
        node=node,
        pilot=org,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    ActionFactory(
        convention=convention,
        node=node,
        pilot=lonely,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    coordinator = MembershipFactory(convention=convention, role="coordinateur")
    pilot = MembershipFactory(convention=convention, role="partenaire", organisation=org)
    report = send_digests()
    assert {m.to[0] for m in mail.outbox} == {coordinator.user.email, pilot.user.email}
    assert any(lonely.name in p for p in report.problems)
    mail.outbox.clear()
    DigestOptOut.objects.create(convention=convention, user=pilot.user)
    send_digests()
    assert [m.to[0] for m in mail.outbox] == [coordinator.user.email]


def test_similarity_finds_differently_worded_actions():
    docs = [(1, "Bus mobile pour les parents dans les villages"), (2, "Réseau petite enfance")]
    hits = rank("action itinérante de parentalité", docs)
    assert [h.item for h in hits] == [1]
    assert any("itinérant" in m for m in hits[0].matched)


def test_departement_view_permissions(client, member_client):
    ours = ConventionFactory(name="CTG suivie")
    ConventionFactory(name="CTG étrangère")
    code = ours.caf_departement.code
    client, _ = member_client(ours, "caf")
    page = client.get(f"/departements/{code}/").content.decode()
    assert "CTG suivie" in page and "CTG étrangère" not in page
    geo = client.get(f"/departements/{code}/epci.geojson").json()
    assert geo["features"] and {"status", "name"} <= set(geo["features"][0]["properties"])
    client.logout()
    assert client.get(f"/departements/{code}/").status_code == 302


def test_departement_refused_to_non_caf(member_client, convention):
    client, _ = member_client(convention, "lecteur")
    assert client.get(f"/departements/{convention.caf_departement.code}/").status_code == 403


@pytest.mark.parametrize(
    ("value", "expected"), [(95, "on_track"), (75, "at_risk"), (40, "off_track")]
)
def test_indicator_health_rule(convention, value, expected):
    from ctg_pilote.pilotage.selectors import indicator_health

    indicator = IndicatorFactory(action=ActionFactory(convention=convention), baseline_value=0)
    IndicatorTarget.objects.create(indicator=indicator, year=2025, value=100)
    IndicatorValueFactory(indicator=indicator, year=2025, value=value)
    assert indicator_health(indicator).status == expected


def test_late_and_stale_actions_are_listed(member_client, convention):
    node = NodeFactory(convention=convention)
    ActionFactory(
        convention=convention,
        node=node,
        number="1",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2020, 1, 1),
    )
    ActionFactory(
        convention=convention,
        node=node,
        number="2",
        running=True,
        end_date=datetime.date(2099, 1, 1),
    )
    ActionFactory(convention=convention, node=node, number="3", done=True)
    followed = ActionFactory(
        convention=convention,
        node=node,
        number="4",
        running=True,
        end_date=datetime.date(2099, 1, 1),
    )
    Note.objects.create(action=followed, date=datetime.date.today(), text="Point d'étape")
    client, _ = member_client(convention, "lecteur")
    late = client.get(f"/ctg/{convention.slug}/pilotage/actions/?late=echeance").context["actions"]
    stale = client.get(f"/ctg/{convention.slug}/pilotage/actions/?late=sans_suivi").context[
        "actions"
    ]
    assert [a.number for a in late] == ["1"]
    # "1" should have started long ago and has no follow-up either; "4" has a recent note.
    assert [a.number for a in stale] == ["1", "2"]
    board = client.get(f"/ctg/{convention.slug}/pilotage/").context["board"]
    assert (board.late_count, board.stale_count) == (1, 2)
    assert [str(a) for a in board.late] == [str(late[0])]


def _late_stale_and_measured(convention, n):
    """n late actions, n stale ones, each with an indicator, and an indicator per node."""
    node = NodeFactory(convention=convention, number="1")
    org = OrganisationFactory(convention=convention)
    for i in range(n):
        late = ActionFactory(
            convention=convention,
            node=node,
            number=f"1.{i}",
            pilot=org,
            start_date=datetime.date(2019, 1, 1),
            end_date=datetime.date(2020, 1, 1),
        )
        stale = ActionFactory(
            convention=convention,
            node=node,
            number=f"2.{i}",
            running=True,
            pilot=org,
            end_date=datetime.date(2099, 1, 1),
        )
        for action in (late, stale):
            Note.objects.create(action=action, date=datetime.date(2020, 1, 1), text="Vieux")
            BudgetLine.objects.create(action=action, year=2025, amount=10 + i, funder=org)
            indicator = IndicatorFactory(action=action, ref=f"I{action.number}")
            IndicatorTarget.objects.create(indicator=indicator, year=2025, value=10)
            IndicatorValueFactory(indicator=indicator, year=2025, value=i)
        IndicatorValueFactory(
            indicator=IndicatorFactory(action=None, node=node, convention=convention, ref=f"N{i}"),
            year=2025,
            value=1,
        )


def test_dashboard_queries_are_the_same_for_3_or_30_late_stale_and_measured(member_client):
    small, big = ConventionFactory(), ConventionFactory()
    _late_stale_and_measured(small, 3)
    _late_stale_and_measured(big, 30)
    client, membership = member_client(small, "coordinateur")
    MembershipFactory(convention=big, user=membership.user, role="coordinateur")
    counts = []
    for convention, n in ((small, 3), (big, 30)):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/ctg/{convention.slug}/pilotage/")
        counts.append(len(ctx))
        board = response.context["board"]
        assert (board.late_count, len(board.late), board.stale_count) == (n, min(n, 10), 2 * n)
        rows = response.context["indicator_rows"]
        assert len(rows) == 3 * n
    assert counts[0] == counts[1]


def test_followed_ctgs_and_admin_sees_every_ctg(client, member_client):
    ours, theirs = ConventionFactory(name="CTG A"), ConventionFactory(name="CTG B")
    assert client.get("/departements/suivies/").status_code == 302
    member, _ = member_client(ours, "partenaire", organisation=OrganisationFactory(convention=ours))
    page = member.get("/departements/suivies/").content.decode()
    assert "CTG A" in page and "CTG B" not in page
    from tests.conventions.factories import UserFactory

    client.force_login(UserFactory(admin=True))
    page = client.get(f"/departements/{theirs.caf_departement.code}/").content.decode()
    assert "CTG A" in page and "CTG B" in page
