"""The plan d'action of a CTG: its strategic tree, fiches actions, indicators and follow-up.
Each module keeps its models with the declaration of how their fields are named outside
(`NODE_FIELDS`, `ACTION_FIELDS`, `INDICATOR_FIELDS`, see core/fieldspec.py)."""

from .action_rows import (
    BUDGET_LINE_FIELDS,
    ActionDocument,
    BudgetLine,
    BudgetNature,
    BudgetState,
    Milestone,
    PartnerRole,
    document_path,
)
from .actions import (
    ACTION_ENDS_BEFORE_START,
    ACTION_FIELDS,
    CLOSED_STATUSES,
    SEARCH_FIELDS,
    STALE_MONTHS,
    Action,
    ActionQuerySet,
    ActionStatus,
    AgeBand,
    LocalScheme,
    Participation,
    search_text,
    stale_before,
)
from .follow_up import NOTE_FIELDS, Change, Note, Snapshot
from .indicators import (
    INDICATOR_FIELDS,
    Indicator,
    IndicatorKind,
    IndicatorTarget,
    IndicatorValue,
)
from .tree import NODE_FIELDS, NODE_NUMBER, Level, Node, NodeQuerySet

__all__ = [
    "ACTION_ENDS_BEFORE_START",
    "ACTION_FIELDS",
    "BUDGET_LINE_FIELDS",
    "CLOSED_STATUSES",
    "INDICATOR_FIELDS",
    "NODE_FIELDS",
    "NODE_NUMBER",
    "NOTE_FIELDS",
    "SEARCH_FIELDS",
    "STALE_MONTHS",
    "Action",
    "ActionDocument",
    "ActionQuerySet",
    "ActionStatus",
    "AgeBand",
    "BudgetLine",
    "BudgetNature",
    "BudgetState",
    "Change",
    "Indicator",
    "IndicatorKind",
    "IndicatorTarget",
    "IndicatorValue",
    "Level",
    "LocalScheme",
    "Milestone",
    "Node",
    "NodeQuerySet",
    "Note",
    "Participation",
    "PartnerRole",
    "Snapshot",
    "document_path",
    "search_text",
    "stale_before",
]
