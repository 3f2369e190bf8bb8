#!/usr/bin/env python3
"""Write the printed documents' fonts, `ctg_pilote/reports/static/reports/fonts/*.ttf`.

They are the vendored Atkinson Hyperlegible Latin faces (`core/static/vendor/atkinson-hyperlegible`,
see VERSIONS.md) decompressed from woff2 to TrueType, glyphs unchanged: WeasyPrint decompresses
a woff2 face in Python each time a process loads it (about a quarter of a second for the four
faces), a TrueType face it reads as it is. Rerun after the vendored font changes.

Usage (from the repository root): uv run python tools/make_print_fonts.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools.ttLib import woff2

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "ctg_pilote/core/static/vendor/atkinson-hyperlegible"
OUT = ROOT / "ctg_pilote/reports/static/reports/fonts"
FACES = ("400-normal", "400-italic", "700-normal", "700-italic")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for face in FACES:
        name = f"atkinson-hyperlegible-latin-{face}"
        woff2.decompress(str(VENDOR / "files" / f"{name}.woff2"), str(OUT / f"{name}.ttf"))
    shutil.copyfile(VENDOR / "LICENSE", OUT / "LICENSE")
    print(f"{len(FACES)} fontes écrites dans {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
