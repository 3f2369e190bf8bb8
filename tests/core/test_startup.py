"""What a `ctg` command loads as it starts: the apps and their models, not the admin modules
nor the heavy libraries only some pages and commands use (docs/bench.md, start-up rows)."""

import json
import subprocess
import sys
from pathlib import Path

# Slow to import, used by a few pages or commands: imported where they are used.
HEAVY = ["openpyxl", "icalendar", "jsonschema", "data_inclusion", "pydantic", "weasyprint", "docx"]

SCRIPT = """
import json, sys
import django
django.setup()
started = sorted(sys.modules)
from django.core import checks
admin_problems = [str(p) for p in checks.run_checks(tags=["admin"])]
from django.contrib import admin
from ctg_pilote.plan.models import Action
discovered_by_checks = admin.site.is_registered(Action)
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps({
    "started": started,
    "admin_problems": admin_problems,
    "discovered_by_checks": discovered_by_checks,
    "with_urls": sorted(sys.modules),
}))
"""


def run_script() -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=Path(__file__).resolve().parents[2],
        env={"DJANGO_SETTINGS_MODULE": "ctg_pilote.settings.test", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def loaded(modules: list[str], package: str) -> bool:
    return any(m == package or m.startswith(f"{package}.") for m in modules)


def test_a_command_starts_without_admin_modules_urlconf_or_heavy_libraries():
    facts = run_script()
    started = facts["started"]
    assert [m for m in started if m.startswith("ctg_pilote.") and m.endswith(".admin")] == []
    assert "ctg_pilote.urls" not in started
    assert [h for h in HEAVY if loaded(started, h)] == []
    # The admin's checks still see every registered model, and the URLconf loads none of the
    # heavy libraries either (every command running the system checks loads it).
    assert facts["discovered_by_checks"]
    assert facts["admin_problems"] == []
    assert [h for h in HEAVY if loaded(facts["with_urls"], h)] == []
