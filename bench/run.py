"""Performance measurements for ctg-pilote (`make bench`).

Runs every `bench/bench_*.py` module (territories first) against one fresh database: SQLite in
a temporary folder, or the PostgreSQL server named by DATABASE_URL. Each module is a script
run with Django's environment; it prints its rows as JSON on its last line:
`[["what was measured", "result", "aim"], ...]`. The table is printed and written to
bench/results/ with the date and the machine.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "?"
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{os.cpu_count()} cœurs ({cpu}), {memory} de mémoire, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def modules(only: list[str]) -> list[Path]:
    # Territories first; the national bench last, as it replaces the others' CTGs.
    found = sorted(
        BENCH.glob("bench_*.py"),
        key=lambda p: (p.stem != "bench_territories", p.stem == "bench_national", p),
    )
    if only:
        # The territories are what every other module reads: they always come first.
        found = [
            p
            for p in found
            if p.stem == "bench_territories" or any(name in p.stem for name in only)
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("only", nargs="*", help="run only the modules whose name contains this")
    args = parser.parse_args()

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "ctg_pilote.settings.dev")
    env["DEBUG"] = "false"
    env["PYTHONPATH"] = str(ROOT)
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        database = "PostgreSQL" if "DATABASE_URL" in env else "SQLite"
        if database == "SQLite":
            env["CTG_VAR_DIR"] = tmp
        subprocess.run(
            [sys.executable, "-m", "ctg_pilote.manage", "migrate", "--no-input", "-v", "0"],
            check=True,
            env=env,
            cwd=ROOT,
        )
        for module in modules(args.only):
            print(f"… {module.stem}", file=sys.stderr)
            done = subprocess.run(
                [sys.executable, str(module)],
                check=True,
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                text=True,
            )
            rows += json.loads(done.stdout.strip().splitlines()[-1])

    today = datetime.date.today().isoformat()
    lines = [
        f"# Mesures ctg-pilote — {today} — {database}",
        "",
        f"Machine : {machine()}",
        "",
        "| mesure | résultat | objectif |",
        "|---|---|---|",
        *[f"| {name} | {value} | {aim} |" for name, value, aim in rows],
        "",
    ]
    text = "\n".join(lines)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    # A partial run (some modules only) never overwrites the day's full table.
    suffix = "-" + "-".join(args.only) if args.only else ""
    out = RESULTS / f"{today}-{database.lower()}{suffix}.md"
    out.write_text(text, encoding="utf-8")
    print(f"Écrit dans {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
