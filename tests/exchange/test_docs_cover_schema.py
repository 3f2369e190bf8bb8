"""Every key of the exchange format is described in its page of docs/: someone writing a
document by hand finds each key the schema accepts, written as `clé`."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "ctg_pilote" / "exchange" / "schema" / "ctg-v1.schema.json"
PAGES = {
    "diagnostic": "format-echange-diagnostic.md",
    "plan": "format-echange-plan.md",
    "gouvernance": "format-echange-governance.md",
    "pilotage": "format-echange-pilotage.md",
    "publication": "format-echange-publication.md",
}
CORE_PAGE = "format-echange.md"


def _keys(node, path=""):
    """(key, path) of every property below `node`, through lists and alternatives."""
    if not isinstance(node, dict):
        return
    for key, sub in node.get("properties", {}).items():
        yield key, f"{path}.{key}"
        yield from _keys(sub, f"{path}.{key}")
    for keyword in ("items", "additionalProperties"):
        if isinstance(node.get(keyword), dict):
            yield from _keys(node[keyword], f"{path}[]")
    for keyword in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(keyword, []):
            yield from _keys(sub, path)


def _described(key: str, text: str) -> bool:
    return re.search(r"`[^`\n]*\b" + re.escape(key) + r"\b[^`\n]*`", text) is not None


SECTIONS = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]


@pytest.mark.parametrize("section", [s for s in SECTIONS if s not in ("format", "version")])
def test_every_key_of_the_section_is_described_in_its_page(section):
    page = ROOT / "docs" / PAGES.get(section, CORE_PAGE)
    text = page.read_text(encoding="utf-8")
    missing = sorted({path for key, path in _keys(SECTIONS[section]) if not _described(key, text)})
    assert not missing, f"{page.name} ne décrit pas : " + ", ".join(
        f"{section}{path}" for path in missing
    )
