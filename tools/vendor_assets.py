#!/usr/bin/env python3
"""Vendor the front-end assets served by the app itself (no CDN, nothing fetched at run time).

Each package is fetched with `npm pack <name>@<version>` into a temporary directory; only the
files the templates need are copied into `ctg_pilote/core/static/vendor/<dir>/`, together with
the package's LICENSE. `ctg_pilote/core/static/vendor/VERSIONS.md` records what was vendored.

Usage (from the repository root, needs `npm` on the PATH and access to the npm registry):

    python tools/vendor_assets.py           # (re)vendor every package
    python tools/vendor_assets.py --check   # only check that the vendored files are present

Standard library only. To upgrade a package, change its version below, rerun, look at the pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = REPO_ROOT / "ctg_pilote" / "core" / "static" / "vendor"

# Trailing source map comments point to .map files that are not vendored: drop them so browsers
# do not request missing files and Django's ManifestStaticFilesStorage does not fail on them.
SOURCE_MAP_RE = re.compile(rb"\n?/[*/]# sourceMappingURL=[^\n]*?(?:\*/)?\s*$")

FONT_WEIGHTS_STYLES = ("400", "400-italic", "700", "700-italic")


@dataclass
class Package:
    name: str  # npm package name
    version: str  # exact version, pinned
    target: str  # sub-directory of VENDOR_DIR
    licence: str  # SPDX identifier, checked against package.json
    files: dict[str, str] = field(default_factory=dict)  # path in the tarball -> path in target
    strip_source_maps: tuple[str, ...] = ()
    font_css: bool = False  # build a woff2-only stylesheet from Fontsource's CSS files


PACKAGES = [
    Package(
        name="bootstrap",
        version="5.3.9",
        target="bootstrap",
        licence="MIT",
        files={
            "dist/css/bootstrap.min.css": "bootstrap.min.css",
            "dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
            "LICENSE": "LICENSE",
        },
        strip_source_maps=("bootstrap.min.css", "bootstrap.bundle.min.js"),
    ),
    Package(
        name="htmx.org",
        version="2.0.11",
        target="htmx",
        licence="0BSD",
        files={"dist/htmx.min.js": "htmx.min.js", "LICENSE": "LICENSE"},
    ),
    Package(
        name="leaflet",
        version="1.9.4",
        target="leaflet",
        licence="BSD-2-Clause",
        files={
            "dist/leaflet.css": "leaflet.css",
            "dist/leaflet.js": "leaflet.js",
            "dist/images/layers.png": "images/layers.png",
            "dist/images/layers-2x.png": "images/layers-2x.png",
            "dist/images/marker-icon.png": "images/marker-icon.png",
            "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
            "dist/images/marker-shadow.png": "images/marker-shadow.png",
            "LICENSE": "LICENSE",
        },
        strip_source_maps=("leaflet.js",),
    ),
    Package(
        # Groups nearby markers of the directory's map into clusters (a count to tap).
        name="leaflet.markercluster",
        version="1.5.3",
        target="leaflet.markercluster",
        licence="MIT",
        files={
            "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
            "dist/MarkerCluster.css": "MarkerCluster.css",
            "dist/MarkerCluster.Default.css": "MarkerCluster.Default.css",
            "MIT-LICENCE.txt": "MIT-LICENCE.txt",
        },
        strip_source_maps=("leaflet.markercluster.js",),
    ),
    Package(
        name="chart.js",
        version="4.6.1",
        target="chart.js",
        licence="MIT",
        files={"dist/chart.umd.min.js": "chart.umd.min.js", "LICENSE.md": "LICENSE.md"},
        strip_source_maps=("chart.umd.min.js",),
    ),
    Package(
        # Accessibility checker (RGAA/WCAG rules), injected by the browser tests only.
        name="axe-core",
        version="4.11.1",
        target="axe-core",
        licence="MPL-2.0",
        files={"axe.min.js": "axe.min.js", "LICENSE": "LICENSE"},
    ),
    Package(
        name="@fontsource/atkinson-hyperlegible",
        version="5.3.0",
        target="atkinson-hyperlegible",
        licence="OFL-1.1",
        files={
            **{
                f"files/atkinson-hyperlegible-{subset}-{weight}-{style}.woff2": (
                    f"files/atkinson-hyperlegible-{subset}-{weight}-{style}.woff2"
                )
                for subset in ("latin", "latin-ext")
                for weight in ("400", "700")
                for style in ("normal", "italic")
            },
            "LICENSE": "LICENSE",
        },
        font_css=True,
    ),
    Package(
        # A searchable picker for long lists (the communes of a fiche action).
        name="tom-select",
        version="2.6.2",
        target="tom-select",
        licence="Apache-2.0",
        files={
            "dist/js/tom-select.complete.min.js": "tom-select.complete.min.js",
            "dist/css/tom-select.bootstrap5.min.css": "tom-select.bootstrap5.min.css",
            "LICENSE": "LICENSE",
        },
        strip_source_maps=("tom-select.complete.min.js", "tom-select.bootstrap5.min.css"),
    ),
]


def npm_pack(package: Package, workdir: Path) -> tuple[Path, dict]:
    """Download the package tarball with npm; return its path and npm's metadata."""
    spec = f"{package.name}@{package.version}"
    result = subprocess.run(
        ["npm", "pack", spec, "--json", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    # npm may print warnings before the JSON document: keep what starts at the first "[".
    info = json.loads(result.stdout[result.stdout.index("[") :])[0]
    return workdir / info["filename"], info


def read_member(tar: tarfile.TarFile, path: str) -> bytes:
    member = tar.getmember(f"package/{path}")
    if not member.isfile():
        raise RuntimeError(f"{path} is not a regular file in the tarball")
    handle = tar.extractfile(member)
    assert handle is not None
    return handle.read()


def build_font_css(tar: tarfile.TarFile) -> bytes:
    """Concatenate Fontsource's per-weight CSS, keeping only the woff2 sources."""
    parts = [
        b"/* Atkinson Hyperlegible (SIL Open Font License 1.1), generated by "
        b"tools/vendor_assets.py from @fontsource/atkinson-hyperlegible: woff2 only. */\n"
    ]
    for name in FONT_WEIGHTS_STYLES:
        css = read_member(tar, f"{name}.css").decode()
        css = re.sub(r",\s*url\([^)]*\.woff\) format\('woff'\)", "", css)
        css = css.replace("url(./files/", "url(files/")
        if ".woff)" in css or "woff2" not in css:
            raise RuntimeError(f"unexpected Fontsource CSS layout in {name}.css")
        parts.append(css.strip().encode() + b"\n")
    return b"\n".join(parts)


def vendor(package: Package, workdir: Path) -> dict:
    tarball, info = npm_pack(package, workdir)
    target = VENDOR_DIR / package.target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tarfile.open(tarball) as tar:
        manifest = json.loads(read_member(tar, "package.json"))
        if manifest.get("version") != package.version:
            raise RuntimeError(f"{package.name}: got version {manifest.get('version')}")
        if manifest.get("license") != package.licence:
            raise RuntimeError(
                f"{package.name}: licence is {manifest.get('license')!r}, "
                f"expected {package.licence!r}: review it before vendoring"
            )
        for source, destination in package.files.items():
            data = read_member(tar, source)
            if destination in package.strip_source_maps:
                data = SOURCE_MAP_RE.sub(b"\n", data)
            out = target / destination
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        if package.font_css:
            (target / "atkinson-hyperlegible.css").write_bytes(build_font_css(tar))
    size = sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
    print(f"  {package.name}@{package.version} -> vendor/{package.target}/ ({size / 1024:.0f} KiB)")
    return {"integrity": info.get("integrity", ""), "size": size}


def write_versions(records: dict[str, dict]) -> None:
    lines = [
        "# Vendored front-end assets",
        "",
        "Generated by `tools/vendor_assets.py` (do not edit by hand: change the pinned versions "
        "in the script and rerun it). Each package comes from the npm registry with `npm pack`; "
        "only the files listed below are kept, with the package's LICENSE. Trailing "
        "`sourceMappingURL` comments are removed because the `.map` files are not vendored. "
        "The Atkinson Hyperlegible stylesheet is rebuilt from Fontsource's CSS with woff2 "
        "sources only.",
        "",
        "| Package | Version | Licence | Directory | npm integrity |",
        "| --- | --- | --- | --- | --- |",
    ]
    for package in PACKAGES:
        record = records[package.name]
        lines.append(
            f"| `{package.name}` | {package.version} | {package.licence} "
            f"| `{package.target}/` | `{record['integrity']}` |"
        )
    lines += ["", "## Files", ""]
    for package in PACKAGES:
        target = VENDOR_DIR / package.target
        lines.append(f"### {package.name} {package.version}")
        lines.append("")
        for path in sorted(p for p in target.rglob("*") if p.is_file()):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            rel = path.relative_to(VENDOR_DIR).as_posix()
            lines.append(f"- `{rel}` ({path.stat().st_size:,} bytes, sha256 {digest}…)")
        lines.append("")
    total = sum(r["size"] for r in records.values())
    lines.append(f"Total: {total:,} bytes.")
    lines.append("")
    (VENDOR_DIR / "VERSIONS.md").write_text("\n".join(lines), encoding="utf-8")


def check() -> int:
    missing = []
    for package in PACKAGES:
        expected = list(package.files.values())
        if package.font_css:
            expected.append("atkinson-hyperlegible.css")
        missing += [
            f"{package.target}/{rel}"
            for rel in expected
            if not (VENDOR_DIR / package.target / rel).is_file()
        ]
    versions = VENDOR_DIR / "VERSIONS.md"
    text = versions.read_text(encoding="utf-8") if versions.is_file() else ""
    stale = [p.name for p in PACKAGES if f"`{p.name}` | {p.version} |" not in text]
    for path in missing:
        print(f"missing: {path}", file=sys.stderr)
    for name in stale:
        print(f"VERSIONS.md does not record the pinned version of {name}", file=sys.stderr)
    if missing or stale:
        print("Run: python tools/vendor_assets.py", file=sys.stderr)
        return 1
    print("Vendored assets are present and match the pinned versions.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="only check that the vendored files are present"
    )
    args = parser.parse_args(argv)
    if args.check:
        return check()
    if shutil.which("npm") is None:
        print("npm is required (Debian: apt-get install npm).", file=sys.stderr)
        return 2
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    records = {}
    with tempfile.TemporaryDirectory(prefix="ctg-vendor-") as tmp:
        for package in PACKAGES:
            records[package.name] = vendor(package, Path(tmp))
    write_versions(records)
    total = sum(r["size"] for r in records.values())
    print(f"Wrote {VENDOR_DIR.relative_to(REPO_ROOT)}/VERSIONS.md (total {total / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
