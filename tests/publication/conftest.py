import pytest

from ctg_pilote.conventions.models import Convention
from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.importer import import_document


@pytest.fixture
def rochefort(db):
    """The Rochefort Océan demo CTG, with its plan, diagnostic, governance and publication."""
    import_document(demo_document(DATA_DIR / "rochefort-ocean"))
    return Convention.objects.get(slug="rochefort-ocean")
