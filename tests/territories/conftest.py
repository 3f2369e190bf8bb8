import gzip
import json
from pathlib import Path

import pytest

from ctg_pilote.territories.models import (
    Commune,
    CommuneContour,
    Departement,
    Epci,
    Region,
    Vintage,
)
from ctg_pilote.territories.reader import (
    DEFAULT_TERRITORIES_FILE,
    read_contours,
    read_territories,
)


@pytest.fixture(scope="session")
def real_extract():
    """The committed COG 2026 extract, read and validated once per session."""
    return read_territories(DEFAULT_TERRITORIES_FILE)


@pytest.fixture(scope="session")
def real_contours():
    return read_contours(Path(DEFAULT_TERRITORIES_FILE).with_name("contours-2026.json.gz"))


@pytest.fixture(scope="session")
def cog_text():
    """The JSON text of the committed COG extract, to derive broken copies from."""
    with gzip.open(DEFAULT_TERRITORIES_FILE, "rt", encoding="utf-8") as handle:
        return handle.read()


@pytest.fixture
def write_cog(cog_text, tmp_path):
    """write_cog(change) -> path of a copy of the COG extract after change(document)."""

    def write(change=None, name="cog-test.json.gz"):
        document = json.loads(cog_text)
        if change is not None:
            change(document)
        path = tmp_path / name
        path.write_bytes(gzip.compress(json.dumps(document).encode("utf-8"), compresslevel=1))
        return path

    return write


@pytest.fixture
def table_counts():
    """Row counts of every territorial table, to check that a failed load changed nothing."""

    def counts():
        return {
            model.__name__: model.objects.count()
            for model in (Vintage, Region, Departement, Epci, Commune, CommuneContour)
        }

    return counts
