"""Governance of a CTG: instances, meetings, decisions and the partners' directory.

Reads ask `governance.perms.can_view_governance`; the writes the pages offer here (scheduling
a meeting, following a decision up) ask `can_manage_governance`, through the app's services.
People appear only for `can_view_people`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ctg_pilote.conventions.models import Organisation, OrganisationKind
from ctg_pilote.governance import perms, services
from ctg_pilote.governance.models import (
    ChangeOrigin,
    Decision,
    DecisionStatus,
    Instance,
    InstanceMember,
    Invitation,
    Meeting,
    MeetingStatus,
)
from ctg_pilote.governance.queries import partner_organisations

from ..filters import bool_param, choice_param, date_param, int_param, query_parameter, text_param
from ..serializers.diagnostic import answer_serializer
from ..serializers.governance import (
    GovernanceDecisionSerializer,
    GovernanceInstanceSerializer,
    GovernanceMeetingCreateSerializer,
    GovernanceMeetingDetailSerializer,
    GovernanceMeetingSerializer,
    GovernancePartnerSerializer,
)
from .base import SLUG_PARAMETER, ConventionScopedMixin
from .diagnostic import COMMUNE_PATTERN, MAX_ID, commune_of, object_or_404, path_id

ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def id_param(request, name: str) -> int | None:
    return int_param(request, name, minimum=1, maximum=MAX_ID)


def instance_param(request, convention) -> int | None:
    """`?instance=` must name an instance of this CTG (400 otherwise)."""
    instance = id_param(request, "instance")
    if instance is None:
        return None
    if not Instance.objects.filter(convention=convention, pk=instance).exists():
        raise ValidationError(
            {"instance": [_("Aucune instance n° %(id)s dans cette CTG.") % {"id": instance}]}
        )
    return instance


class GovernanceMixin(ConventionScopedMixin):
    read_check = staticmethod(perms.can_view_governance)
    write_check = staticmethod(perms.can_manage_governance)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        convention = getattr(self, "convention", None)
        context["show_people"] = convention is not None and perms.can_view_people(
            self.request.user, convention
        )
        return context


# ---- instances -------------------------------------------------------------------------------


class InstanceMixin(GovernanceMixin):
    serializer_class = GovernanceInstanceSerializer

    def instances(self):
        return (
            Instance.objects.filter(convention=self.convention)
            .prefetch_related(
                "thematiques",
                "actions",
                "nodes",
                Prefetch(
                    "members",
                    queryset=InstanceMember.objects.select_related("organisation", "contact"),
                ),
            )
            .order_by("position", "name", "pk")
        )


@extend_schema_view(
    get=extend_schema(summary="Instances de la gouvernance", parameters=[SLUG_PARAMETER])
)
class InstanceList(InstanceMixin, generics.ListAPIView):
    def get_queryset(self):
        return self.instances()


@extend_schema_view(
    get=extend_schema(summary="Une instance", parameters=[SLUG_PARAMETER, path_id("Instance.")])
)
class InstanceDetail(InstanceMixin, generics.RetrieveAPIView):
    def get_object(self):
        return object_or_404(
            self.instances(), self.kwargs["id"], _("Aucune instance n° %(id)s dans cette CTG.")
        )


# ---- meetings --------------------------------------------------------------------------------


def meetings_of(convention):
    return Meeting.objects.filter(convention=convention).select_related("instance")


def meeting_details(convention):
    return meetings_of(convention).prefetch_related(
        "documents",
        Prefetch(
            "invitations", queryset=Invitation.objects.select_related("organisation", "contact")
        ),
    )


@extend_schema_view(
    get=extend_schema(
        summary="Réunions des instances",
        description="Les plus récentes d'abord.",
        parameters=[
            SLUG_PARAMETER,
            query_parameter("instance", "Identifiant d'une instance de la CTG.", ID_SCHEMA),
            query_parameter("du", "Réunions à partir de ce jour (AAAA-MM-JJ).", OpenApiTypes.DATE),
            query_parameter(
                "au", "Réunions jusqu'à ce jour inclus (AAAA-MM-JJ).", OpenApiTypes.DATE
            ),
            query_parameter("statut", "Statut de la réunion.", enum=MeetingStatus.values),
        ],
    ),
    post=extend_schema(
        summary="Programmer une réunion",
        description="Comme le formulaire « Nouvelle réunion » : les membres de l'instance sont "
        "invités d'office (aucun courriel n'est envoyé).",
        parameters=[SLUG_PARAMETER],
        request=GovernanceMeetingCreateSerializer,
        responses={201: GovernanceMeetingDetailSerializer},
    ),
)
class MeetingList(GovernanceMixin, generics.ListCreateAPIView):
    def get_serializer_class(self):
        if self.request.method == "POST":
            return GovernanceMeetingCreateSerializer
        return GovernanceMeetingSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            meeting = services.schedule_meeting(
                instance=data["instance"],
                title=data["intitule"],
                starts_at=data["debut"],
                ends_at=data["fin"],
                place=data["lieu"],
                video_url=data["visio"],
                agenda=data["ordre_du_jour"],
                invite_members=True,
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        meeting = self.meeting_detail(meeting.pk)
        answer = GovernanceMeetingDetailSerializer(meeting, context=self.get_serializer_context())
        return Response(answer.data, status=status.HTTP_201_CREATED)

    def meeting_detail(self, pk):
        return meeting_details(self.convention).get(pk=pk)

    def get_queryset(self):
        request = self.request
        meetings = meetings_of(self.convention)
        instance = instance_param(request, self.convention)
        if instance is not None:
            meetings = meetings.filter(instance_id=instance)
        start, end = date_param(request, "du"), date_param(request, "au")
        if start and end and end < start:
            raise ValidationError({"au": [_("La fin de la période précède son début.")]})
        if start:
            meetings = meetings.filter(starts_at__date__gte=start)
        if end:
            meetings = meetings.filter(starts_at__date__lte=end)
        status = choice_param(request, "statut", MeetingStatus.values)
        if status:
            meetings = meetings.filter(status=status)
        return meetings.order_by("-starts_at", "pk")


@extend_schema_view(
    get=extend_schema(
        summary="Une réunion, avec ses documents et ses invitations",
        parameters=[SLUG_PARAMETER, path_id("Réunion.")],
    )
)
class MeetingDetail(GovernanceMixin, generics.RetrieveAPIView):
    serializer_class = GovernanceMeetingDetailSerializer

    def get_object(self):
        return object_or_404(
            meeting_details(self.convention),
            self.kwargs["id"],
            _("Aucune réunion n° %(id)s dans cette CTG."),
        )


# ---- decisions -------------------------------------------------------------------------------


DECISION_ANSWER = answer_serializer(GovernanceDecisionSerializer)


class DecisionMixin(GovernanceMixin):
    serializer_class = GovernanceDecisionSerializer

    def decisions(self):
        return (
            Decision.objects.filter(convention=self.convention)
            .for_list()
            .prefetch_related("actions", "nodes")
        )


@extend_schema_view(
    get=extend_schema(
        summary="Décisions prises en réunion et leur suivi",
        description="Par échéance (les décisions sans échéance à la fin).",
        parameters=[
            SLUG_PARAMETER,
            query_parameter("suivi", "État du suivi.", enum=DecisionStatus.values),
            query_parameter(
                "responsable",
                "Référence (ref) de l'organisation responsable.",
                {"type": "string", "maxLength": 60},
            ),
            query_parameter(
                "en_retard",
                "true : seulement les décisions ouvertes dont l'échéance est passée ; "
                "false : les autres.",
                OpenApiTypes.BOOL,
            ),
            query_parameter("reunion", "Identifiant d'une réunion de la CTG.", ID_SCHEMA),
        ],
        responses=DECISION_ANSWER,
    )
)
class DecisionList(DecisionMixin, generics.ListAPIView):
    def get_queryset(self):
        request = self.request
        decisions = self.decisions()
        status = choice_param(request, "suivi", DecisionStatus.values)
        if status:
            decisions = decisions.filter(status=status)
        owner = text_param(request, "responsable", max_length=60)
        if owner is not None:
            if not Organisation.objects.filter(convention=self.convention, ref=owner).exists():
                raise ValidationError(
                    {
                        "responsable": [
                            _("Aucune organisation de la CTG n'a la référence « %(ref)s ».")
                            % {"ref": owner}
                        ]
                    }
                )
            decisions = decisions.filter(owner_organisation__ref=owner)
        late = bool_param(request, "en_retard")
        if late is not None:
            late_ids = Decision.objects.filter(convention=self.convention).late().values("pk")
            decisions = (
                decisions.filter(pk__in=late_ids) if late else decisions.exclude(pk__in=late_ids)
            )
        meeting = id_param(request, "reunion")
        if meeting is not None:
            if not meetings_of(self.convention).filter(pk=meeting).exists():
                raise ValidationError(
                    {"reunion": [_("Aucune réunion n° %(id)s dans cette CTG.") % {"id": meeting}]}
                )
            decisions = decisions.filter(meeting_id=meeting)
        return decisions


@extend_schema_view(
    get=extend_schema(
        summary="Une décision",
        parameters=[SLUG_PARAMETER, path_id("Décision.")],
        responses=DECISION_ANSWER,
    ),
    patch=extend_schema(
        summary="Suivre une décision",
        description="Change `suivi`, `faite_le` (avec le suivi « faite » ; aujourd'hui par "
        "défaut) et `echeance`. Les autres champs ne se modifient pas ici.",
        parameters=[SLUG_PARAMETER, path_id("Décision.")],
        request=GovernanceDecisionSerializer,
        responses=DECISION_ANSWER,
    ),
)
class DecisionDetail(DecisionMixin, generics.RetrieveUpdateAPIView):
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return object_or_404(
            self.decisions(), self.kwargs["id"], _("Aucune décision n° %(id)s dans cette CTG.")
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        if not {"status", "done_on", "due_on"} & set(data):
            return
        try:
            # One save and one version check, whatever the fields sent.
            services.follow_decision(
                decision=serializer.instance,
                expected_version=data.get("version"),
                status=data.get("status"),
                done_on=data.get("done_on"),
                due_on=data.get("due_on", services.KEEP),
                by=self.request.user,
                origin=ChangeOrigin.API,
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error


# ---- partners --------------------------------------------------------------------------------


class PartnerMixin(GovernanceMixin):
    serializer_class = GovernancePartnerSerializer

    def organisations(self):
        return partner_organisations(self.convention)


@extend_schema_view(
    get=extend_schema(
        summary="Annuaire des partenaires",
        parameters=[
            SLUG_PARAMETER,
            query_parameter(
                "q",
                "Texte cherché dans le nom et l'activité.",
                {"type": "string", "maxLength": 200},
            ),
            query_parameter("type", "Type d'organisation.", enum=OrganisationKind.values),
            query_parameter(
                "thematique", "Code d'une thématique.", {"type": "string", "maxLength": 60}
            ),
            query_parameter("instance", "Identifiant d'une instance où elle siège.", ID_SCHEMA),
            query_parameter(
                "commune",
                "Code INSEE d'une commune de la CTG : située ou desservie.",
                {"type": "string", "pattern": COMMUNE_PATTERN},
            ),
        ],
    )
)
class PartnerList(PartnerMixin, generics.ListAPIView):
    def get_queryset(self):
        request = self.request
        organisations = self.organisations()
        query = text_param(request, "q")
        if query:
            organisations = organisations.filter(
                Q(name__icontains=query) | Q(partner_profile__description__icontains=query)
            )
        kind = choice_param(request, "type", OrganisationKind.values)
        if kind:
            organisations = organisations.filter(kind=kind)
        thematique = text_param(request, "thematique", max_length=60)
        if thematique:
            organisations = organisations.filter(partner_profile__thematiques__code=thematique)
        instance = instance_param(request, self.convention)
        if instance is not None:
            organisations = organisations.filter(instance_seats__instance_id=instance)
        commune = commune_of(self.convention, "commune", text_param(request, "commune"))
        if commune is not None:
            organisations = organisations.filter(
                Q(partner_profile__communes=commune) | Q(commune=commune)
            )
        # Filters through to-many relations may repeat a row: keep each organisation once.
        ids = organisations.values("pk")
        return self.organisations().filter(pk__in=ids).order_by("name", "pk")


@extend_schema_view(
    get=extend_schema(
        summary="Un partenaire", parameters=[SLUG_PARAMETER, path_id("Organisation.")]
    )
)
class PartnerDetail(PartnerMixin, generics.RetrieveAPIView):
    def get_object(self):
        return object_or_404(
            self.organisations(),
            self.kwargs["id"],
            _("Aucune organisation n° %(id)s dans cette CTG."),
        )
