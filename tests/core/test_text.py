from ctg_pilote.core.text import fold, sort_key


def test_fold_ignores_case_accents_and_ligatures():
    assert fold("Cœur d'Échillais") == "coeur d'echillais"
    assert fold("ÎLE-D'AIX") == fold("île-d'aix") == "ile-d'aix"


def test_communes_sort_as_a_french_reader_expects():
    names = ["Île-d'Aix", "Fouras", "Échillais", "Champagne", "Cœuvres"]
    assert sorted(names, key=sort_key) == [
        "Champagne",
        "Cœuvres",
        "Échillais",
        "Fouras",
        "Île-d'Aix",
    ]
