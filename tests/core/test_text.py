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


def test_partners_with_accents_hyphens_and_apostrophes_sort_in_french_order():
    from ctg_pilote.core.text import sorted_fr

    names = [
        "Île-d'Aix",
        "Zoé association",
        "Éducation nationale",
        "Echillais",
        "Échillais",
        "Saint-Agnant",
        "Saint Laurent de la Prée",
        "Sainte-Agnès",
        "Œuvre des familles",
        "Aéroport",
    ]
    assert sorted_fr(names) == [
        "Aéroport",
        "Echillais",
        "Échillais",
        "Éducation nationale",
        "Île-d'Aix",
        "Œuvre des familles",
        "Saint-Agnant",
        "Sainte-Agnès",
        "Saint Laurent de la Prée",
        "Zoé association",
    ]


def test_sorted_fr_reads_the_text_of_objects_through_key():
    from types import SimpleNamespace

    from ctg_pilote.core.text import sorted_fr

    rows = [SimpleNamespace(name=n) for n in ("Yves", "Étienne", "Denis")]
    assert [r.name for r in sorted_fr(rows, key=lambda r: r.name)] == ["Denis", "Étienne", "Yves"]
