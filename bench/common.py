"""Helpers for bench modules: Django set-up, timing, and the JSON row output."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    import django

    django.setup()


def ctg(*args: str) -> float:
    """Run a `ctg` command in a subprocess; return its wall time in seconds."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "ctg_pilote.manage", *args],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def measure(func: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return samples


def seconds(samples: list[float]) -> str:
    return f"{statistics.median(samples):.2f} s (médiane de {len(samples)})"


def milliseconds(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"{statistics.median(samples) * 1000:.0f} ms médiane, {p95 * 1000:.0f} ms p95 "
        f"({len(samples)} requêtes)"
    )


def emit(rows: list[tuple[str, str, str]]) -> None:
    """The last line a bench module prints: its rows, for bench/run.py."""
    print(json.dumps([list(row) for row in rows], ensure_ascii=False))
