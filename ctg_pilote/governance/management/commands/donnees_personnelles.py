"""Answer a person's request about their data (RGPD) from the command line.

ctg donnees_personnelles rochefort-ocean camille.martin@exemple.test          # export JSON
ctg donnees_personnelles rochefort-ocean camille.martin@exemple.test --effacer --confirmer
"""

import json

from django.core.management.base import BaseCommand, CommandError

from ctg_pilote.conventions.models import Contact, Convention
from ctg_pilote.core import revisions
from ctg_pilote.governance import services


class Command(BaseCommand):
    help = "Exporte (JSON) ou efface les données d'une personne dans une CTG."

    def add_arguments(self, parser):
        parser.add_argument("ctg", help="identifiant de la CTG")
        parser.add_argument("courriel", help="adresse électronique du contact")
        parser.add_argument("--effacer", action="store_true", help="effacer au lieu d'exporter")
        parser.add_argument(
            "--confirmer", action="store_true", help="requis avec --effacer (sans retour)"
        )

    def handle(self, *args, ctg, courriel, effacer, confirmer, **options):
        convention = Convention.objects.filter(slug=ctg).first()
        if convention is None:
            raise CommandError(f"CTG « {ctg} » inconnue.")
        contacts = list(
            Contact.objects.filter(organisation__convention=convention, email__iexact=courriel)
        )
        if not contacts:
            raise CommandError(f"Aucun contact de « {ctg} » n'a l'adresse {courriel}.")
        if not effacer:
            data = [services.person_data(contact=c) for c in contacts]
            self.stdout.write(
                json.dumps(data if len(data) > 1 else data[0], ensure_ascii=False, indent=2)
            )
            return
        if not confirmer:
            raise CommandError("Ajoutez --confirmer : l'effacement ne peut pas être annulé.")
        for contact in contacts:
            services.erase_person(contact=contact)
        revisions.bump(convention.pk)
        self.stdout.write(
            f"{len(contacts)} contact(s) anonymisé(s) ; présences et décisions gardées sans identité."
        )
