"""Data is never HTML: every way around Django's autoescaping is in this allow-list, with why.

Scans the templates and Python files under ctg_pilote/ for `|safe`, `|safeseq`,
`{% autoescape off %}`, `{% filter safe %}`, `mark_safe`, `SafeString`, `@html_safe`, and
`format_html`/`format_html_join` whose format string is not a literal (data inside the format
is not escaped). A new use fails until it is added here with its reason; an entry nothing uses
any more fails too, so the list stays exact. See docs/securite.md.
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ctg_pilote"

# (file, text on the line) -> why the output cannot carry markup from data.
ALLOWED = {
    ("ctg_pilote/publication/templates/publication/_sections.html", "map_svg|safe"): (
        "SVG drawn by publication/svg.py; every name in it goes through html.escape."
    ),
    ("ctg_pilote/publication/templates/publication/_sections.html", "age_chart_svg|safe"): (
        "SVG drawn by publication/svg.py; every label in it goes through html.escape."
    ),
    ("ctg_pilote/templates/accounts/email/invitation.txt", "autoescape off"): (
        "plain-text e-mail body: never read as HTML."
    ),
    ("ctg_pilote/templates/accounts/email/password_reset.txt", "autoescape off"): (
        "plain-text e-mail body: never read as HTML."
    ),
    ("ctg_pilote/core/templatetags/ctg_tags.py", "mark_safe(clean_rich_text("): (
        "rich text (minutes) cleaned by nh3 with a short tag allow-list, at display time."
    ),
}

TEMPLATE_PATTERNS = [
    re.compile(r"\|\s*safe(seq)?\b"),
    re.compile(r"{%\s*autoescape\s+off"),
    re.compile(r"{%\s*filter\s[^%]*\bsafe"),
]
ALWAYS_FLAGGED = {"mark_safe", "SafeString", "SafeText", "html_safe"}
FORMAT_ARGUMENT = {"format_html": 0, "format_html_join": 1}


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def template_findings():
    for path in PACKAGE.rglob("templates/**/*"):
        if path.suffix not in {".html", ".txt", ".xml", ".svg"}:
            continue
        for line in path.read_text().splitlines():
            if any(pattern.search(line) for pattern in TEMPLATE_PATTERNS):
                yield str(path.relative_to(ROOT)), line.strip()


def python_findings():
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        source = path.read_text()
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call):
                name = _name(node.func)
                flagged = name in ALWAYS_FLAGGED
                if name in FORMAT_ARGUMENT:
                    index = FORMAT_ARGUMENT[name]
                    argument = node.args[index] if len(node.args) > index else None
                    flagged = not (
                        isinstance(argument, ast.Constant) and isinstance(argument.value, str)
                    )
            elif isinstance(node, ast.Name | ast.Attribute):
                flagged = _name(node) == "html_safe"  # the decorator, used without a call
            else:
                continue
            if flagged:
                yield str(path.relative_to(ROOT)), lines[node.lineno - 1].strip()


def findings():
    return sorted(set(template_findings()) | set(python_findings()))


def allowed(path: str, line: str):
    return next((key for key in ALLOWED if key[0] == path and key[1] in line), None)


def test_every_escape_from_autoescaping_is_in_the_allow_list():
    unexplained = [f"{path}: {line}" for path, line in findings() if allowed(path, line) is None]
    assert unexplained == [], (
        "Data shown as HTML: escape it, build markup with format_html from escaped parts, or "
        "add the use to ALLOWED with the reason it cannot carry markup from data."
    )


def test_the_allow_list_has_no_stale_entry():
    used = {allowed(path, line) for path, line in findings()}
    assert [key for key in ALLOWED if key not in used] == []


def test_the_scan_finds_what_it_looks_for(tmp_path, monkeypatch):
    """The scanner itself: a hostile template and module are both reported."""
    package = tmp_path / "ctg_pilote"
    (package / "x" / "templates" / "x").mkdir(parents=True)
    (package / "x" / "templates" / "x" / "page.html").write_text("<p>{{ unit|safe }}</p>\n")
    (package / "x" / "views.py").write_text(
        "from django.utils.html import format_html\n"
        "from django.utils.safestring import mark_safe\n"
        "a = mark_safe(name)\n"
        "b = format_html(f'<b>{name}</b>')\n"
        "c = format_html('<b>{}</b>', name)\n"
    )
    module = sys.modules[__name__]
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "PACKAGE", package)

    assert findings() == [
        ("ctg_pilote/x/templates/x/page.html", "<p>{{ unit|safe }}</p>"),
        ("ctg_pilote/x/views.py", "a = mark_safe(name)"),
        ("ctg_pilote/x/views.py", "b = format_html(f'<b>{name}</b>')"),
    ]
