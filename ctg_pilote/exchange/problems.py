"""Problems found in an exchange document, each tied to its place (e.g. zones[2].communes[5])."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def format_path(parts: Iterable[str | int]) -> str:
    """('zones', 2, 'communes', 5) -> 'zones[2].communes[5]'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path} : {self.message}" if self.path else self.message


class ExchangeError(Exception):
    """The document cannot be imported; `problems` says every place that is wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
