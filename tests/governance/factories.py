import datetime

import factory
from django.utils import timezone

from ctg_pilote.governance.models import Decision, Instance, Invitation, Meeting
from tests.conventions.factories import ConventionFactory, OrganisationFactory


class InstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instance

    convention = factory.SubFactory(ConventionFactory)
    ref = factory.Sequence(lambda n: f"instance-{n}")
    kind = "copil"
    name = factory.Sequence(lambda n: f"Comité de pilotage {n}")

    class Params:
        cotech = factory.Trait(kind="cotech", name=factory.Sequence(lambda n: f"COTECH {n}"))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    instance = factory.SubFactory(InstanceFactory)
    convention = factory.SelfAttribute("instance.convention")
    title = factory.Sequence(lambda n: f"Réunion {n}")
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2026, 12, 8, 14, 0))
    )
    place = "Salle du conseil"

    class Params:
        held = factory.Trait(
            status="tenue",
            starts_at=factory.LazyFunction(
                lambda: timezone.make_aware(datetime.datetime(2025, 1, 28, 14, 30))
            ),
        )


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, convention=factory.SelfAttribute("..meeting.convention")
    )
    contact = None


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    convention = factory.SelfAttribute("meeting.convention")
    text = factory.Sequence(lambda n: f"Décision {n}")
    owner_organisation = factory.SubFactory(
        OrganisationFactory, convention=factory.SelfAttribute("..meeting.convention")
    )
