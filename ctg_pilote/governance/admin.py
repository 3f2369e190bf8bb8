# Ballots and calendar tokens are secrets: not listed here.
from ctg_pilote.core.admin_base import register_read_mostly

from .models import (
    Decision,
    Instance,
    KeyDate,
    Meeting,
    PartnerProfile,
    Phase,
    SchemeLink,
    Vote,
)

register_read_mostly(Instance, Meeting, Decision, Phase, KeyDate, PartnerProfile, SchemeLink, Vote)
