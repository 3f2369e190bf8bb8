"""Bad input to the backup commands, on any database: a French message, nothing written."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def refusal(*args) -> str:
    with pytest.raises(CommandError) as error:
        call_command(*map(str, args))
    return str(error.value)


def test_checking_a_folder_that_is_not_a_backup_says_what_is_missing(tmp_path):
    assert refusal("restore", "--check", tmp_path / "absent") == (
        f"Dossier de sauvegarde introuvable : {tmp_path / 'absent'}"
    )
    assert refusal("restore", "--check", tmp_path) == (
        f"{tmp_path} n'est pas une sauvegarde ctg-pilote : manifest.json manque."
    )
    (tmp_path / "manifest.json").write_text("{ pas du json")
    assert refusal("restore", "--check", tmp_path).startswith(
        "manifest.json est illisible (JSON mal formé)"
    )


def test_a_file_listed_in_the_manifest_but_missing_is_named(tmp_path):
    manifest = {"format": "ctg-pilote-sauvegarde", "fichiers": {"base.dump": {"sha256": "0"}}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    assert refusal("restore", "--documents", tmp_path) == (
        "Sauvegarde endommagée, rien n'est restauré :\n  base.dump : fichier absent"
    )


@pytest.mark.skipif(connection.vendor == "postgresql", reason="cas d'une base SQLite")
def test_backup_on_sqlite_says_it_needs_postgresql(tmp_path):
    assert refusal("backup", "-o", tmp_path).startswith(
        "La sauvegarde et la restauration demandent PostgreSQL"
    )
    assert list(tmp_path.iterdir()) == []
