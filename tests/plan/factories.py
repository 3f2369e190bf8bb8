import datetime

import factory

from ctg_pilote.plan.models import Action, Indicator, IndicatorValue, Node
from tests.conventions.factories import ConventionFactory


class NodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Node

    convention = factory.SubFactory(ConventionFactory)
    parent = None
    depth = factory.LazyAttribute(lambda o: o.parent.depth + 1 if o.parent else 1)
    position = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(
        lambda o: f"{o.parent.number}.{o.position}" if o.parent else str(o.position)
    )
    sort_key = factory.LazyAttribute(lambda o: o.number)
    title = factory.Sequence(lambda n: f"Enjeu {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    convention = factory.SubFactory(ConventionFactory)
    node = factory.SubFactory(NodeFactory, convention=factory.SelfAttribute("..convention"))
    number = factory.Sequence(lambda n: f"A{n}")
    title = factory.Sequence(lambda n: f"Action de test {n}")
    start_date = datetime.date(2024, 1, 1)
    end_date = datetime.date(2025, 12, 31)
    # Explicit, as a coordinator would say it (the model's default is "non renseigné").
    status = "a_lancer"
    progress = 0

    class Params:
        running = factory.Trait(status="en_cours", progress=40)
        done = factory.Trait(status="realisee", progress=100)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    convention = factory.SelfAttribute("action.convention")
    action = factory.SubFactory(ActionFactory)
    ref = factory.Sequence(lambda n: f"I{n}")
    name = factory.Sequence(lambda n: f"Indicateur {n}")
    unit = "personnes"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2024
    value = 10


def no_formset_rows() -> dict:
    """Management data of the partners, milestones and budget formsets of the action form,
    with no row: what they hold is left as it is."""
    data = {}
    for prefix in ("partenaires", "jalons", "budget"):
        data[f"{prefix}-TOTAL_FORMS"] = 0
        data[f"{prefix}-INITIAL_FORMS"] = 0
    return data
