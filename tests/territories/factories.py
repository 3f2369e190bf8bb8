"""Small synthetic territories for tests that do not need the official extract."""

import factory

from ctg_pilote.territories.models import (
    Commune,
    CommuneContour,
    Departement,
    Epci,
    Region,
    Vintage,
)


class VintageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vintage
        django_get_or_create = ["year"]

    # Far from the official vintages loaded for the session, so codes never collide.
    year = 1999
    source = "Code officiel géographique (test)"
    source_version = "0.0.0"
    licence = "Licence Ouverte 2.0"
    contours_source = "contours de test"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["vintage", "code"]

    vintage = factory.SubFactory(VintageFactory)
    code = "75"
    name = "Nouvelle-Aquitaine"


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["vintage", "code"]

    vintage = factory.SubFactory(VintageFactory)
    region = factory.SubFactory(RegionFactory, vintage=factory.SelfAttribute("..vintage"))
    code = "17"
    name = "Charente-Maritime"


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci

    vintage = factory.SubFactory(VintageFactory)
    departement = factory.SubFactory(DepartementFactory, vintage=factory.SelfAttribute("..vintage"))
    siren = factory.Sequence(lambda n: f"2000{n:05d}")
    name = factory.Sequence(lambda n: f"CC Test {n}")
    kind = "CC"
    population = 10000


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        skip_postgeneration_save = True

    vintage = factory.SubFactory(VintageFactory)
    departement = factory.SubFactory(DepartementFactory, vintage=factory.SelfAttribute("..vintage"))
    code = factory.Sequence(lambda n: f"17{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune test {n}")
    siren = factory.Sequence(lambda n: f"2117{n:05d}")
    postcodes = factory.LazyFunction(lambda: ["17000"])
    population = 1000
    contour = factory.RelatedFactory(
        "tests.territories.factories.CommuneContourFactory", factory_related_name="commune"
    )


class CommuneContourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommuneContour

    geometry = factory.LazyFunction(
        lambda: {
            "type": "Polygon",
            "coordinates": [[[-1.0, 46.0], [-0.9, 46.0], [-0.9, 46.1], [-1.0, 46.1], [-1.0, 46.0]]],
        }
    )


def make_epci(communes: int = 3, **kwargs) -> Epci:
    epci = EpciFactory(**kwargs)
    CommuneFactory.create_batch(
        communes, vintage=epci.vintage, departement=epci.departement, epci=epci
    )
    return epci
