import factory

from ctg_pilote.accounts.models import User
from ctg_pilote.conventions.models import (
    Contact,
    Convention,
    Membership,
    Organisation,
    Role,
    TerritoryKind,
    Zone,
)
from tests.territories.factories import make_epci


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    password = factory.django.Password("mot-de-passe-test")

    class Params:
        admin = factory.Trait(is_staff=True, is_superuser=True)


class ConventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Convention
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"ctg-test-{n}")
    name = factory.Sequence(lambda n: f"CTG test {n}")
    start_year = 2024
    end_year = 2028
    territory_kind = TerritoryKind.EPCI
    epci = factory.LazyFunction(make_epci)
    vintage = factory.SelfAttribute("epci.vintage")
    caf_departement = factory.SelfAttribute("epci.departement")

    @factory.post_generation
    def with_communes(self, create, extracted, **kwargs):
        if create and self.epci_id:
            self.communes.set(self.epci.communes.all())


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    convention = factory.SubFactory(ConventionFactory)
    ref = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "association"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    function = "Directrice"
    first_name = "Camille"
    last_name = "Exemple"
    email = factory.Sequence(lambda n: f"contact{n}@exemple.test")
    phone = "05 00 00 00 00"


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    convention = factory.SubFactory(ConventionFactory)
    name = factory.Sequence(lambda n: f"Zone {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    convention = factory.SubFactory(ConventionFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.COORDINATEUR
    organisation = None

    class Params:
        partenaire = factory.Trait(
            role=Role.PARTENAIRE,
            organisation=factory.SubFactory(
                OrganisationFactory, convention=factory.SelfAttribute("..convention")
            ),
        )
