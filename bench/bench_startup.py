"""Start-up of a `ctg` command: `ctg --help`, a command that checks nothing (`ctg version`)
and one that runs Django's system checks like most commands do (`ctg check`).

Each is run once to let Python write its bytecode, then 5 times; the median is kept. Python
writes bytecode unless PYTHONDONTWRITEBYTECODE is set: the measure runs without it, as a
server or an operator's shell does (`make install` compiles the dependencies' bytecode).
"""

import os
import statistics
import subprocess
import sys
import time

from common import ROOT, emit

AIM = 0.6
REPEAT = 5


def start_up(*args: str) -> float:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-m", "ctg_pilote.manage", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    samples = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    rows = []
    for args, aim in ((("--help",), f"< {AIM} s"), (("version",), f"< {AIM} s"), (("check",), "")):
        rows.append(
            (
                f"démarrage de `ctg {' '.join(args)}`",
                f"{start_up(*args):.2f} s (médiane de {REPEAT})",
                aim,
            )
        )
    emit(rows)


if __name__ == "__main__":
    main()
