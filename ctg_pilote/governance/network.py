"""The partners' network: organisations linked by the instances they sit in together and the
actions they carry together. Computed and drawn (SVG coordinates) on the server."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from ctg_pilote.plan.models import Action, PartnerRole

from .models import Instance, InstanceMember, Invitation


@dataclass
class NetworkNode:
    organisation: object
    instances: set[str] = field(default_factory=set)
    actions: set[str] = field(default_factory=set)
    degree: int = 0
    x: float = 0.0
    y: float = 0.0

    @property
    def label(self) -> str:
        name = self.organisation.name
        return name if len(name) <= 28 else name[:26] + "…"


@dataclass
class NetworkEdge:
    source: NetworkNode
    target: NetworkNode
    instances: list[str]
    actions: list[str]

    @property
    def weight(self) -> int:
        return len(self.instances) + len(self.actions)


@dataclass
class Network:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    width: int = 760
    height: int = 560

    @property
    def connected(self) -> list[NetworkNode]:
        return [n for n in self.nodes if n.degree]

    @property
    def isolated(self) -> list[NetworkNode]:
        return [n for n in self.nodes if not n.degree]

    @property
    def central(self) -> list[NetworkNode]:
        """The best-connected organisations: the top fifth by degree (at least one)."""
        connected = sorted(self.connected, key=lambda n: (-n.degree, n.organisation.name))
        if not connected:
            return []
        cut = connected[max(0, math.ceil(len(connected) / 5) - 1)].degree
        return [n for n in connected if n.degree >= cut]


def build_network(convention) -> Network:
    orgs = {o.pk: o for o in convention.organisations.order_by("name")}
    nodes = {pk: NetworkNode(org) for pk, org in orgs.items()}
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)

    for seat in InstanceMember.objects.filter(instance__convention=convention).select_related(
        "instance"
    ):
        groups[("instance", seat.instance.name)].add(seat.organisation_id)
    for inv in Invitation.objects.filter(meeting__convention=convention).select_related(
        "meeting__instance"
    ):
        groups[("instance", inv.meeting.instance.name)].add(inv.organisation_id)
    for action in Action.objects.filter(convention=convention, pilot__isnull=False):
        groups[("action", str(action))].add(action.pilot_id)
    for role in PartnerRole.objects.filter(action__convention=convention).select_related("action"):
        groups[("action", str(role.action))].add(role.organisation_id)

    pairs: dict[tuple[int, int], NetworkEdge] = {}
    for (kind, name), members in sorted(groups.items()):
        members = sorted(pk for pk in members if pk in nodes)
        for pk in members:
            (nodes[pk].instances if kind == "instance" else nodes[pk].actions).add(name)
        for a, b in combinations(members, 2):
            edge = pairs.get((a, b))
            if edge is None:
                edge = pairs[(a, b)] = NetworkEdge(nodes[a], nodes[b], [], [])
            (edge.instances if kind == "instance" else edge.actions).append(name)
    for edge in pairs.values():
        edge.source.degree += 1
        edge.target.degree += 1
    network = Network(list(nodes.values()), list(pairs.values()))
    _layout(network)
    return network


def _layout(network: Network) -> None:
    """Concentric rings: the central organisations in the middle, the others around."""
    cx, cy = network.width / 2, network.height / 2
    central = network.central
    central_ids = {id(n) for n in central}
    others = sorted(
        (n for n in network.connected if id(n) not in central_ids),
        key=lambda n: (-n.degree, n.organisation.name),
    )
    rings = [(central, 0 if len(central) == 1 else 90), (others, 230)]
    for members, radius in rings:
        for i, node in enumerate(members):
            angle = 2 * math.pi * i / max(1, len(members)) - math.pi / 2
            node.x = round(cx + radius * math.cos(angle), 1)
            node.y = round(cy + radius * 0.92 * math.sin(angle), 1)


def counts(convention) -> dict[str, int]:
    """What the platform itself knows: people who sit in an instance or were invited, and
    organisations that sit in an instance, were invited or carry an action."""
    contact_ids = set(
        InstanceMember.objects.filter(
            instance__convention=convention, contact__isnull=False
        ).values_list("contact_id", flat=True)
    ) | set(
        Invitation.objects.filter(
            meeting__convention=convention, contact__isnull=False
        ).values_list("contact_id", flat=True)
    )
    org_ids = (
        set(
            InstanceMember.objects.filter(instance__convention=convention).values_list(
                "organisation_id", flat=True
            )
        )
        | set(
            Invitation.objects.filter(meeting__convention=convention).values_list(
                "organisation_id", flat=True
            )
        )
        | set(
            Action.objects.filter(convention=convention, pilot__isnull=False).values_list(
                "pilot_id", flat=True
            )
        )
        | set(
            PartnerRole.objects.filter(action__convention=convention).values_list(
                "organisation_id", flat=True
            )
        )
    )
    return {
        "actors": len(contact_ids),
        "institutions": len(org_ids),
        "organisations": convention.organisations.count(),
        "instances": Instance.objects.filter(convention=convention).count(),
    }
