"""Governance of a CTG: instances and their meetings, the démarche's calendar, partners,
links with other local schemes and seminar votes."""

from .demarche import DatePrecision, KeyDate, KeyDateKind, Mobilisation, Phase, PhaseKind
from .meetings import (
    AttendanceStatus,
    CalendarToken,
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
    "DatePrecision",
    "Decision",
    "DecisionStatus",
    "Instance",
    "InstanceKind",
    "InstanceMember",
    "Invitation",
    "KeyDate",
    "KeyDateKind",
    "Meeting",
    "MeetingDocument",
    "MeetingStatus",
    "Mobilisation",
    "PartnerProfile",
    "Phase",
    "PhaseKind",
    "SchemeKind",
    "SchemeLink",
    "SchemeRelation",
    "Vote",
    "VoteCandidate",
]
