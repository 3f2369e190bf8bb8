import factory

from ctg_pilote.publication.models import ALL_SECTIONS, Publication
from tests.conventions.factories import ConventionFactory


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    convention = factory.SubFactory(ConventionFactory)
    is_published = True
    introduction = "Une CTG pour les familles du territoire."
    sections = factory.LazyFunction(lambda: list(ALL_SECTIONS))

    class Params:
        draft = factory.Trait(is_published=False)
