"""What an action holds besides its own fields: partners, milestones, budget lines,
documents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ctg_pilote.conventions.models import Organisation
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.fieldspec import Exposed, Exposure

from .actions import Action


class PartnerRole(models.Model):
    """An organisation taking part in an action, and what it does there."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="partner_roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partner_roles"
    )
    role = models.CharField(_("rôle"), max_length=200, blank=True)

    not_exchanged = ("id", "action")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "organisation"], name="uniq_action_partner")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"), validators=bounds.DATE)
    title = models.CharField(_("jalon"), max_length=200)
    done = models.BooleanField(_("atteint"), default=False)

    not_exchanged = ("id", "action")

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title}"


class BudgetNature(models.TextChoices):
    OPERATING = "fonctionnement", _("Fonctionnement")
    INVESTMENT = "investissement", _("Investissement")


class BudgetState(models.TextChoices):
    PLANNED = "prevu", _("Prévu")
    GRANTED = "acquis", _("Acquis")
    PAID = "verse", _("Versé")


class BudgetLine(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("financeur"),
    )
    amount = models.DecimalField(
        _("montant (€)"), max_digits=12, decimal_places=2, validators=bounds.MONEY
    )
    nature = models.CharField(
        _("nature"), max_length=20, choices=BudgetNature.choices, default=BudgetNature.OPERATING
    )
    state = models.CharField(
        _("état"), max_length=10, choices=BudgetState.choices, default=BudgetState.PLANNED
    )
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    deletion_holds = {
        "funder": ngettext_lazy(
            "finance %(count)d ligne de budget", "finance %(count)d lignes de budget", "count"
        ),
    }

    class Meta:
        ordering = ["year", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="plan_budget_positive"),
            bounds.range_constraint("amount", bounds.MONEY, name="plan_budget_amount_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.amount} €"


# How a budget line is named outside (see ACTION_FIELDS): the exchange document's
# `actions[].budget[]`, the Budget sheet (after its "Action" column), the API, the form.
BUDGET_LINE_FIELDS = Exposure(
    BudgetLine,
    [
        Exposed("year", "annee", "Année", always=True),
        Exposed("funder", "financeur", "Financeur", ref="ref"),
        Exposed("amount", "montant", "Montant (€)", always=True),
        Exposed("nature", "nature", "Nature", always=True, labels=False),
        Exposed("state", "etat", "État", always=True, labels=False),
        Exposed("is_fictitious", "fictif", "Fictif", form=False, api="read"),
    ],
    internal=("action",),
    component="Plan",
)


def document_path(instance, filename: str) -> str:
    return f"plan/{instance.action.convention_id}/{instance.action_id}/{filename}"


class ActionDocument(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=document_path)
    size = models.PositiveIntegerField(default=0, validators=bounds.INTERNAL)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title
