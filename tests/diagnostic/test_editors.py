"""Values per commune typed in a grid, and the history of the diagnostic's edits."""

from django.urls import reverse

from ctg_pilote.diagnostic.models import DiagnosticEdit, IndicatorValue


def _grid(convention, code="allocataires", year=2023):
    return reverse("diagnostic:values_edit", args=[convention.slug]) + (
        f"?indicateur={code}&annee={year}"
    )


def _cells(client, url):
    form = client.get(url).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_the_grid_writes_typed_values_with_their_source_and_history(member_client, rochefort):
    client, membership = member_client(rochefort, "coordinateur")
    url = _grid(rochefort)
    data = _cells(client, url)
    rochefort_city = rochefort.communes.get(code="17299")
    aix = rochefort.communes.get(code="17004")
    data.update({f"c{rochefort_city.pk}": "4 215", f"c{aix.pk}": "s", "source": "CAF 17, 2024"})
    response = client.post(url, data)
    assert response.status_code == 302
    typed = IndicatorValue.objects.get(commune=rochefort_city, indicator__code="allocataires")
    assert typed.value == 4215 and typed.year == 2023
    assert typed.dataset.source == "CAF 17, 2024"
    assert IndicatorValue.objects.get(commune=aix).value is None  # "s": non diffusé, not 0
    assert IndicatorValue.objects.count() == 2  # the cells left empty wrote nothing
    edits = DiagnosticEdit.objects.filter(convention=rochefort, kind="valeur")
    assert sorted(edits.values_list("field", "after")) == [
        ("Rochefort", "4215 (CAF 17, 2024)"),
        ("Île-d'Aix", "non diffusé (CAF 17, 2024)"),
    ]
    page = client.get(reverse("diagnostic:history", args=[rochefort.slug])).content.decode()
    assert "4215 (CAF 17, 2024)" in page and membership.user.email in page


def test_the_grid_refuses_a_bad_cell_naming_the_commune_and_saves_nothing(member_client, rochefort):
    client, _ = member_client(rochefort, "coordinateur")
    url = _grid(rochefort)
    data = _cells(client, url)
    rochefort_city = rochefort.communes.get(code="17299")
    fouras = rochefort.communes.get(code="17168")
    data.update({f"c{rochefort_city.pk}": "120", f"c{fouras.pk}": "-3", "source": "CAF"})
    response = client.post(url, data)
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Fouras (17168) : effectif négatif (-3)" in page
    assert not IndicatorValue.objects.exists()


def test_the_grid_refuses_values_someone_changed_meanwhile(member_client, rochefort):
    client, _ = member_client(rochefort, "coordinateur")
    url = _grid(rochefort)
    data = _cells(client, url)
    city = rochefort.communes.get(code="17299")
    first = {**data, f"c{city.pk}": "100", "source": "A"}
    assert client.post(url, first).status_code == 302
    second = {**data, f"c{city.pk}": "200", "source": "B"}  # the grid as shown before
    response = client.post(url, second)
    assert "modifiées par quelqu" in response.content.decode()
    assert IndicatorValue.objects.get(commune=city).value == 100


def test_a_reader_cannot_open_the_grid(member_client, rochefort):
    client, _ = member_client(rochefort, "lecteur")
    assert client.get(_grid(rochefort)).status_code == 403


def test_editing_a_key_figure_enters_the_history(member_client, rochefort):
    client, _ = member_client(rochefort, "coordinateur")
    add = reverse("diagnostic:key_figure_create", args=[rochefort.slug])
    response = client.post(
        add,
        {
            "code": "alloc",
            "label": "Allocataires",
            "value": "4200",
            "unit": "nombre",
            "year": "2023",
            "source": "CAF",
            "version": 0,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    figure = rochefort.key_figures.get(code="alloc")
    edit = reverse("diagnostic:key_figure_edit", args=[rochefort.slug, figure.pk])
    response = client.post(
        edit,
        {
            "code": "alloc",
            "label": "Allocataires",
            "value": "4300",
            "unit": "nombre",
            "year": "2024",
            "source": "CAF",
            "version": figure.version,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    changes = DiagnosticEdit.objects.filter(kind="chiffre", object_id=figure.pk)
    changed = {(e.before, e.after) for e in changes}
    assert ("4200.00", "4300.00") in changed and ("2023", "2024") in changed
