"""Who may see and start the platform's jobs (operations/jobs.py)."""

from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.perms import is_admin, rule


@rule(_("Seuls les administrateurs de la plateforme voient et lancent les travaux."))
def can_run_jobs(user) -> bool:
    return is_admin(user)
