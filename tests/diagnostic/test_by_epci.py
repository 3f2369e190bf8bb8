"""The aggregation of the whole catalogue for every EPCI (national comparisons, bench) gives
what the portrait computes for one EPCI at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ctg_pilote.diagnostic.aggregation import Area, aggregate_areas, by_epci
from ctg_pilote.diagnostic.importer import import_indicator_file
from ctg_pilote.diagnostic.models import Indicator
from ctg_pilote.territories.models import Commune, Epci, Vintage

pytestmark = pytest.mark.django_db

HEADER = ["CODGEO", "P21_POP", "P21_POP0002", "C21_MEN", "C21_MENPSEUL", "C21_FAMMONO", "TP6021"]


def test_all_epcis_at_once_equal_each_epci_alone(write_csv):
    vintage = Vintage.objects.current()
    epcis = list(Epci.objects.filter(vintage=vintage, departement__code="17").order_by("siren")[:4])
    communes = list(
        Commune.objects.filter(epci__in=epcis).order_by("code").values_list("code", flat=True)
    )
    lines = [HEADER]
    for i, code in enumerate(communes):
        if i % 7 == 3:
            continue  # absent from the file: the EPCI's aggregate is partial
        masked = "s" if i % 5 == 0 else f"{3 + i % 11},5"
        # a masked weight or a masked rate: the commune is left out of the weighted mean
        population = "s" if i % 6 == 1 else 500 + 13 * i
        rate = "nd" if i % 8 == 2 else f"{8 + i % 13},0"
        lines.append([code, population, 20 + i % 9, 200 + i, 60 + i % 17, masked, rate])
    import_indicator_file(write_csv(lines))
    # The EPCI's own poverty rate, published by the INSEE, wins over the weighted mean.
    published = write_csv([["CODGEO", "TP6021"], [epcis[1].siren, "12,3"]], name="epci.csv")
    import_indicator_file(published)

    indicators = list(Indicator.objects.with_parts())
    with CaptureQueriesContext(connection) as queries:
        everything = by_epci(indicators, vintage, 2021)
    # one grouped query per indicator read (one for all on PostgreSQL) and per weighted
    # mean, whatever the number of EPCIs and communes
    assert len(queries) <= len(indicators) + 5
    for epci in epcis:
        area = Area(
            "epci", epci.name, Commune.objects.filter(epci=epci), level="epci", code=epci.siren
        )
        alone = aggregate_areas(indicators, [area])
        for indicator in indicators:
            one, all_ = alone[indicator.code]["epci"], everything[epci.pk][indicator.code]
            if one.year is None:  # no value in any year for this EPCI
                assert all_.value is None, indicator.code
                continue
            assert all_.value == pytest.approx(one.value), (epci.siren, indicator.code)
            assert (all_.covered, all_.expected, all_.published, all_.approximate) == (
                one.covered,
                one.expected,
                one.published,
                one.approximate,
            ), (epci.siren, indicator.code)
    rate = everything[epcis[1].pk]["taux-pauvrete"]
    assert rate.published and rate.value == pytest.approx(12.3)
    assert everything[epcis[0].pk]["taux-pauvrete"].approximate
    assert everything[epcis[0].pk]["population"].partial
