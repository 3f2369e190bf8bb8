from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ctg_pilote.demo.services import ensure_demo_accounts, load_demo_conventions
from ctg_pilote.diagnostic.sample_values import load_sample_values
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.territories.models import Vintage


class Command(BaseCommand):
    help = (
        "Charge le référentiel des territoires s'il manque, les CTG de démonstration et un "
        "compte par rôle, puis affiche les comptes."
    )

    def handle(self, *args, **options):
        if not Vintage.objects.exists():
            self.stdout.write("Référentiel des territoires absent : chargement…")
            call_command("load_territories", stdout=self.stdout, stderr=self.stderr)
        try:
            reports = load_demo_conventions()
        except ExchangeError as error:
            raise CommandError(f"Démonstration invalide :\n{error}") from error
        for report in reports:
            self.stdout.write(report.summary())
        for line in load_sample_values():  # portraits: the published layouts, invented values
            self.stdout.write(f"Valeurs d'indicateurs, fichier d'exemple {line}")
        accounts = ensure_demo_accounts()
        width = max(len(a.email) for a in accounts)
        self.stdout.write("\nComptes de démonstration (mots de passe conservés dans var/) :")
        for account in accounts:
            self.stdout.write(f"  {account.email:<{width}}  {account.password}  {account.roles}")
