"""The demo CTGs written from public documents: Pays de Meaux and Vallée de l'Hérault.

Their files use exchange keys still being built (approximate dates, signatory qualities and
groups, findings blocks, key figures with their words, the CTG's own phases, actions without
numbers, publication choices): the tests that import them are expected to fail until those
keys are in the schema (xfail, not strict). The other tests hold now.
"""

import shutil

import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Convention
from ctg_pilote.demo.services import (
    DATA_DIR,
    PENDING_FOLDERS,
    demo_document,
    demo_folders,
    load_demo_conventions,
)
from ctg_pilote.exchange.document import read_file
from ctg_pilote.exchange.export import export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError

FOLDERS = ("pays-de-meaux", "vallee-herault")
NEW_KEYS = pytest.mark.xfail(
    strict=False,
    reason="uses exchange keys of the real-CTG work (qualities, groups, findings blocks, key "
    "figure words, own phases, unnumbered actions) not yet in the schema",
)


@pytest.fixture
def territories(db):
    """Seine-et-Marne and Hérault, next to the test session's Charente-Maritime and Maine-et-Loire."""
    from ctg_pilote.territories.importer import load_extract

    load_extract(departements=["34", "77"], contours_file=None)


def walk(value, path=""):
    """Every (path, key, value) of a nested document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield path, key, item
            yield from walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_file_says_where_its_facts_come_from(folder):
    files = sorted((DATA_DIR / folder).glob("*.yaml"))
    assert {f.name for f in files} >= {"ctg.yaml", "diagnostic.yaml", "gouvernance.yaml"}
    header = (DATA_DIR / folder / "ctg.yaml").read_text(encoding="utf-8")
    for part in ("SOURCES", "FAITS REPRIS", "LAISSÉ DE CÔTÉ", "[S1] ", "https://"):
        assert part in header
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert text.startswith("# "), file.name
        assert "[S" in text.split("\n\n")[0] or "Source" in text, file.name


@pytest.mark.parametrize("folder", FOLDERS)
def test_nothing_is_invented_where_the_sources_are_silent(folder):
    document = demo_document(DATA_DIR / folder)
    keys = {key for _path, key, _value in walk(document)}
    assert "fictif" not in keys and "suivi_fictif" not in keys
    assert "statut" not in document["ctg"]
    for action in document.get("plan", {}).get("actions", []):
        assert not {"numero", "statut", "avancement", "pilote"} & set(action), action
    for figure in document["diagnostic"]["chiffres_cles"]:
        assert figure["source"], figure["code"]
    # No personal data: accounts carry no names, organisations no contacts.
    assert all(set(m) <= {"courriel", "role", "organisation"} for m in document["membres"])
    assert not any("contacts" in o for o in document["organisations"])


def test_the_new_folders_wait_outside_the_ready_demo_until_their_keys_exist():
    ready = {folder.name for folder in demo_folders()}
    everything = {folder.name for folder in demo_folders(include_pending=True)}
    assert set(FOLDERS) <= PENDING_FOLDERS
    assert not set(FOLDERS) & ready
    assert set(FOLDERS) <= everything


def copy_demo(tmp_path, *folders):
    for folder in folders:
        shutil.copytree(DATA_DIR / folder, tmp_path / folder)
    return tmp_path


def test_a_pending_folder_either_loads_or_is_left_out_by_name(territories, tmp_path, monkeypatch):
    monkeypatch.setattr(
        "ctg_pilote.demo.services.DATA_DIR", copy_demo(tmp_path, "aunis-atlantique", *FOLDERS)
    )
    skipped = []
    reports = load_demo_conventions(skipped)
    assert "aunis-atlantique" in {report.slug for report in reports}
    for folder in FOLDERS:
        loaded = Convention.objects.filter(slug=folder).exists()
        left_out = [item for item in skipped if item.folder == folder]
        assert loaded != bool(left_out), folder
        for item in left_out:
            assert str(item.error).startswith(f"{folder}/") or folder in str(item.error)


def test_a_broken_ready_folder_stops_the_demo_naming_its_file_and_path(db, tmp_path, monkeypatch):
    data = copy_demo(tmp_path, "aunis-atlantique")
    ctg = data / "aunis-atlantique" / "ctg.yaml"
    ctg.write_text(ctg.read_text(encoding="utf-8").replace("caf: '17'", "caf: 'XX'"))
    monkeypatch.setattr("ctg_pilote.demo.services.DATA_DIR", data)
    with pytest.raises(ExchangeError) as raised:
        load_demo_conventions()
    assert "aunis-atlantique/ctg.yaml : ctg.caf" in str(raised.value)
    assert not Convention.objects.filter(slug="aunis-atlantique").exists()


def test_the_yaml_of_the_new_folders_reads_cleanly():
    for folder in FOLDERS:
        for file in (DATA_DIR / folder).glob("*.yaml"):
            assert read_file(file), file


def signed_in(client, slug):
    from tests.conventions.factories import MembershipFactory

    membership = MembershipFactory(convention=Convention.objects.get(slug=slug))
    client.force_login(membership.user)
    return client


def page(client, name, slug):
    response = client.get(reverse(name, args=[slug]))
    assert response.status_code == 200, name
    return response.content.decode()


@NEW_KEYS
def test_pays_de_meaux_says_what_its_sources_say(territories, client):
    import_document(demo_document(DATA_DIR / "pays-de-meaux"))
    client = signed_in(client, "pays-de-meaux")
    detail = page(client, "conventions:detail", "pays-de-meaux")
    assert "Terminée" in detail and "En préparation" not in detail
    assert "Les 22 maires du territoire signataires" in page(
        client, "conventions:organisations", "pays-de-meaux"
    )
    plan = page(client, "plan:index", "pays-de-meaux")
    assert "Renforcer l'offre numérique" in plan or "Renforcer l&#x27;offre numérique" in plan
    assert "non renseigné" in plan.lower() and "À lancer" not in plan
    demarche = page(client, "governance:demarche", "pays-de-meaux")
    assert "Signature de la seconde convention" in demarche and "En retard" not in demarche
    assert "km²" in page(client, "diagnostic:portrait", "pays-de-meaux")
    assert "Ce que dit la Caf à la signature" in page(
        client, "diagnostic:syntheses", "pays-de-meaux"
    )
    public = page(client, "public:page", "pays-de-meaux")
    assert "aide à toutes les familles" in public


@NEW_KEYS
def test_vallee_herault_says_what_its_sources_say(territories, client):
    import_document(demo_document(DATA_DIR / "vallee-herault"))
    client = signed_in(client, "vallee-herault")
    assert "En cours" in page(client, "conventions:detail", "vallee-herault")
    assert "plus de 15 ans" in page(client, "diagnostic:portrait", "vallee-herault")
    syntheses = page(client, "diagnostic:syntheses", "vallee-herault")
    assert "chapeau politique" in syntheses and "2019" in syntheses
    demarche = page(client, "governance:demarche", "vallee-herault")
    assert "Programme d" in demarche and "En retard" not in demarche
    assert "la Vallée 3D" in page(client, "governance:schemes", "vallee-herault")
    assert "chapeau politique" in page(client, "public:page", "vallee-herault")


@NEW_KEYS
@pytest.mark.parametrize("folder", FOLDERS)
def test_export_then_import_gives_the_same_document(territories, folder):
    import_document(demo_document(DATA_DIR / folder))
    first = export_convention(Convention.objects.get(slug=folder))
    import_document(first)
    assert export_convention(Convention.objects.get(slug=folder)) == first
