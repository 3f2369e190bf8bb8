"""Backup then restore into a new database, as the operator does it (docs/sauvegarde.md)."""

import hashlib
import json
import re
import shutil
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import Client

from ctg_pilote.accounts.models import User
from ctg_pilote.conventions.models import Convention
from ctg_pilote.demo.services import demo_folders
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.plan.models import Action
from tests.conftest import TEST_DEPARTEMENTS

from .conftest import ctg, postgres_only

pytestmark = postgres_only

SLUG = "rochefort-ocean"
COORDINATOR = "coordinateur@demo.test"


@contextmanager
def database(name: str):
    """Point this process's default connection at another database for a while."""
    conn = connections["default"]
    original = conn.settings_dict["NAME"]
    conn.close()
    conn.settings_dict["NAME"] = name
    try:
        yield
    finally:
        conn.close()
        conn.settings_dict["NAME"] = original


def exports() -> dict[str, str]:
    return {c.slug: dump_yaml(export_convention(c)) for c in Convention.objects.order_by("slug")}


def plan_reads() -> tuple[str, dict]:
    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR))
    page = client.get(f"/ctg/{SLUG}/plan/")
    api = client.get(f"/api/v1/ctg/{SLUG}/")
    assert page.status_code == 200 and api.status_code == 200
    html = re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"\w+"', "", page.content.decode())
    return html, api.json()


def refusal(*args, database_name: str) -> str:
    """The French message a command stops with (run here: quicker than a new process)."""
    with database(database_name), pytest.raises(CommandError) as error:
        call_command(*map(str, args))
    return str(error.value)


def table_count(name: str) -> int:
    with database(name), connection.cursor() as cursor:
        return len(connection.introspection.table_names(cursor))


@pytest.fixture
def backup(demo, tmp_path):
    result = ctg("backup", "-o", tmp_path / "sauvegardes")
    assert result.returncode == 0, result.stderr
    (folder,) = (tmp_path / "sauvegardes").iterdir()
    assert result.stdout.strip() == f"Sauvegarde écrite dans {folder}"
    return folder


def test_a_backup_restored_into_a_new_database_gives_back_the_same_ctgs(
    backup, scratch_databases, tmp_path
):
    """Then the same backup, damaged, is refused with a clear message and nothing restored."""
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["ctg"] == Convention.objects.count() == len(demo_folders())
    assert manifest["lignes"]["plan.Action"] == Action.objects.count() > 0
    assert sorted(p.name for p in (backup / "ctg").iterdir()) == [
        f"{slug}.yaml" for slug in sorted(Convention.objects.values_list("slug", flat=True))
    ]
    original_exports, original_reads = exports(), plan_reads()

    target = scratch_databases("restauree")
    result = ctg("restore", backup, database=target)

    assert result.returncode == 0, result.stderr
    assert f"restaurée dans la base « {target} »" in result.stdout
    assert (
        f"Vérification réussie : {len(demo_folders())} CTG identiques aux documents de la sauvegarde."
        in result.stdout
    )
    with database(target):
        assert exports() == original_exports
        assert plan_reads() == original_reads

    # Restoring again over the restored data is refused: it is no longer empty.
    refused = refusal("restore", backup, database_name=target)
    assert refused.startswith(f"La base « {target} » n'est pas vide")
    assert "--force" in refused
    with database(target):
        assert exports() == original_exports

    damaged = tmp_path / "copie-endommagee"
    shutil.copytree(backup, damaged)
    assert_damaged_backup_refused(damaged, scratch_databases, tmp_path)


def test_restore_from_the_exchange_documents_alone(backup, scratch_databases):
    """The second way back: a fresh install, then the CTGs from their documents."""
    original = exports()
    target = scratch_databases("documents")
    assert ctg("migrate", "--no-input", database=target).returncode == 0
    departements = ",".join(TEST_DEPARTEMENTS)
    assert ctg("load_territories", "--departements", departements, database=target).returncode == 0

    result = ctg("restore", "--documents", backup, database=target)

    assert result.returncode == 0, result.stderr
    assert f"Vérification réussie : {len(demo_folders())} CTG identiques" in result.stdout
    with database(target):
        assert exports() == original


def assert_damaged_backup_refused(backup, scratch_databases, tmp_path):
    target = scratch_databases("endommagee")
    dump = backup / "base.dump"
    data = bytearray(dump.read_bytes())

    # Damaged after it was written: the manifest's sha256 no longer matches.
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(data)
    result = ctg("restore", backup, database=target)
    assert result.returncode == 1
    assert "Sauvegarde endommagée, rien n'est restauré" in result.stderr
    assert "base.dump : empreinte sha256 différente de celle du manifeste" in result.stderr
    assert "Traceback" not in result.stderr
    assert table_count(target) == 0

    # Damaged when it was written (the manifest agrees with a truncated dump).
    dump.write_bytes(data[: len(data) // 2])
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["fichiers"]["base.dump"]["sha256"] = hashlib.sha256(dump.read_bytes()).hexdigest()
    (backup / "manifest.json").write_text(json.dumps(manifest))
    refused = refusal("restore", backup, database_name=target)
    assert refused.startswith("La copie de la base (base.dump)")
    assert "la base est inchangée. Détail de PostgreSQL : pg_restore: error:" in refused
    assert table_count(target) == 0

    missing = refusal("restore", tmp_path / "nulle-part", database_name=target)
    assert missing == f"Dossier de sauvegarde introuvable : {tmp_path / 'nulle-part'}"
