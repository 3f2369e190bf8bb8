"""Whatever is created then deleted through the services, the CTG's export stays valid and
comes back identical from an import: a deletion either takes its dependants with it or is
refused in French, it never leaves a dangling link the exchange format requires."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ctg_pilote.conventions import services as convention_services
from ctg_pilote.conventions.models import Contact, Organisation, Role, Zone
from ctg_pilote.core import deletion
from ctg_pilote.diagnostic.catalogue import ensure_catalogue
from ctg_pilote.diagnostic.models import KeyFigure, Offer, OfferType
from ctg_pilote.governance import services as governance_services
from ctg_pilote.governance.models import Instance, InstanceMember, PartnerProfile
from ctg_pilote.plan import services as plan_services
from ctg_pilote.plan.models import Action, BudgetLine, Indicator, PartnerRole
from tests.exchange.roundtrip import assert_export_round_trips, rochefort_ctg

pytestmark = pytest.mark.django_db

CREATES = [
    "organisation",
    "contact",
    "zone",
    "node",
    "action",
    "partner",
    "budget",
    "indicator",
    "instance",
    "seat",
    "meeting",
    "invitation",
    "decision",
    "offer",
    "key_figure",
    "profile",
    "member",
]
DELETES = [
    "organisation",
    "contact",
    "zone",
    "node",
    "action",
    "indicator",
    "instance",
    "meeting",
    "decision",
    "offer",
    "key_figure",
    "member",
]
# Every example starts from a CTG holding one of each link, then runs random steps on it.
BASE = [
    ("create", kind, i, flag)
    for kind, i, flag in [
        ("organisation", 0, False),
        ("organisation", 0, False),
        ("organisation", 0, False),
        ("organisation", 0, False),  # the 4th owns a decision and pilots nothing
        ("contact", 0, False),
        ("contact", 1, False),
        ("zone", 0, False),
        ("zone", 1, False),
        ("node", 0, False),
        ("node", 0, True),
        ("node", 0, False),
        ("action", 0, True),
        ("action", 1, False),
        ("action", 4, True),
        ("partner", 3, False),
        ("budget", 1, True),
        ("indicator", 0, True),
        ("indicator", 1, False),
        ("instance", 0, False),
        ("seat", 3, True),
        ("meeting", 0, False),
        ("meeting", 0, False),
        ("invitation", 0, True),
        ("invitation", 3, False),
        ("decision", 0, True),
        ("decision", 1, False),
        ("decision", 3, False),
        ("offer", 3, True),
        ("key_figure", 0, True),
        ("profile", 3, False),
        ("member", 2, False),
    ]
]
steps = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.sampled_from(CREATES), st.integers(0, 5), st.booleans()),
        st.tuples(st.just("delete"), st.sampled_from(DELETES), st.integers(0, 5), st.booleans()),
    ),
    min_size=3,
    max_size=15,
)


class SmallCtg:
    """Runs the steps on one CTG, the way pages and the API write."""

    def __init__(self, convention):
        self.convention = convention
        self.n = 0
        self.communes = list(convention.communes.order_by("code"))

    def pick(self, queryset, i):
        items = list(queryset.order_by("pk"))
        return items[i % len(items)] if items else None

    def serial(self) -> int:
        self.n += 1
        return self.n

    # -- creates ------------------------------------------------------------------------------

    def create(self, kind, i, flag):
        c = self.convention
        orgs = Organisation.objects.filter(convention=c)
        contacts = Contact.objects.filter(organisation__convention=c)
        actions = Action.objects.filter(convention=c)
        nodes = c.plan_nodes.all()
        meetings = c.governance_meetings.all()
        instances = Instance.objects.filter(convention=c)
        zones = Zone.objects.filter(convention=c)
        n = self.serial()
        if kind == "organisation":
            org = Organisation(convention=c, ref=f"org-{n}", name=f"Organisation {n}", kind="ccas")
            org.full_clean()
            org.save()
        elif kind == "contact" and (org := self.pick(orgs, i)):
            Contact.objects.create(organisation=org, function="Directrice", email=f"p{n}@ex.test")
        elif kind == "zone":
            taken = set(c.zones.values_list("memberships__commune", flat=True))
            free = [commune for commune in self.communes if commune.pk not in taken]
            if free:
                zone = Zone(convention=c, name=f"Zone {n}")
                convention_services.save_zone(zone=zone, communes=[free[i % len(free)]])
        elif kind == "node":
            parent = self.pick(nodes.filter(depth__lt=3), i) if flag else None
            plan_services.add_node(convention=c, parent=parent, title=f"Élément {n}")
        elif kind == "action" and (node := self.pick(nodes, i)):
            zone = self.pick(zones, i) if flag else None
            action = Action(
                convention=c,
                node=node,
                number=f"A{n}",
                title=f"Action {n}",
                pilot=self.pick(orgs, i + 1),
                whole_territory=zone is None,
            )
            plan_services.save_action(
                action=action, by=None, expected_version=None, m2m={"zones": [zone] if zone else []}
            )
        elif (
            kind == "partner" and (action := self.pick(actions, i)) and (org := self.pick(orgs, i))
        ):
            PartnerRole.objects.get_or_create(action=action, organisation=org)
        elif kind == "budget" and (action := self.pick(actions, i)):
            funder = self.pick(orgs, i) if flag else None
            BudgetLine.objects.create(action=action, year=2025, funder=funder, amount=Decimal(n))
        elif kind == "indicator":
            on_action = self.pick(actions, i) if flag else None
            on_node = None if on_action else self.pick(nodes, i)
            if on_action or on_node:
                Indicator.objects.create(
                    convention=c, action=on_action, node=on_node, ref=f"I{n}", name=f"Ind. {n}"
                )
        elif kind == "instance":
            instance = Instance.objects.create(
                convention=c, ref=f"inst-{n}", kind="copil", name=f"Instance {n}"
            )
            instance.actions.set([a for a in [self.pick(actions, i)] if a])
            instance.nodes.set([a for a in [self.pick(nodes, i)] if a])
        elif (
            kind == "seat" and (instance := self.pick(instances, i)) and (org := self.pick(orgs, i))
        ):
            contact = self.pick(org.contacts.all(), i) if flag else None
            InstanceMember.objects.create(instance=instance, organisation=org, contact=contact)
        elif kind == "meeting" and (instance := self.pick(instances, i)):
            governance_services.schedule_meeting(
                instance=instance,
                title=f"Réunion {n}",
                starts_at=timezone.make_aware(
                    datetime.datetime(2025, 1, 1, 9) + datetime.timedelta(days=n)
                ),
            )
        elif (
            kind == "invitation"
            and (meeting := self.pick(meetings, i))
            and (org := self.pick(orgs, i))
        ):
            contact = self.pick(org.contacts.all(), i) if flag else None
            governance_services.invite(meeting=meeting, organisation=org, contact=contact)
        elif kind == "decision" and (meeting := self.pick(meetings, i)):
            contact = self.pick(contacts, i) if flag else None
            org = None if contact else self.pick(orgs, i)
            if contact or org:
                governance_services.record_decision(
                    meeting=meeting,
                    text=f"Décision {n}",
                    owner_organisation=org,
                    owner_contact=contact,
                    actions=[a for a in [self.pick(actions, i)] if a],
                    nodes=[a for a in [self.pick(nodes, i)] if a],
                )
        elif kind == "offer":
            Offer.objects.create(
                convention=c,
                offer_type=self.pick(OfferType.objects.all(), i),
                name=f"Équipement {n}",
                manager=self.pick(orgs, i) if flag else None,
            )
        elif kind == "key_figure":
            KeyFigure.objects.create(
                convention=c,
                code=f"chiffre-{n}",
                label=f"Chiffre {n}",
                value=Decimal(n),
                zone=self.pick(zones, i) if flag else None,
                source="Source de test",
            )
        elif kind == "profile" and (org := self.pick(orgs, i)):
            PartnerProfile.objects.get_or_create(organisation=org)
        elif kind == "member" and (org := self.pick(orgs, i)):
            convention_services.add_member(
                convention=c,
                email=f"membre{n}@ex.test",
                role=Role.PARTENAIRE,
                organisation=org,
                request=None,
            )

    # -- deletes ------------------------------------------------------------------------------

    def delete(self, kind, i, flag):
        c = self.convention
        target = {
            "organisation": Organisation.objects.filter(convention=c),
            "contact": Contact.objects.filter(organisation__convention=c),
            "zone": Zone.objects.filter(convention=c),
            "node": c.plan_nodes.all(),
            "action": Action.objects.filter(convention=c),
            "indicator": Indicator.objects.filter(convention=c),
            "instance": Instance.objects.filter(convention=c),
            "meeting": c.governance_meetings.all(),
            "decision": c.governance_decisions.all(),
            "offer": c.offers.all(),
            "key_figure": c.key_figures.all(),
            "member": c.memberships.all(),
        }[kind]
        obj = self.pick(target, i)
        if obj is None:
            return
        try:
            if kind == "node":
                plan_services.delete_node(node=obj)
            elif kind == "action":
                plan_services.delete_action(action=obj)
            elif kind == "organisation" and flag:
                # The delete form's choice: its decisions go to another organisation.
                others = Organisation.objects.filter(convention=c).exclude(pk=obj.pk)
                deletion.delete(obj=obj, replacement=self.pick(others, i))
            else:
                deletion.delete(obj=obj)
        except deletion.DeletionRefused as refusal:
            # Refused as a whole, in French, naming what holds it.
            assert type(obj).objects.filter(pk=obj.pk).exists()
            assert "réattribuez-les ou supprimez-les" in refusal.messages[0]
        else:
            assert not type(obj).objects.filter(pk=obj.pk).exists()


@pytest.fixture
def small_ctg(db):
    ensure_catalogue()
    convention_services.ensure_base_thematiques()
    return rochefort_ctg(slug="petite-ctg")


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
@example(steps=[("delete", "organisation", 3, False)])  # the owner of a decision
@example(steps=[("delete", "organisation", 3, True)])  # ... handing it over
@example(steps=[("delete", "contact", 0, False), ("delete", "zone", 0, False)])
@example(steps=[("delete", "key_figure", 0, False), ("delete", "zone", 0, False)])
@example(steps=[("delete", "node", 0, False), ("delete", "action", 0, False)])
def test_any_sequence_of_creates_and_deletes_leaves_an_export_that_round_trips(small_ctg, steps):
    with transaction.atomic():
        ctg = SmallCtg(small_ctg)
        for verb, kind, i, flag in BASE + steps:
            if verb == "create":
                ctg.create(kind, i, flag)
            else:
                ctg.delete(kind, i, flag)
        assert_export_round_trips(small_ctg)
        transaction.set_rollback(True)
