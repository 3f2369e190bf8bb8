"""Governance of a CTG: instances and their meetings, the démarche's calendar, partners,
links with other local schemes and seminar votes."""

from .decision_history import ChangeOrigin, DecisionChange
from .demarche import (
    CnafPhase,
    KeyDate,
    KeyDateKind,
    KeyDateStatus,
    Mobilisation,
    Phase,
    PhaseStatus,
)
from .meetings import (
    AttendanceStatus,
    CalendarToken,
    CompositionCategory,
    Decision,
    DecisionStatus,
    Instance,
    InstanceKind,
    InstanceMember,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)
from .partners import PartnerProfile, SchemeKind, SchemeLink, SchemeRelation
from .voting import Ballot, BallotPoints, Vote, VoteCandidate

__all__ = [
    "AttendanceStatus",
    "Ballot",
    "BallotPoints",
    "CalendarToken",
    "ChangeOrigin",
    "CnafPhase",
    "CompositionCategory",
    "Decision",
    "DecisionChange",
    "DecisionStatus",
    "Instance",
    "InstanceKind",
    "InstanceMember",
    "Invitation",
    "KeyDate",
    "KeyDateKind",
    "KeyDateStatus",
    "Meeting",
    "MeetingDocument",
    "MeetingStatus",
    "Mobilisation",
    "PartnerProfile",
    "Phase",
    "PhaseStatus",
    "SchemeKind",
    "SchemeLink",
    "SchemeRelation",
    "Vote",
    "VoteCandidate",
]
