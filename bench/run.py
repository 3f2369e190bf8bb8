"""Performance measurements for ctg-pilote (`make bench`).

Each benchmark runs the real command or page against a fresh database (SQLite in a temporary
folder, or the PostgreSQL server named by DATABASE_URL), repeats it, and reports the median.
The table is printed and written to bench/results/ with the date and the machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


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


def ctg(*args: str, env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ctg_pilote.manage", *args],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def bench_load_territories(env: dict, repeat: int) -> list[tuple[str, str, str]]:
    """Full national load into an empty database, then an idempotent reload."""
    first, again = [], []
    for _ in range(repeat):
        ctg("flush", "--no-input", env=env)
        subprocess.run(  # flush keeps the schema; drop the territory rows too
            [sys.executable, "-c", _DROP_TERRITORIES], check=True, env=env, cwd=ROOT
        )
        first.append(ctg("load_territories", env=env))
        again.append(ctg("load_territories", env=env))
    return [
        ("load_territories, base vide (35 000 communes, contours)", _fmt(first), "< 10 s"),
        ("load_territories, rechargement identique", _fmt(again), "< 10 s"),
    ]


_DROP_TERRITORIES = """
import django
django.setup()
from ctg_pilote.territories.models import Vintage
Vintage.objects.all().delete()
"""


def _fmt(samples: list[float]) -> str:
    return f"{statistics.median(samples):.2f} s (médiane de {len(samples)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "ctg_pilote.settings.dev")
    env["DEBUG"] = "false"
    with tempfile.TemporaryDirectory() as tmp:
        if "DATABASE_URL" in env:
            database = "PostgreSQL"
        else:
            env["CTG_VAR_DIR"] = tmp
            database = "SQLite"
        ctg("migrate", "--no-input", env=env)
        rows = bench_load_territories(env, args.repeat)

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
    out = RESULTS / f"{today}-{database.lower()}.md"
    out.write_text(text, encoding="utf-8")
    print(f"Écrit dans {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
