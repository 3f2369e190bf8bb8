"""The coordinator chooses what the public page shows: objectifs, instances (names of bodies
and who sits there, never people), besides the existing sections."""

import pytest
from django.urls import reverse

from ctg_pilote.diagnostic.models import SynthesisBlock, SynthesisItem
from ctg_pilote.governance.models import Instance
from ctg_pilote.plan.models import Node
from ctg_pilote.publication import services
from tests.plan.factories import NodeFactory

pytestmark = pytest.mark.django_db


def public_page(client, convention) -> str:
    return client.get(reverse("public:page", args=[convention.slug])).content.decode()


def publish(convention, *sections):
    services.save_publication(
        convention=convention, is_published=True, introduction="", sections=list(sections)
    )


def test_objectives_show_the_whole_tree_only_when_chosen(client, rochefort):
    top = Node.objects.filter(convention=rochefort, depth=1).in_tree_order().first()
    deep = NodeFactory(
        convention=rochefort, parent=top, position=9, title="Objectif écrit pour ce test"
    )
    publish(rochefort, "plan")
    assert deep.title not in public_page(client, rochefort)
    publish(rochefort, "objectifs")
    page = public_page(client, rochefort)
    assert "Enjeux et objectifs" in page
    for node in Node.objects.filter(convention=rochefort):
        assert node.title in page or node.title.replace("'", "&#x27;") in page


def test_instances_show_bodies_and_organisations_never_contacts(client, rochefort):
    instance = Instance.objects.filter(convention=rochefort, members__isnull=False).first()
    assert instance is not None
    publish(rochefort, "presentation")
    assert instance.name not in public_page(client, rochefort)
    publish(rochefort, "instances")
    page = public_page(client, rochefort)
    assert "Les instances de la CTG" in page
    assert instance.name in page
    member = instance.members.select_related("organisation", "contact").first()
    assert member.organisation.name.replace("'", "&#x27;") in page
    for seat in instance.members.select_related("contact").exclude(contact=None):
        contact = seat.contact
        for private in (contact.email, contact.last_name):
            if private:
                assert private not in page


def test_the_settings_page_offers_the_new_sections(member_client, rochefort):
    client, _membership = member_client(rochefort, "coordinateur")
    url = reverse("publication:settings", args=[rochefort.slug])
    page = client.get(url).content.decode()
    for label in ("Enjeux et objectifs", "Instances de gouvernance", "Ce que dit le diagnostic"):
        assert label in page


def test_findings_show_only_published_blocks_in_the_document_order(client, rochefort):
    published = SynthesisBlock.objects.create(
        convention=rochefort, title="Ce que disent les familles", is_published=True, position=1
    )
    SynthesisItem.objects.create(
        block=published, heading="Les horaires", text="Des horaires trop courts.", position=1
    )
    SynthesisItem.objects.create(
        block=published, kind="besoin", text="Une halte-garderie le samedi.", position=2
    )
    hidden = SynthesisBlock.objects.create(
        convention=rochefort, title="Bloc de travail", is_published=False, position=2
    )
    SynthesisItem.objects.create(block=hidden, text="Note interne au diagnostic.", position=1)
    publish(rochefort, "signataires")
    assert "Ce que disent les familles" not in public_page(client, rochefort)
    publish(rochefort, "syntheses")
    page = public_page(client, rochefort)
    assert "Ce que dit le diagnostic" in page
    assert page.index("Les horaires") < page.index("Des horaires trop courts.")
    assert page.index("Des horaires trop courts.") < page.index("Une halte-garderie le samedi.")
    assert "Besoin" in page
    assert "Bloc de travail" not in page and "Note interne" not in page
