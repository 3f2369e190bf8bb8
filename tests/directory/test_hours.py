"""Opening hours: typed in the OpenStreetMap syntax, shown in French, open or not now."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ctg_pilote.diagnostic.models.offer import validate_opening_hours
from ctg_pilote.directory.hours import week

from .factories import ServiceFactory

WEDNESDAY_10 = dt.datetime(2026, 12, 2, 10, 0)
HOURS = "Mo-Fr 08:30-12:00,13:30-18:00; Sa 09:00-12:00; PH off"


def test_a_week_reads_in_french():
    shown = week(HOURS, WEDNESDAY_10)
    assert shown.lines == [
        ("Du lundi au vendredi", "8 h 30 \u2013 12 h, 13 h 30 \u2013 18 h"),
        ("Samedi", "9 h \u2013 12 h"),
    ]
    assert shown.open_now is True
    assert shown.next_change == "ferme à 12 h"


def test_closed_now_says_when_it_opens():
    shown = week("Mo,Th 14:00-18:00", WEDNESDAY_10)
    assert shown.open_now is False
    assert shown.next_change == "ouvre jeudi à 14 h"


def test_text_outside_the_syntax_is_refused_with_an_example():
    assert week("lundi 9h-12h") is None
    with pytest.raises(ValidationError, match="format OpenStreetMap"):
        validate_opening_hours("lundi 9h-12h")
    validate_opening_hours(HOURS)


def test_the_service_page_shows_hours_fees_access_and_freshness(client, db):
    service = ServiceFactory(
        opening_hours="Mo-Su 00:00-24:00",
        fees="2 € la séance",
        access="Sur rendez-vous",
        accessibility_url="https://acceslibre.beta.gouv.fr/app/exemple/",
        information_date=dt.date(2025, 9, 15),
        public_phone="05 46 00 00 00",
    )
    text = client.get(reverse("directory:detail", args=[service.pk])).text
    assert "Ouvert maintenant" in text
    assert "Du lundi au dimanche" in text
    assert "2 € la séance" in text and "Sur rendez-vous" in text
    assert "Fiche Acceslibre" in text
    assert "Informations vérifiées le 15 septembre 2025" in text
    assert 'href="tel:0546000000"' in text


def test_a_service_without_details_says_so(client, db):
    service = ServiceFactory()
    text = client.get(reverse("directory:detail", args=[service.pk])).text
    assert "Horaires non précisés" in text
    assert "Date de vérification non renseignée" in text
    assert "Payant : tarif selon les revenus" in text  # the usage of an EAJE, said as such
