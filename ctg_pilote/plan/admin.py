from ctg_pilote.core.admin_base import register_read_mostly

from .models import (
    Action,
    BudgetLine,
    Change,
    CrossCuttingIssue,
    Indicator,
    IndicatorValue,
    Milestone,
    Node,
    Note,
    Snapshot,
)

register_read_mostly(Node, CrossCuttingIssue, Action, Indicator, Snapshot)
register_read_mostly(Milestone, BudgetLine, Note, IndicatorValue, Change)
