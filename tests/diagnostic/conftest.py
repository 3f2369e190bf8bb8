import pytest

from ctg_pilote.conventions.models import Convention
from ctg_pilote.diagnostic.catalogue import ensure_catalogue
from ctg_pilote.territories.models import Commune, Vintage

ROCHEFORT_OCEAN = "200041762"


@pytest.fixture(autouse=True)
def catalogue(db):
    """Transactional tests elsewhere empty the tables the data migration filled."""
    ensure_catalogue()


@pytest.fixture
def rochefort(db):
    """A CTG on the official communes of Rochefort Océan (département 17 is loaded)."""
    from ctg_pilote.conventions.services import ensure_base_thematiques
    from ctg_pilote.territories.models import Epci

    ensure_base_thematiques()
    vintage = Vintage.objects.current()
    epci = Epci.objects.get(vintage=vintage, siren=ROCHEFORT_OCEAN)
    convention = Convention.objects.create(
        slug="caro-test",
        name="CTG CARO test",
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
def write_csv(tmp_path):
    """write_csv(lines, name=..., encoding="cp1252", sep=";") -> Path of a file the test built."""

    def write(lines, name="valeurs.csv", encoding="cp1252", sep=";"):
        path = tmp_path / name
        path.write_bytes("\r\n".join(sep.join(map(str, row)) for row in lines).encode(encoding))
        return path

    return write


def demo_with_diagnostic() -> dict:
    """The Rochefort Océan demo document with only the core and the diagnostic section."""
    from ctg_pilote.demo.services import DATA_DIR
    from ctg_pilote.exchange.document import read_file

    folder = DATA_DIR / "rochefort-ocean"
    document = read_file(folder / "ctg.yaml")
    document.update(read_file(folder / "diagnostic.yaml"))
    return document
