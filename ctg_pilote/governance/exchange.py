"""The `gouvernance` section of the exchange document (docs/format-echange-governance.md).

Organisations are named by their `ref`; a contact by its e-mail, else "Prénom Nom", else its
function; plan nodes and actions by their numbers, as in the `plan` section (resolved against
that section when the document has one, else against the CTG's plan in the database).

Checking, writing and exporting live in `exchange_check.py`, `exchange_write.py` and
`exchange_export.py`, one function (or method) per entity.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctg_pilote.exchange.problems import Problem
from ctg_pilote.exchange.sections import ImportContext, Section

from .exchange_check import GovernanceCheck
from .exchange_export import export_governance
from .exchange_write import write_governance


class GovernanceSection(Section):
    key = "gouvernance"
    title = "Gouvernance"
    order = 30
    schema_file = Path(__file__).parent / "exchange_schema.json"

    def check(self, value: dict, ctx: ImportContext) -> list[Problem]:
        return GovernanceCheck(ctx).run(value)

    def write(self, value: dict, ctx: ImportContext) -> None:
        write_governance(value, ctx)

    def export(self, convention) -> Any:
        return export_governance(convention)
