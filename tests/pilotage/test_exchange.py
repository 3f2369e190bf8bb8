import copy

import pytest

from ctg_pilote.accounts.models import User
from ctg_pilote.conventions.models import Convention
from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.document import parse
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.pilotage.models import Bilan, ResultEvaluation

pytestmark = pytest.mark.django_db


def wipe():
    Convention.objects.all().delete()
    User.objects.all().delete()


def test_pilotage_round_trip_through_an_empty_database():
    document = demo_document(DATA_DIR / "aunis-atlantique")
    document["pilotage"]["rappels_desactives"] = ["caf@demo.test"]
    import_document(document)
    first = export_convention(Convention.objects.get(slug="aunis-atlantique"))
    assert first["pilotage"]["evaluations"][0]["indicateurs"] == ["I1"]
    assert first["pilotage"]["rappels_desactives"] == ["caf@demo.test"]
    text = dump_yaml(first)
    wipe()
    import_document(parse(text))
    second = export_convention(Convention.objects.get(slug="aunis-atlantique"))
    assert second == first


def test_bad_pilotage_names_its_path_and_saves_nothing():
    document = copy.deepcopy(demo_document(DATA_DIR / "aunis-atlantique"))
    document["pilotage"]["bilans"][0]["annee"] = 2031
    document["pilotage"]["evaluations"][0]["resultat"] = 9
    document["pilotage"]["evaluations"][1]["indicateurs"] = ["I99"]
    with pytest.raises(ExchangeError) as error:
        import_document(document)
    paths = {p.path for p in error.value.problems}
    assert {
        "pilotage.bilans[0].annee",
        "pilotage.evaluations[0].resultat",
        "pilotage.evaluations[1].indicateurs[0]",
    } <= paths
    assert not Convention.objects.filter(slug="aunis-atlantique").exists()
    assert not Bilan.objects.exists() and not ResultEvaluation.objects.exists()
