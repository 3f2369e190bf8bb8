"""The demo CTGs written from public documents: Pays de Meaux and Vallée de l'Hérault. They
say only what their sources say (approximate dates, signatory qualities and groups, findings
blocks, key figures in their words, the CTG's own phases, actions without numbers), and the
pages say it the same way."""

import shutil

import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Convention
from ctg_pilote.demo.services import (
    DATA_DIR,
    demo_document,
    demo_folders,
    load_demo_conventions,
)
from ctg_pilote.exchange.document import read_file
from ctg_pilote.exchange.export import export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError

FOLDERS = ("pays-de-meaux", "vallee-herault")


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


def test_the_new_folders_are_part_of_the_demo():
    assert set(FOLDERS) <= {folder.name for folder in demo_folders()}


def copy_demo(tmp_path, *folders):
    for folder in folders:
        shutil.copytree(DATA_DIR / folder, tmp_path / folder)
    return tmp_path


def test_the_new_folders_load_with_the_rest_of_the_demo(territories, tmp_path, monkeypatch):
    monkeypatch.setattr(
        "ctg_pilote.demo.services.DATA_DIR", copy_demo(tmp_path, "aunis-atlantique", *FOLDERS)
    )
    reports = load_demo_conventions()
    assert {report.slug for report in reports} == {"aunis-atlantique", *FOLDERS}


def test_a_broken_folder_stops_the_demo_naming_its_file_and_path(db, tmp_path, monkeypatch):
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
    # "À lancer" only as a choice of the status filter, never said of an action.
    assert "non renseigné" in plan.lower()
    assert plan.count("À lancer") == plan.count('value="a_lancer"')
    demarche = page(client, "governance:demarche", "pays-de-meaux")
    assert "Signature de la seconde convention" in demarche and "En retard" not in demarche
    assert "km²" in page(client, "diagnostic:portrait", "pays-de-meaux")
    assert "Ce que dit la Caf à la signature" in page(
        client, "diagnostic:syntheses", "pays-de-meaux"
    )
    public = page(client, "public:page", "pays-de-meaux")
    assert "aide à toutes les familles" in public


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


@pytest.mark.parametrize("folder", FOLDERS)
def test_export_then_import_gives_the_same_document(territories, folder):
    import_document(demo_document(DATA_DIR / folder))
    first = export_convention(Convention.objects.get(slug=folder))
    import_document(first)
    assert export_convention(Convention.objects.get(slug=folder)) == first


def test_pays_de_meaux_states_no_default_as_a_fact(territories, client):
    """Where the sources are silent: no "0 % réalisées" for actions of unknown status, no "À
    venir" for a phase known only by its end, no "0 acteurs engagés" when nothing is recorded,
    and an undated step says so on the public page."""
    import_document(demo_document(DATA_DIR / "pays-de-meaux"))
    client = signed_in(client, "pays-de-meaux")
    assert "% réalisées" not in page(client, "plan:index", "pays-de-meaux")
    demarche = page(client, "governance:demarche", "pays-de-meaux")
    assert "Seconde convention" in demarche and "À venir" not in demarche
    overview = page(client, "governance:index", "pays-de-meaux")
    assert "0 acteurs" not in overview and "Aucune organisation" in overview
    public = page(client, "public:page", "pays-de-meaux")
    assert "Date non précisée" in public
