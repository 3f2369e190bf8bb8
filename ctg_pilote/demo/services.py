"""The demo: real CTGs written in the exchange format, and one account per role."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from ctg_pilote.conventions.models import CafScope, Convention, Membership
from ctg_pilote.exchange.document import read_file
from ctg_pilote.exchange.importer import ImportReport, import_document
from ctg_pilote.exchange.problems import ExchangeError, Problem
from ctg_pilote.governance.models import Meeting
from ctg_pilote.pilotage.adoption import adopt_bilan
from ctg_pilote.pilotage.models import AdoptedBilan
from ctg_pilote.reports.bilan import render_bilan

DATA_DIR = Path(__file__).parent / "data"
ADMIN_EMAIL = "admin@demo.test"
# The bilans a demo CTG presented to its comités: not part of the exchange document (an
# adoption keeps its files, rendered once), so the demo adopts them after loading the CTG.
ADOPTIONS_FILE = "adoptions.yaml"
# The demo CAF advisors follow their whole département: every CTG there, new ones included.
DEMO_CAF_SCOPES = {"caf@demo.test": "17", "caf49@demo.test": "49"}


def demo_folders() -> list[Path]:
    """One folder per demo CTG: ctg.yaml (the core) and one file per section of other apps."""
    return sorted(p for p in DATA_DIR.iterdir() if (p / "ctg.yaml").exists())


def demo_document(folder: Path) -> dict:
    """Merge ctg.yaml with the folder's other files, each holding top-level sections."""
    document = read_file(folder / "ctg.yaml")
    for path in sorted(folder.glob("*.yaml")):
        if path.name in ("ctg.yaml", ADOPTIONS_FILE):
            continue
        part = read_file(path) or {}
        for key, value in part.items():
            if key in document:
                raise ExchangeError([Problem(key, f"section présente deux fois ({path.name})")])
            document[key] = value
    return document


@dataclass
class DemoAccount:
    email: str
    password: str
    roles: str


def _where(folder: Path, path: str) -> str:
    """A problem's place in a demo folder: the file holding the top-level key, then the path."""
    if not path:
        return folder.name
    key = path.split(".")[0].split("[")[0]
    for file in sorted(folder.glob("*.yaml")):
        try:
            if key in (read_file(file) or {}):
                return f"{folder.name}/{file.name} : {path}"
        except ExchangeError:
            continue
    return f"{folder.name} : {path}"


def load_demo_folder(folder: Path) -> ImportReport:
    """Import one demo folder, then adopt the bilans its comités were presented (once); a
    failure names the folder and file before each problem."""
    try:
        report = import_document(demo_document(folder), source_name=f"{folder.name} (démo)")
    except ExchangeError as error:
        problems = [Problem(_where(folder, p.path), p.message) for p in error.problems]
        raise ExchangeError(problems) from error
    adopt_demo_bilans(folder, Convention.objects.get(slug=report.slug))
    return report


@transaction.atomic
def adopt_demo_bilans(folder: Path, convention: Convention) -> list[AdoptedBilan]:
    """Adopt each bilan of the folder's adoptions.yaml at the meeting it names (by title),
    unless that bilan is adopted already (a second `load_demo` adds nothing)."""
    path = folder / ADOPTIONS_FILE
    entries = (read_file(path) or {}).get("bilans_adoptes", []) if path.exists() else []
    adopted = []
    for index, entry in enumerate(entries):
        where = f"{folder.name}/{ADOPTIONS_FILE} : bilans_adoptes[{index}]"
        kind, year = entry["type"], entry["annee"]
        if AdoptedBilan.objects.filter(convention=convention, kind=kind, year=year).exists():
            continue
        meeting = Meeting.objects.filter(convention=convention, title=entry["reunion"]).first()
        if meeting is None:
            message = f"réunion « {entry['reunion']} » introuvable dans la gouvernance de la CTG"
            raise ExchangeError([Problem(where, message)])
        adopted.append(
            adopt_bilan(
                convention=convention,
                kind=kind,
                year=year,
                by=None,
                render=render_bilan,
                meeting=meeting,
            )
        )
    return adopted


def load_demo_conventions() -> list[ImportReport]:
    """Import every demo folder, each in its own transaction; a failure stops the load,
    naming the folder, the file and the place in it."""
    return [load_demo_folder(folder) for folder in demo_folders()]


def _credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-accounts.json"


@transaction.atomic
def ensure_demo_accounts() -> list[DemoAccount]:
    """Give every demo account a password, generated once and kept in var/ for the next run."""
    path = _credentials_file()
    stored = json.loads(path.read_text()) if path.exists() else {}
    User = get_user_model()
    admin, _ = User.objects.get_or_create(email=ADMIN_EMAIL)
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    # order_by(): the model's default ordering would defeat distinct().
    member_emails = (
        Membership.objects.filter(user__email__endswith="@demo.test")
        .order_by()
        .values_list("user__email", flat=True)
        .distinct()
    )
    emails = [ADMIN_EMAIL, *sorted(member_emails)]
    for email, code in DEMO_CAF_SCOPES.items():
        if email in emails:
            CafScope.objects.get_or_create(
                user=User.objects.get(email=email), departement_code=code
            )
    accounts = []
    for email in emails:
        user = User.objects.get(email=email)
        password = stored.get(email) or secrets.token_urlsafe(9)
        stored[email] = password
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        roles = "; ".join(
            [
                f"{m.get_role_display()} — {m.convention.slug}"
                for m in Membership.objects.filter(user=user).select_related("convention")
            ]
            + [f"CAF — département {s.departement_code}" for s in user.caf_scopes.all()]
        )
        accounts.append(DemoAccount(email, password, roles or "Administration de la plateforme"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=2))
    path.chmod(0o600)
    return accounts
