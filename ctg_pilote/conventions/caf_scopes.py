"""A CAF advisor's territory: the CAF role on every CTG of a département, or only on the CTGs
of some of its EPCIs, present and future, without anyone adding them to each CTG.

The one function that says a person's role in a CTG is `conventions.perms.role_in`; it asks
`scoped_role` here when the person holds no membership of that CTG.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ctg_pilote.territories.models import Epci


class CafScope(models.Model):
    """The CAF role on the CTGs whose CAF is this département's (all of them, or those of the
    EPCIs listed, matched by SIREN so that a later geographic vintage still matches)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="caf_scopes",
        verbose_name=_("conseiller·ère CAF"),
    )
    departement_code = models.CharField(
        _("département (code)"),
        max_length=3,
        validators=[
            RegexValidator(
                r"^(\d{2}|2A|2B|97\d)$",
                _("Code de département attendu : 17, 2A, 974…"),
            )
        ],
        help_text=_("Le département de la CAF : 17 pour la Charente-Maritime."),
    )
    epcis = models.ManyToManyField(
        Epci,
        blank=True,
        related_name="+",
        verbose_name=_("EPCI"),
        help_text=_("Laissé vide : toutes les CTG du département."),
    )

    class Meta:
        verbose_name = _("territoire d'un·e conseiller·ère CAF")
        verbose_name_plural = _("territoires des conseiller·ères CAF")
        ordering = ["departement_code", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "departement_code"],
                name="uniq_caf_scope",
                violation_error_message=_("Cette personne suit déjà ce département."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — CAF {self.departement_code}"


def _scopes(user) -> list[tuple[str, frozenset[str]]]:
    """(département code, EPCI SIRENs or empty for all) of each scope, cached on the user."""
    if "_ctg_caf_scopes" not in user.__dict__:
        rows = {}
        for code, siren in CafScope.objects.filter(user=user).values_list(
            "departement_code", "epcis__siren"
        ):
            rows.setdefault(code, set())
            if siren:
                rows[code].add(siren)
        user.__dict__["_ctg_caf_scopes"] = [(c, frozenset(s)) for c, s in rows.items()]
    return user.__dict__["_ctg_caf_scopes"]


def in_scope(user, convention) -> bool:
    """Whether one of the person's CAF scopes covers this CTG."""
    scopes = _scopes(user)
    if not scopes:
        return False
    code = convention.caf_departement.code
    for scope_code, sirens in scopes:
        if scope_code != code:
            continue
        if not sirens or (convention.epci_id and convention.epci.siren in sirens):
            return True
    return False


def scoped_filter(user) -> Q | None:
    """A filter on Convention matching the CTGs the person's CAF scopes cover, or None."""
    condition = None
    for code, sirens in _scopes(user):
        q = Q(caf_departement__code=code)
        if sirens:
            q &= Q(epci__siren__in=sirens)
        condition = q if condition is None else condition | q
    return condition


def scoped_departements(user) -> list[str]:
    """The codes of the départements the person follows as a CAF advisor."""
    return sorted(code for code, _sirens in _scopes(user))
