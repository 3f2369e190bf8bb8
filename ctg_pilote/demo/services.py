"""The demo: real CTGs written in the exchange format, and one account per role."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from ctg_pilote.conventions.models import Membership
from ctg_pilote.exchange.document import read_file
from ctg_pilote.exchange.importer import ImportReport, import_document

DATA_DIR = Path(__file__).parent / "data"
ADMIN_EMAIL = "admin@demo.test"


def demo_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


@dataclass
class DemoAccount:
    email: str
    password: str
    roles: str


def load_demo_conventions() -> list[ImportReport]:
    return [import_document(read_file(path)) for path in demo_files()]


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
    emails = [
        ADMIN_EMAIL,
        *sorted(
            Membership.objects.filter(user__email__endswith="@demo.test")
            .values_list("user__email", flat=True)
            .distinct()
        ),
    ]
    accounts = []
    for email in emails:
        user = User.objects.get(email=email)
        password = stored.get(email) or secrets.token_urlsafe(9)
        stored[email] = password
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        roles = "; ".join(
            f"{m.get_role_display()} — {m.convention.slug}"
            for m in Membership.objects.filter(user=user).select_related("convention")
        )
        accounts.append(DemoAccount(email, password, roles or "Administration de la plateforme"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=2))
    path.chmod(0o600)
    return accounts
