"""The strategic tree of a plan: the names of its levels and its elements (nodes)."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention, Thematique
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.fieldspec import (
    Composite,
    Exposed,
    Exposure,
    TextListValidator,
)
from ctg_pilote.core.versioning import Versioned


class Level(models.Model):
    """The name of one depth of a CTG's tree (1 = top), e.g. "Axe", "Objectif stratégique"."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="plan_levels")
    depth = models.PositiveSmallIntegerField(
        _("profondeur"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    name = models.CharField(_("nom"), max_length=60)

    not_exchanged = ("id", "convention", "depth")

    class Meta:
        verbose_name = _("niveau du plan")
        verbose_name_plural = _("niveaux du plan")
        ordering = ["convention", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "depth"], name="uniq_plan_level_depth")
        ]

    def __str__(self) -> str:
        return self.name


class NodeQuerySet(models.QuerySet):
    def in_tree_order(self) -> "NodeQuerySet":
        # `sort_key` is the zero-padded path of positions, so one ORDER BY gives the tree.
        return self.order_by("sort_key")

    def branch_of(self, node: "Node") -> "NodeQuerySet":
        """The node and everything below it."""
        return self.filter(
            models.Q(pk=node.pk) | models.Q(sort_key__startswith=f"{node.sort_key}.")
        )


class Node(Versioned):
    """A node of the strategic tree (enjeu, axe, objectif...). Its number (1.2.3) is computed
    from positions by `services.renumber` and stays stable until the tree is reordered."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="plan_nodes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("placé sous"),
    )
    depth = models.PositiveSmallIntegerField(
        _("niveau"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1, validators=bounds.ORDER)
    number = models.CharField(_("numéro"), max_length=20, blank=True)
    sort_key = models.CharField(max_length=40, blank=True, editable=False)
    title = models.CharField(_("titre"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    vision = models.TextField(_("vision"), blank=True, help_text=_("« En 2027, … »"))
    expected_results = models.JSONField(
        _("résultats attendus"),
        default=list,
        blank=True,
        help_text=_("Un résultat par ligne."),
        validators=[TextListValidator(max_items=50, max_length=1000)],
    )
    thematiques = models.ManyToManyField(
        Thematique, blank=True, related_name="plan_nodes", verbose_name=_("thématiques")
    )
    examples = models.BooleanField(
        _("exemples d'actions"),
        default=False,
        help_text=_("Les actions listées ici sont des exemples, pas la liste complète."),
    )

    objects = NodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("élément du plan")
        verbose_name_plural = _("éléments du plan")
        ordering = ["convention", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"],
                name="uniq_plan_node_number",
                violation_error_message=_("Un élément du plan porte déjà ce numéro."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


NODE_NUMBER = r"^[1-9][0-9]*(\.[1-9][0-9]*){0,3}$"

# How an element of the tree is named outside (see ACTION_FIELDS below): its number, depth,
# position and parent follow from the tree; the Tree sheet's "Niveau" column names its level.
NODE_FIELDS = Exposure(
    Node,
    [
        Exposed(
            "number",
            "numero",
            "Numéro",
            pattern=NODE_NUMBER,
            description="Numéro automatique (1, 1.2, 1.2.3) : identifiant du nœud dans le "
            "document, donné dans l'ordre de l'arborescence.",
            always=True,
            required=True,
            form=False,
            api="read",
        ),
        Exposed("depth", "niveau", exchange=False, form=False, api="read", tracked=False),
        Exposed("position", "position", exchange=False, form=False, api="read", tracked=False),
        Exposed(
            "parent",
            "parent",
            exchange=False,
            form=False,
            ref="number",
            description="Élément parent ; absent ou null : premier niveau.",
        ),
        Composite("niveau_nom", columns=("Niveau",), form=False, tracked=False),
        Exposed("title", "titre", "Titre"),
        Exposed("description", "description", "Description"),
        Exposed("vision", "vision", "Vision"),
        Exposed("expected_results", "resultats_attendus", "Résultats attendus"),
        Exposed("thematiques", "thematiques", "Thématiques", ref="code"),
        Exposed(
            "examples",
            "exemples",
            "Exemples d'actions",
            description="Vrai : les actions de cet élément sont citées en exemple par la "
            "source, ce n'est pas la liste complète.",
        ),
    ],
    internal=("convention", "sort_key", "version"),
    component="Plan",
)


class CrossCuttingIssue(Versioned):
    """An enjeu transversal: a concern the plan names across several of its elements (axes,
    objectives...), e.g. "la mobilité, enjeu transversal aux axes 1 et 3"."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="plan_cross_cutting_issues"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1, validators=bounds.ORDER)
    ref = models.CharField(
        _("référence"),
        max_length=40,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", _("Lettres, chiffres, « - », « _ » ou « . ».")
            )
        ],
        help_text=_("Identifiant court, unique dans la CTG (ex. « mobilite »)."),
    )
    title = models.CharField(_("titre"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    nodes = models.ManyToManyField(
        Node,
        blank=True,
        related_name="cross_cutting_issues",
        verbose_name=_("éléments du plan concernés"),
    )

    class Meta:
        verbose_name = _("enjeu transversal")
        verbose_name_plural = _("enjeux transversaux")
        ordering = ["convention", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "ref"],
                name="uniq_plan_cross_cutting_ref",
                violation_error_message=_(
                    "Un enjeu transversal de cette CTG porte déjà cette référence."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title


# How an enjeu transversal is named outside (see NODE_FIELDS); its place in the list is its order.
CROSS_CUTTING_FIELDS = Exposure(
    CrossCuttingIssue,
    [
        Exposed("ref", "ref", "Référence", form=False),
        Exposed("title", "titre", "Titre"),
        Exposed("description", "description", "Description"),
        Exposed(
            "nodes",
            "elements",
            "Éléments du plan",
            ref="number",
            description="Numéros des éléments du plan (axes, objectifs...) que l'enjeu traverse.",
        ),
    ],
    internal=("convention", "position", "version"),
    component="Plan",
)
