"""A CTG that starts well: what its creator is offered right after creating it (the usual
instances, the démarche's phases, the CNAF thématiques socle), and the « Premiers pas »
checklist of its home page, whose items tick themselves from the data.

It lives here, above governance, plan and diagnostic, because it reads and writes all of them;
the creation itself stays `conventions.services.create_convention_from_epci`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Membership, Thematique
from ctg_pilote.conventions.services import ensure_base_thematiques
from ctg_pilote.diagnostic.models import IndicatorValue, SynthesisBlock
from ctg_pilote.governance.models import Instance, InstanceKind, Meeting, Phase
from ctg_pilote.governance.services.demarche import adopt_default_phases
from ctg_pilote.governance.services.instances import save_instance
from ctg_pilote.plan.models import Action

# The instances offered to a new CTG, in this order.
USUAL_INSTANCES = (InstanceKind.COPIL, InstanceKind.COTECH)


@dataclass(frozen=True)
class Started:
    instances: list[Instance]
    phases: list[Phase]
    thematiques: list[Thematique]


def missing_instances(convention) -> list[InstanceKind]:
    """The usual instances the CTG has none of yet."""
    kinds = set(Instance.objects.filter(convention=convention).values_list("kind", flat=True))
    return [kind for kind in USUAL_INSTANCES if kind not in kinds]


def missing_core_thematiques(convention) -> list[Thematique]:
    ensure_base_thematiques()
    return list(
        Thematique.objects.filter(is_core=True)
        .exclude(pk__in=convention.thematiques.values("pk"))
        .order_by("position")
    )


@transaction.atomic
def start_convention(
    *, convention, instances=(), phases: bool = False, thematiques: bool = False
) -> Started:
    """Add what the creator chose: instances of the given kinds (skipped when the CTG has one
    of that kind already), the CNAF's phases with no dates (unknown until the CTG says), the
    core thématiques. Running it twice adds nothing twice."""
    wanted = [kind for kind in missing_instances(convention) if kind in set(instances)]
    position = Instance.objects.filter(convention=convention).count()
    created = [
        save_instance(
            instance=Instance(
                convention=convention, kind=kind, name=str(kind.label), position=position + i
            ),
            expected_version=0,
            values={},
        )
        for i, kind in enumerate(wanted)
    ]
    new_phases = adopt_default_phases(convention=convention) if phases else []
    core = missing_core_thematiques(convention) if thematiques else []
    convention.thematiques.add(*core)
    return Started(instances=created, phases=new_phases, thematiques=core)


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    url: str
    link: str


def checklist(convention) -> list[Step]:
    """What to do next, each ticked by the data itself (never by a box someone checks)."""
    slug = convention.slug
    communes = convention.communes.values("pk")
    return [
        Step(
            _("Ajouter les membres de la CTG"),
            Membership.objects.filter(convention=convention).count() > 1,
            reverse("conventions:members", args=[slug]),
            _("Membres"),
        ),
        Step(
            _("Disposer des valeurs des indicateurs pour ses communes"),
            IndicatorValue.objects.filter(commune__in=communes).exists(),
            reverse("diagnostic:values_import", args=[slug]),
            _("Importer"),
        ),
        Step(
            _("Écrire les constats du diagnostic"),
            SynthesisBlock.objects.filter(convention=convention).exists(),
            reverse("diagnostic:block_create", args=[slug]),
            _("Écrire un constat"),
        ),
        Step(
            _("Construire le plan d'action"),
            Action.objects.filter(convention=convention).exists(),
            reverse("plan:action_create", args=[slug]),
            _("Ajouter une action"),
        ),
        Step(
            _("Prévoir le premier comité"),
            Meeting.objects.filter(convention=convention).exists(),
            reverse("governance:meeting_create", args=[slug]),
            _("Prévoir une réunion"),
        ),
    ]
