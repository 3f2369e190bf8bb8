"""The plan d'action of a CTG: tree, fiches actions, indicators and their values, notes.

Permissions are the plan's own functions (plan/perms.py), asked exactly like the pages do;
every write goes through plan/services.py so the action's history records the API user.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from ctg_pilote.conventions.models import Organisation
from ctg_pilote.plan import perms, services
from ctg_pilote.plan.models import (
    UNKNOWN_STATUS_FILTER,
    Action,
    ActionStatus,
    Indicator,
    IndicatorValue,
    Node,
    Note,
)

from ..errors import Conflict
from ..filters import (
    bool_param,
    choice_param,
    datetime_param,
    int_param,
    query_parameter,
    text_param,
)
from ..serializers.plan import (
    ActionSerializer,
    NodeSerializer,
    NoteSerializer,
)
from .base import SLUG_PARAMETER, ConventionScopedMixin

LABELS = {
    Node: gettext_lazy("élément du plan"),
    Action: gettext_lazy("fiche action"),
    Indicator: gettext_lazy("indicateur"),
    IndicatorValue: gettext_lazy("valeur mesurée"),
    Note: gettext_lazy("note"),
}
ROW_FIELDS = ("partner_roles", "milestones", "budget_lines")
M2M_FIELDS = ("zones", "communes", "thematiques")


def _id_parameter(description: str, name: str = "id") -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


ID_ACTION = _id_parameter("Id de l'action.")
ID_NODE = _id_parameter("Id de l'élément du plan.")
ID_INDICATOR = _id_parameter("Id de l'indicateur.")
YEAR_PARAMETER = OpenApiParameter(
    "annee", OpenApiTypes.INT, OpenApiParameter.PATH, description="Année de la valeur."
)


class PlanMixin(ConventionScopedMixin):
    lookup_field = "id"
    lookup_url_kwarg = "id"
    read_check = staticmethod(perms.can_view_plan)
    write_check = staticmethod(perms.can_write_in_plan)

    def schema_only(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        value = self.kwargs[self.lookup_url_kwarg]
        return find(queryset, self.lookup_url_kwarg, **{self.lookup_field: value})


def find(queryset, key="id", **lookup):
    """The object of this CTG, or a French 404 naming what was not found."""
    found = queryset.filter(**lookup).first()
    if found is None:
        value = next(iter(lookup.values()))
        raise exceptions.NotFound(
            _("Introuvable dans cette CTG : %(label)s (%(key)s %(value)s).")
            % {"label": LABELS[queryset.model], "key": key, "value": value}
        )
    return found


# Nodes of the strategic tree -------------------------------------------------------------


def _nodes(convention):
    return (
        Node.objects.filter(convention=convention).in_tree_order().prefetch_related("thematiques")
    )


@extend_schema_view(
    get=extend_schema(summary="Arborescence du plan", parameters=[SLUG_PARAMETER]),
    post=extend_schema(summary="Ajouter un élément à l'arborescence", parameters=[SLUG_PARAMETER]),
)
class NodeList(PlanMixin, generics.ListCreateAPIView):
    serializer_class = NodeSerializer
    write_check = staticmethod(perms.can_edit_plan)

    def get_queryset(self):
        if self.schema_only():
            return Node.objects.none()
        return _nodes(self.convention)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        try:
            node = services.save_node(
                convention=self.convention,
                node=None,
                expected_version=None,
                thematiques=data.pop("thematiques", []),
                parent=data.pop("parent", None),
                values=data,
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"parent": error.messages}) from error
        node = _nodes(self.convention).get(pk=node.pk)
        return Response(self.get_serializer(node).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="Un élément du plan", parameters=[SLUG_PARAMETER, ID_NODE]),
    patch=extend_schema(
        summary="Modifier ou déplacer un élément du plan",
        description="Changer `parent` déplace l'élément (et sa branche) en dernier de son "
        "nouveau parent ; le plan est renuméroté.",
        parameters=[SLUG_PARAMETER, ID_NODE],
    ),
    delete=extend_schema(
        summary="Supprimer un élément du plan",
        description="Refusé (409) tant que sa branche porte des actions.",
        parameters=[SLUG_PARAMETER, ID_NODE],
    ),
)
class NodeDetail(PlanMixin, generics.RetrieveUpdateDestroyAPIView):
    serializer_class = NodeSerializer
    write_check = staticmethod(perms.can_edit_plan)
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.schema_only():
            return Node.objects.none()
        return _nodes(self.convention)

    def update(self, request, *args, **kwargs):
        node = self.get_object()
        serializer = self.get_serializer(node, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            services.save_node(
                convention=self.convention,
                node=node,
                expected_version=data.pop("version", None),
                thematiques=data.pop("thematiques", None),
                parent=data.pop("parent", services.UNCHANGED),
                values=data,
            )
        except DjangoValidationError as error:
            raise exceptions.ValidationError({"parent": error.messages}) from error
        return Response(self.get_serializer(self.get_queryset().get(pk=node.pk)).data)

    def destroy(self, request, *args, **kwargs):
        node = self.get_object()
        try:
            services.delete_node(node=node)
        except DjangoValidationError as error:
            raise Conflict(" ".join(error.messages)) from error
        return Response(status=status.HTTP_204_NO_CONTENT)


# Fiches actions --------------------------------------------------------------------------


# The rows and relations an action's JSON lists.
ACTION_RELATIONS = (
    "partner_roles",
    "milestones",
    "budget_lines",
    "zones",
    "communes",
    "thematiques",
)


def _actions(convention):
    return (
        Action.objects.filter(convention=convention).for_list().prefetch_related(*ACTION_RELATIONS)
    )


class _ListedAction:
    """An action of a page of the list whose relations were read for the whole page into plain
    lists (prefetch's `to_attr`): the serializer reads them without creating a related manager
    and a queryset per action and relation, which cost more than the queries themselves."""

    __slots__ = ("_action",)

    def __init__(self, action):
        self._action = action

    def __getattr__(self, name):
        if name in ACTION_RELATIONS:
            name = f"listed_{name}"
        return getattr(self._action, name)


def _listed(actions: list[Action]) -> list[_ListedAction]:
    prefetch_related_objects(
        actions, *(Prefetch(name, to_attr=f"listed_{name}") for name in ACTION_RELATIONS)
    )
    return [_ListedAction(action) for action in actions]


def _write_action(*, action: Action, data: dict, by, expected_version: int | None) -> None:
    """Apply validated API data to an action through the plan's one write route."""
    rows = {name: data.pop(name, None) for name in ROW_FIELDS}
    relations = {name: data.pop(name) for name in M2M_FIELDS if name in data}
    effective_on = data.pop("date_effet", None)
    services.update_action(
        action=action,
        by=by,
        expected_version=expected_version,
        values=data,
        relations=relations,
        rows=rows,
        origin="API",
        effective_on=effective_on,
    )


# The status filter's values: the codes, and one for the actions whose status is unknown.
STATUS_FILTERS = [code or UNKNOWN_STATUS_FILTER for code in ActionStatus.values]

ACTION_FILTERS = [
    query_parameter(
        "statut",
        "Statut de l'action ; « non_renseigne » : statut inconnu.",
        enum=STATUS_FILTERS,
    ),
    query_parameter(
        "noeud",
        "Id d'un élément du plan : ses actions et celles de sa branche.",
        OpenApiTypes.INT,
    ),
    query_parameter("pilote", "Id de l'organisation pilote.", OpenApiTypes.INT),
    query_parameter(
        "prioritaire", "Actions prioritaires (true) ou non (false).", OpenApiTypes.BOOL
    ),
    query_parameter(
        "q",
        "Recherche : le numéro entier, ou un morceau de l'intitulé, du constat, des objectifs, "
        "de la description ou des publics.",
    ),
    query_parameter(
        "modifiee_depuis",
        "Actions modifiées depuis cette date et heure (ISO 8601).",
        OpenApiTypes.DATETIME,
    ),
]


@extend_schema_view(
    get=extend_schema(summary="Fiches actions", parameters=[SLUG_PARAMETER, *ACTION_FILTERS]),
    post=extend_schema(summary="Créer une fiche action", parameters=[SLUG_PARAMETER]),
)
class ActionList(PlanMixin, generics.ListCreateAPIView):
    serializer_class = ActionSerializer

    def get_queryset(self):
        if self.schema_only():
            return Action.objects.none()
        request = self.request
        # The relations are read for the page only (paginate_queryset); the JSON names the
        # node and the pilot by their id, which the action holds.
        queryset = Action.objects.filter(convention=self.convention).for_list().select_related(None)
        statut = choice_param(request, "statut", STATUS_FILTERS)
        node_id = int_param(request, "noeud")
        pilot = int_param(request, "pilote")
        priority = bool_param(request, "prioritaire")
        text = text_param(request, "q")
        since = datetime_param(request, "modifiee_depuis")
        if statut:
            queryset = queryset.with_status(statut)
        if node_id is not None:
            node = Node.objects.filter(convention=self.convention, pk=node_id).first()
            if node is None:
                raise exceptions.ValidationError(
                    {"noeud": [_("Aucun élément d'id %(id)s dans ce plan.") % {"id": node_id}]}
                )
            queryset = queryset.filter(
                node__in=Node.objects.filter(convention=self.convention).branch_of(node)
            )
        if pilot is not None:
            if not Organisation.objects.filter(convention=self.convention, pk=pilot).exists():
                raise exceptions.ValidationError(
                    {
                        "pilote": [
                            _("Aucune organisation d'id %(id)s dans cette CTG.") % {"id": pilot}
                        ]
                    }
                )
            queryset = queryset.filter(pilot_id=pilot)
        if priority is not None:
            queryset = queryset.filter(is_priority=priority)
        if text:
            queryset = queryset.search(text)
        if since is not None:
            queryset = queryset.filter(updated_at__gte=since)
        return queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else _listed(page)

    def create(self, request, *args, **kwargs):
        self.require(perms.can_create_action, self.convention)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        with transaction.atomic():
            action = Action(convention=self.convention)
            _write_action(action=action, data=data, by=request.user, expected_version=None)
        action = _actions(self.convention).get(pk=action.pk)
        return Response(self.get_serializer(action).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="Une fiche action", parameters=[SLUG_PARAMETER, ID_ACTION]),
    patch=extend_schema(
        summary="Modifier une fiche action",
        description="Envoyez `version` (celle que vous avez lue) : si l'action a été enregistrée "
        "depuis, rien n'est enregistré et la réponse 409 liste ce qui a changé. Les listes "
        "`partenaires`, `jalons` et `budget` envoyées remplacent les anciennes. Chaque champ "
        "changé entre dans l'historique de l'action, au nom du titulaire du jeton.",
        parameters=[SLUG_PARAMETER, ID_ACTION],
    ),
    delete=extend_schema(
        summary="Supprimer une fiche action", parameters=[SLUG_PARAMETER, ID_ACTION]
    ),
)
class ActionDetail(PlanMixin, generics.RetrieveUpdateDestroyAPIView):
    serializer_class = ActionSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.schema_only():
            return Action.objects.none()
        return _actions(self.convention)

    def update(self, request, *args, **kwargs):
        action = self.get_object()
        self.require(perms.can_edit_action, action)
        serializer = self.get_serializer(action, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if any(
            field in data and data[field] != getattr(action, field)
            for field in perms.EDITOR_ONLY_ACTION_FIELDS
        ):
            self.require(perms.can_reassign_action, action)
        sent = data.pop("version", None)
        with transaction.atomic():
            _write_action(action=action, data=data, by=request.user, expected_version=sent)
        action = _actions(self.convention).get(pk=action.pk)
        return Response(self.get_serializer(action).data)

    def destroy(self, request, *args, **kwargs):
        action = self.get_object()
        self.require(perms.can_edit_plan, self.convention)
        services.delete_action(action=action)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Notes -----------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="Notes de suivi d'une action", parameters=[SLUG_PARAMETER, ID_ACTION]
    ),
    post=extend_schema(summary="Ajouter une note de suivi", parameters=[SLUG_PARAMETER, ID_ACTION]),
)
class NoteList(PlanMixin, generics.ListCreateAPIView):
    serializer_class = NoteSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.action = find(
            Action.objects.filter(convention=self.convention).select_related("convention"),
            id=self.kwargs["id"],
        )

    def get_queryset(self):
        if self.schema_only():
            return Note.objects.none()
        return self.action.notes.all()

    def create(self, request, *args, **kwargs):
        self.require(perms.can_follow_action, self.action)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.add_note(
            action=self.action,
            by=request.user,
            text=serializer.validated_data["text"],
            date=serializer.validated_data.get("date"),
        )
        return Response(self.get_serializer(note).data, status=status.HTTP_201_CREATED)
