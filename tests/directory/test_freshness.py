"""The coordination sees which services families read with details not checked for a year."""

import datetime as dt

from django.urls import reverse

from .factories import ServiceFactory


def test_the_offer_page_lists_the_services_to_check(member_client, caro):
    client, _membership = member_client(caro)
    today = dt.date.today()
    ServiceFactory(convention=caro, name="Crèche vérifiée", information_date=today)
    ServiceFactory(
        convention=caro, name="Crèche ancienne", information_date=today - dt.timedelta(days=400)
    )
    ServiceFactory(convention=caro, name="Crèche jamais vérifiée")
    ServiceFactory(convention=caro, name="Crèche de démonstration", is_fictitious=True)
    text = client.get(reverse("diagnostic:offer", args=[caro.slug])).text
    listed = text.split("<details", 1)[1].split("</details>", 1)[0]
    assert "2 équipements ou services dont les informations n\u2019ont pas été vérifiées" in listed
    assert "Crèche ancienne" in listed and "Crèche jamais vérifiée" in listed
    assert "Crèche vérifiée" not in listed and "Crèche de démonstration" not in listed


def test_a_reader_does_not_get_the_list(member_client, caro):
    client, _membership = member_client(caro, role="lecteur")
    ServiceFactory(convention=caro, name="Crèche jamais vérifiée")
    assert "<details" not in client.get(reverse("diagnostic:offer", args=[caro.slug])).text
