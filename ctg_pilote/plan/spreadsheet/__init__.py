"""The plan as a workbook (XLSX) or a CSV of actions, and back (see reader.py)."""

from .reader import SheetError, import_tables, read_csv, read_tables, read_workbook
from .writer import (
    ACTIONS,
    BUDGET,
    INDICATORS,
    NOTES,
    TREE,
    VALUES,
    actions_csv,
    build_workbook,
    workbook_bytes,
)

__all__ = [
    "ACTIONS",
    "BUDGET",
    "INDICATORS",
    "NOTES",
    "TREE",
    "VALUES",
    "SheetError",
    "actions_csv",
    "build_workbook",
    "import_tables",
    "read_csv",
    "read_tables",
    "read_workbook",
    "workbook_bytes",
]
