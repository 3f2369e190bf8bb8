import json

import pytest
from django.core.management import CommandError, call_command

from ctg_pilote.conventions.models import Convention
from ctg_pilote.diagnostic.models import Dataset, IndicatorValue, Offer
from ctg_pilote.plan.models import Action, Note

pytestmark = pytest.mark.django_db


def generate(out, capsys, seed=1):
    call_command(
        "generate_national",
        "--out",
        str(out),
        "--limit",
        "2",
        "--seed",
        str(seed),
        "--services",
        "60",
        verbosity=0,
    )
    return capsys.readouterr().out


def test_generated_documents_validate_and_import_as_fictitious_ctgs(tmp_path, capsys):
    out = generate(tmp_path, capsys)
    assert "2 documents de CTG fictives" in out and "80 actions" in out
    files = sorted((tmp_path / "ctg").glob("*.json"))
    assert len(files) == 2
    for path in files:
        call_command("validate_ctg", str(path))
        assert "document valide" in capsys.readouterr().out

    call_command("import_ctg", *map(str, files))
    conventions = Convention.objects.filter(slug__startswith="national-")
    assert conventions.count() == 2
    assert all("FICTIVE" in c.data_origin for c in conventions)
    assert Action.objects.filter(convention__in=conventions).count() == 80
    assert not Action.objects.filter(convention__in=conventions, follow_up_fictitious=False)
    assert not Note.objects.filter(action__convention__in=conventions, is_fictitious=False)
    # The 60 services are spread over every EPCI of the loaded geography, so 2 EPCI get a few.
    offers = Offer.objects.filter(convention__in=conventions)
    manifest = json.loads((tmp_path / "manifeste.json").read_text())
    assert manifest["fictif"] is True
    assert offers.count() == manifest["services"] > 0
    assert not offers.filter(is_fictitious=False)


def test_indicator_file_covers_every_commune_of_the_chosen_epcis(tmp_path, capsys):
    generate(tmp_path, capsys)
    manifest = json.loads((tmp_path / "manifeste.json").read_text())
    path = tmp_path / manifest["valeurs_par_commune"]
    call_command("import_indicators", str(path), "--fictif", verbosity=0)
    dataset = Dataset.objects.get(is_fictitious=True)
    values = IndicatorValue.objects.filter(dataset=dataset, year=manifest["annee_des_valeurs"])
    assert values.values("commune").distinct().count() == manifest["communes"]
    # A few cells are masked ("s") as the INSEE does: every other one is a value.
    assert 0.95 * manifest["indicator_values"] <= values.count() <= manifest["indicator_values"]


def test_same_seed_gives_the_same_files(tmp_path, capsys):
    generate(tmp_path / "a", capsys)
    generate(tmp_path / "b", capsys)
    generate(tmp_path / "c", capsys, seed=2)
    names = [p.name for p in sorted((tmp_path / "a" / "ctg").glob("*.json"))]
    for name in names:
        first = (tmp_path / "a" / "ctg" / name).read_bytes()
        assert first == (tmp_path / "b" / "ctg" / name).read_bytes()
        assert first != (tmp_path / "c" / "ctg" / name).read_bytes()


def test_bad_limit_is_refused_in_french(tmp_path):
    with pytest.raises(CommandError, match="--limit doit être un nombre entier positif"):
        call_command("generate_national", "--out", str(tmp_path), "--limit", "0")
