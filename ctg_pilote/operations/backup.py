"""Backups of the whole platform and their restore (PostgreSQL only).

A backup is one dated folder: the database dump (pg_dump, custom format), the exchange document
of every CTG, local uploads when MEDIA_ROOT is on disk, and `manifest.json` (date, versions, row
counts, sha256 of every file). The dump and the documents come from one database snapshot, so a
restore can be checked by exporting every CTG again and comparing texts.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import revisions
from ctg_pilote.exchange.document import read_file
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError

MANIFEST = "manifest.json"
DUMP = "base.dump"
DOCUMENTS = "ctg"
MEDIA = "fichiers"
FORMAT = "ctg-pilote-sauvegarde"
FORMAT_VERSION = 1
TOOL_TIMEOUT = 3600


class BackupError(Exception):
    """A backup or a restore cannot go on; the message says why, in French."""


@dataclass
class RestoreReport:
    folder: Path
    manifest: dict
    conventions: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _app_version() -> str:
    try:
        return version("ctg-pilote")
    except PackageNotFoundError:
        return "inconnue"


def _require_postgresql() -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            "La sauvegarde et la restauration demandent PostgreSQL (variable DATABASE_URL) ; "
            f"la base actuelle est {connection.vendor}."
        )


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    # Debian keeps each major version apart; the newest reads dumps of every older server.
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    raise BackupError(
        f"Outil PostgreSQL « {name} » introuvable : installez le paquet postgresql-client."
    )


def _libpq_env() -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore through libpq's variables (no password in
    the process list)."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = db["NAME"]
    return env


def _run(args: list[str], what: str) -> None:
    try:
        result = subprocess.run(
            args, env=_libpq_env(), capture_output=True, text=True, timeout=TOOL_TIMEOUT
        )
    except subprocess.TimeoutExpired as error:
        raise BackupError(f"{what} : délai dépassé ({TOOL_TIMEOUT} s).") from error
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["(aucun détail)"])[0]
        raise BackupError(f"{what}. Détail de PostgreSQL : {detail}")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _export_documents(folder: Path) -> int:
    folder.mkdir()
    conventions = Convention.objects.order_by("slug")
    for convention in conventions:
        text = dump_yaml(export_convention(convention))
        (folder / f"{convention.slug}.yaml").write_text(text, encoding="utf-8")
    return conventions.count()


def _local_media() -> Path | None:
    if isinstance(default_storage, FileSystemStorage):
        return Path(settings.MEDIA_ROOT)
    return None


def _media_note(media: Path | None) -> str:
    if media is None:
        return f"stockage {type(default_storage).__name__} : non copiés (voir docs/sauvegarde.md)"
    if media.is_dir():
        return f"copiés dans {MEDIA}/ (MEDIA_ROOT sur disque)"
    return "aucun fichier dans MEDIA_ROOT"


def make_backup(*, destination: Path, now: datetime.datetime | None = None) -> Path:
    """Write a complete backup under `destination` and return its folder.

    The folder appears only once complete: it is written under a hidden name, then renamed.
    """
    _require_postgresql()
    now = now or datetime.datetime.now(datetime.UTC)
    name = now.strftime("%Y-%m-%dT%H%M%SZ")
    final = destination / name
    if final.exists():
        raise BackupError(f"La sauvegarde {final} existe déjà : rien n'est remplacé.")
    work = destination / f".{name}.en-cours"
    try:
        work.mkdir(parents=True)
    except OSError as error:
        raise BackupError(f"Impossible d'écrire dans {destination} : {error.strerror}.") from error
    try:
        connection.ensure_connection()
        with transaction.atomic():
            with connection.cursor() as cursor:
                # One snapshot for the dump, the documents and the counts.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
            _run(
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={work / DUMP}",
                ],
                "La copie de la base (pg_dump) a échoué",
            )
            conventions = _export_documents(work / DOCUMENTS)
            counts = row_counts()
            migrations = sorted(
                f"{app}.{name}"
                for app, name in MigrationRecorder.Migration.objects.values_list("app", "name")
            )
        media = _local_media()
        if media is not None and media.is_dir():
            shutil.copytree(media, work / MEDIA)
        files = {
            str(path.relative_to(work)): {"sha256": sha256(path), "octets": path.stat().st_size}
            for path in sorted(work.rglob("*"))
            if path.is_file()
        }
        manifest = {
            "format": FORMAT,
            "version_format": FORMAT_VERSION,
            "date": now.isoformat(timespec="seconds"),
            "application": {"ctg-pilote": _app_version(), "django": django.get_version()},
            "postgresql": server_version,
            "base": settings.DATABASES["default"]["NAME"],
            "ctg": conventions,
            "fichiers_deposes": _media_note(media),
            "migrations": migrations,
            "lignes": counts,
            "fichiers": files,
        }
        (work / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def check_backup(folder: Path) -> dict:
    """Read the manifest and check every file's sha256; return the manifest."""
    if not folder.is_dir():
        raise BackupError(f"Dossier de sauvegarde introuvable : {folder}")
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} n'est pas une sauvegarde ctg-pilote : {MANIFEST} manque.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{MANIFEST} est illisible (JSON mal formé) : {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} ne décrit pas une sauvegarde ctg-pilote.")
    damaged = []
    for name, expected in manifest.get("fichiers", {}).items():
        file = folder / name
        if not file.is_file():
            damaged.append(f"{name} : fichier absent")
        elif sha256(file) != expected.get("sha256"):
            damaged.append(f"{name} : empreinte sha256 différente de celle du manifeste")
    if DUMP not in manifest.get("fichiers", {}):
        damaged.append(f"{DUMP} : absent du manifeste")
    if damaged:
        raise BackupError("Sauvegarde endommagée, rien n'est restauré :\n  " + "\n  ".join(damaged))
    return manifest


def check_dump_readable(folder: Path, *, restoring: bool = False) -> None:
    """pg_restore reads the dump's table of contents without writing anything."""
    _run(
        [_tool("pg_restore"), "--list", str(folder / DUMP)],
        f"La copie de la base ({DUMP}) est illisible"
        + (" ; la base est inchangée" if restoring else ""),
    )


def _tables() -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


def restore_backup(*, folder: Path, force: bool = False) -> RestoreReport:
    """Restore the dump into the configured database, migrate, then compare with the backup."""
    manifest = check_backup(folder)
    _require_postgresql()
    tables = _tables()
    name = settings.DATABASES["default"]["NAME"]
    if tables and not force:
        raise BackupError(
            f"La base « {name} » n'est pas vide ({len(tables)} tables) : rien n'est restauré. "
            "Restaurez dans une base neuve (createdb), ou remplacez son contenu avec --force."
        )
    check_dump_readable(folder, restoring=True)
    connection.close()  # pg_restore --clean must not wait for this process's own session
    args = [
        _tool("pg_restore"),
        "--exit-on-error",
        "--single-transaction",
        "--no-owner",
        "--no-privileges",
        f"--dbname={name}",
    ]
    if tables:
        args += ["--clean", "--if-exists"]
    _run(
        [*args, str(folder / DUMP)],
        f"La copie de la base ({DUMP}) n'a pas pu être restaurée ; la base est inchangée",
    )
    call_command("migrate", interactive=False, verbosity=0)
    _restore_media(folder)
    report = verify(folder=folder, manifest=manifest)
    # Pages cached by running app servers must not outlive the data they were made from.
    revisions.bump_all()
    return report


def restore_documents(*, folder: Path, force: bool = False) -> RestoreReport:
    """Rebuild the CTGs from the backup's exchange documents alone (a fresh, migrated install
    with its territories loaded), all or nothing."""
    manifest = check_backup(folder)
    existing = Convention.objects.count()
    if existing and not force:
        raise BackupError(
            f"La base contient déjà {existing} CTG : rien n'est importé. Partez d'une "
            "installation neuve, ou mettez à jour ces CTG avec --force."
        )
    paths = sorted((folder / DOCUMENTS).glob("*.yaml"))
    with transaction.atomic():
        for path in paths:
            try:
                import_document(read_file(path))
            except ExchangeError as error:
                raise BackupError(
                    f"{DOCUMENTS}/{path.name} : {len(error.problems)} problème(s), rien n'est "
                    "importé :\n  " + "\n  ".join(str(p) for p in error.problems)
                ) from error
    _restore_media(folder)
    return verify(folder=folder, manifest=manifest, compare_counts=False)


def _restore_media(folder: Path) -> None:
    media = _local_media()
    if media is not None and (folder / MEDIA).is_dir():
        shutil.copytree(folder / MEDIA, media, dirs_exist_ok=True)


def verify(*, folder: Path, manifest: dict, compare_counts: bool = True) -> RestoreReport:
    """Export every CTG of the database and compare it with the backup's documents."""
    report = RestoreReport(folder=folder, manifest=manifest)
    saved = {p.stem: p for p in (folder / DOCUMENTS).glob("*.yaml")}
    current = {c.slug: c for c in Convention.objects.all()}
    report.conventions = len(current)
    for slug in sorted(saved.keys() - current.keys()):
        report.problems.append(f"CTG « {slug} » absente de la base restaurée")
    for slug in sorted(current.keys() - saved.keys()):
        report.problems.append(f"CTG « {slug} » présente dans la base mais pas dans la sauvegarde")
    for slug in sorted(saved.keys() & current.keys()):
        expected = saved[slug].read_text(encoding="utf-8").splitlines()
        actual = dump_yaml(export_convention(current[slug])).splitlines()
        if expected != actual:
            line = next(
                (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
                min(len(expected), len(actual)),
            )
            report.problems.append(
                f"CTG « {slug} » différente de la sauvegarde (première différence ligne {line + 1})"
            )
    if compare_counts:
        counts = row_counts()
        for label, expected in sorted(manifest.get("lignes", {}).items()):
            if label in counts and counts[label] != expected:
                report.problems.append(
                    f"{label} : {counts[label]} lignes, {expected} dans la sauvegarde"
                )
    return report
