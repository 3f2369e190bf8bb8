import pytest

from ctg_pilote.conventions.models import Convention
from ctg_pilote.diagnostic.catalogue import ensure_catalogue
from ctg_pilote.territories.models import Commune, Epci, Vintage

ROCHEFORT_OCEAN = "200041762"


@pytest.fixture(autouse=True)
def catalogue(db):
    """Transactional tests elsewhere empty the tables the data migration filled."""
    ensure_catalogue()


@pytest.fixture
def caro(db):
    """A CTG on the official communes of Rochefort Océan (département 17 is loaded)."""
    vintage = Vintage.objects.current()
    epci = Epci.objects.get(vintage=vintage, siren=ROCHEFORT_OCEAN)
    convention = Convention.objects.create(
        slug="caro-annuaire",
        name="CTG Rochefort Océan (test)",
        start_year=2023,
        end_year=2027,
        territory_kind="epci",
        epci=epci,
        vintage=vintage,
        caf_departement=epci.departement,
    )
    convention.communes.set(Commune.objects.filter(epci=epci))
    return convention


@pytest.fixture
def commune():
    def get(code: str) -> Commune:
        return Commune.objects.get(vintage=Vintage.objects.current(), code=code)

    return get
