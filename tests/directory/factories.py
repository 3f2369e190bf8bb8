import factory

from ctg_pilote.diagnostic.models import Offer, OfferType
from tests.conventions.factories import ConventionFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    """An offer of the diagnostic, as the directory shows it."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    convention = factory.SubFactory(ConventionFactory)
    offer_type = factory.LazyFunction(lambda: OfferType.objects.get(code="eaje"))
    name = factory.Sequence(lambda n: f"Multi-accueil {n}")
    source = "Recensement de test"

    class Params:
        rpe = factory.Trait(
            offer_type=factory.LazyFunction(lambda: OfferType.objects.get(code="rpe")),
            name=factory.Sequence(lambda n: f"Relais petite enfance {n}"),
        )

    @factory.post_generation
    def served(self, create, extracted, **kwargs):
        if create and extracted:
            self.is_itinerant = True
            self.save(update_fields=["is_itinerant"])
            self.communes_served.set(extracted)
