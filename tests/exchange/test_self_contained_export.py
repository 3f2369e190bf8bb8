"""An export names nothing it does not define: it imports into an empty database, even when a
custom thématique is used only by a finding, an action or an instance."""

import copy

import pytest

from ctg_pilote.accounts.models import User
from ctg_pilote.conventions.models import Convention, Thematique
from ctg_pilote.conventions.thematiques import BASE_CODES
from ctg_pilote.exchange.document import parse
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document

from .test_exchange import rich_document

pytestmark = pytest.mark.django_db


def empty_database():
    """What a fresh database holds: no CTG, no account, only the base thématiques."""
    Convention.objects.all().delete()
    User.objects.all().delete()
    Thematique.objects.exclude(code__in=BASE_CODES).delete()


def with_custom_thematique_used_by(section: str) -> dict:
    """The rich document, whose CTG covers no custom thématique, and one section using
    « bien-etre-des-aidants », defined in the document only for that use."""
    document = copy.deepcopy(rich_document())
    document["ctg"]["thematiques"] = ["petite-enfance", "jeunesse", "parentalite"]
    document["thematiques"] = [
        {"code": "bien-etre-des-aidants", "libelle": "Bien-être des aidants"}
    ]
    if section == "diagnostic":
        document["diagnostic"] = {
            "syntheses": [
                {
                    "thematique": "bien-etre-des-aidants",
                    "type": "besoin",
                    "texte": "Les aidants familiaux manquent de répit.",
                }
            ]
        }
    elif section == "plan":
        document["plan"] = {
            "niveaux": ["Axe"],
            "noeuds": [{"numero": "1", "titre": "Soutenir les aidants"}],
            "actions": [
                {
                    "numero": "1.1",
                    "noeud": "1",
                    "titre": "Un café des aidants",
                    "thematiques": ["bien-etre-des-aidants"],
                }
            ],
        }
    else:
        document["gouvernance"] = {
            "instances": [
                {
                    "ref": "groupe-aidants",
                    "type": "groupe_travail",
                    "nom": "Groupe aidants",
                    "thematiques": ["bien-etre-des-aidants"],
                }
            ]
        }
    return document


@pytest.mark.parametrize("section", ["diagnostic", "plan", "gouvernance"])
def test_a_custom_thematique_used_only_by_a_section_travels_with_the_export(section):
    import_document(with_custom_thematique_used_by(section))
    first = export_convention(Convention.objects.get(slug="marais-test"))
    assert first["thematiques"] == [
        {"code": "bien-etre-des-aidants", "libelle": "Bien-être des aidants"}
    ]
    assert "bien-etre-des-aidants" not in first["ctg"]["thematiques"]  # not a field it covers
    text = dump_yaml(first)

    empty_database()
    import_document(parse(text))  # refused before: « thématique inconnue »
    second = export_convention(Convention.objects.get(slug="marais-test"))
    assert dump_yaml(second) == text

    empty_database()
    import_document(parse(dump_yaml(second)))
    assert export_convention(Convention.objects.get(slug="marais-test")) == first


def test_an_unused_custom_thematique_stays_out_of_the_export():
    document = with_custom_thematique_used_by("plan")
    document["plan"]["actions"][0]["thematiques"] = ["jeunesse"]
    import_document(document)
    assert "thematiques" not in export_convention(Convention.objects.get(slug="marais-test"))
