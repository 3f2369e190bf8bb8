import pytest

from ctg_pilote.conventions.models import Convention
from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.document import parse
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.publication.models import Publication

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("folder", ["rochefort-ocean", "cholet-agglomeration"])
def test_export_import_into_an_empty_database_export_gives_the_same_document(folder):
    document = demo_document(DATA_DIR / folder)
    import_document(document)
    slug = document["ctg"]["identifiant"]
    first = export_convention(Convention.objects.get(slug=slug))
    assert first["publication"] == document["publication"]
    text = dump_yaml(first)
    Convention.objects.all().delete()
    import_document(parse(text))
    assert dump_yaml(export_convention(Convention.objects.get(slug=slug))) == text


def test_an_unknown_section_name_is_refused_with_its_path():
    document = demo_document(DATA_DIR / "cholet-agglomeration")
    document["publication"]["rubriques"].append("contacts")
    with pytest.raises(ExchangeError) as error:
        import_document(document)
    assert "publication.rubriques" in str(error.value)
    assert not Publication.objects.exists()


def test_sections_come_back_in_page_order():
    document = demo_document(DATA_DIR / "cholet-agglomeration")
    document["publication"]["rubriques"] = ["plan", "presentation"]
    import_document(document)
    publication = Publication.objects.get()
    assert publication.sections == ["presentation", "plan"]
