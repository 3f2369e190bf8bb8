"""Imports between the apps follow the contracts of `[tool.importlinter]` in pyproject.toml.

`make quality` runs `lint-imports` too; this test makes `make test` catch a broken contract, and
checks that every app under ctg_pilote/ is placed in the layers, so a new app is not left out.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ctg_pilote"


def _contracts():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_app_is_in_the_layers():
    (layers,) = [c for c in _contracts() if c["type"] == "layers"]
    placed = {
        name.strip() for layer in layers["layers"] for name in layer.replace(":", "|").split("|")
    }
    apps = {f"ctg_pilote.{path.parent.name}" for path in PACKAGE.glob("*/apps.py")}
    missing = sorted(
        app for app in apps if not any(name == app or name.startswith(app + ".") for name in placed)
    )
    assert not missing, f"Apps missing from the layers contract in pyproject.toml: {missing}"
