"""What the entity modules of the `diagnostic` exchange section share while checking."""

from __future__ import annotations

from ctg_pilote.exchange.problems import Problem
from ctg_pilote.exchange.sections import ImportContext
from ctg_pilote.territories.models import Commune


class DiagnosticCheck:
    """The problems of one `diagnostic` value (paths from the section), and the communes its
    entries name, looked up once."""

    def __init__(self, ctx: ImportContext, commune_codes: set[str]):
        self.ctx = ctx
        self.problems: list[Problem] = []
        self.known_communes = set(
            Commune.objects.filter(vintage=ctx.vintage, code__in=commune_codes).values_list(
                "code", flat=True
            )
        )

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(f"diagnostic.{path}", message))

    def commune(self, path: str, code: str) -> None:
        """`code` is a commune of the vintage, inside the CTG's territory."""
        if code not in self.known_communes:
            self.add(path, f"commune {code} inconnue (millésime {self.ctx.vintage.year})")
        elif code not in self.ctx.territory_codes:
            self.add(path, f"la commune {code} n'est pas dans le territoire de la CTG")
