"""Governance as the API shows it: instances, meetings, decisions, partners. Keys follow the
exchange format (docs/format-echange-governance.md).

People (contacts) are personal data: their names, e-mails and phones appear only when the
view says the token's owner may see them (`governance.perms.can_view_people`, passed as
`show_people` in the serializer context); otherwise the field is null.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ctg_pilote.conventions.models import OrganisationKind
from ctg_pilote.core.validators import model_validators
from ctg_pilote.governance.models import (
    AttendanceStatus,
    Decision,
    DecisionStatus,
    Instance,
    InstanceKind,
    Meeting,
    MeetingStatus,
)

from .versioning import version_field

NUMBERS = {"type": "array", "items": {"type": "string"}}
CODES = NUMBERS


def _show_people(serializer) -> bool:
    return bool(serializer.context.get("show_people"))


class PersonField(serializers.Field):
    """A contact as the pages name it (« Prénom Nom — fonction »), or null when hidden."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault(
            "help_text", gettext_lazy("Donnée personnelle : vide pour qui ne peut pas la voir.")
        )
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return super().get_attribute(instance) if _show_people(self.parent) else None

    def to_representation(self, value):
        return str(value) if value is not None else None


extend_schema_field({"type": "string", "nullable": True})(PersonField)


class GovernanceOrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    nom = serializers.CharField(source="name")


# ---- instances -------------------------------------------------------------------------------


class GovernanceInstanceMemberSerializer(serializers.Serializer):
    organisation = GovernanceOrganisationRefSerializer()
    contact = PersonField()
    role = serializers.CharField()


class GovernanceInstanceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    type = serializers.ChoiceField(source="kind", choices=InstanceKind.choices)
    type_libelle = serializers.CharField(source="kind_label")
    nom = serializers.CharField(source="name")
    role = serializers.CharField()
    thematiques = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text=gettext_lazy("Numéros d'actions."))
    elements_plan = serializers.SerializerMethodField(
        help_text=gettext_lazy("Numéros des éléments du plan.")
    )
    fictif = serializers.BooleanField(source="is_fictitious")
    membres = GovernanceInstanceMemberSerializer(source="members.all", many=True)

    @extend_schema_field(CODES)
    def get_thematiques(self, instance):
        return [t.code for t in instance.thematiques.all()]

    @extend_schema_field(NUMBERS)
    def get_actions(self, instance):
        return [a.number for a in instance.actions.all()]

    @extend_schema_field(NUMBERS)
    def get_elements_plan(self, instance):
        return [n.number for n in instance.nodes.all()]


# ---- meetings --------------------------------------------------------------------------------


class GovernanceInstanceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    nom = serializers.CharField(source="name")


class GovernanceMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    instance = GovernanceInstanceRefSerializer()
    intitule = serializers.CharField(source="title")
    debut = serializers.DateTimeField(source="starts_at")
    fin = serializers.DateTimeField(source="ends_at", allow_null=True)
    lieu = serializers.CharField(source="place")
    visio = serializers.CharField(source="video_url")
    ordre_du_jour = serializers.CharField(source="agenda")
    statut = serializers.ChoiceField(source="status", choices=MeetingStatus.choices)
    reportee_du = serializers.DateTimeField(
        source="rescheduled_from",
        allow_null=True,
        help_text=gettext_lazy("Réunion reportée : la date d'origine."),
    )
    motif_annulation = serializers.CharField(source="cancellation_reason")
    statut_a_confirmer = serializers.BooleanField(
        source="to_confirm",
        help_text=gettext_lazy(
            "Vrai pour une réunion prévue ou reportée dont la date est passée : "
            "personne n'a encore dit si elle s'est tenue."
        ),
    )
    fictif = serializers.BooleanField(source="is_fictitious")


class GovernanceMeetingDocumentSerializer(serializers.Serializer):
    titre = serializers.CharField(source="title")
    url = serializers.CharField()


class GovernanceInvitationSerializer(serializers.Serializer):
    organisation = GovernanceOrganisationRefSerializer()
    contact = PersonField()
    presence = serializers.ChoiceField(source="attendance", choices=AttendanceStatus.choices)
    represente_par = serializers.SerializerMethodField(
        help_text=gettext_lazy("Donnée personnelle : vide pour qui ne peut pas la voir.")
    )
    envoyee_le = serializers.DateTimeField(source="sent_at", allow_null=True)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_represente_par(self, invitation):
        return invitation.represented_by if _show_people(self) else None


class GovernanceMeetingDetailSerializer(GovernanceMeetingSerializer):
    compte_rendu = serializers.CharField(source="minutes", help_text=gettext_lazy("HTML nettoyé."))
    documents = GovernanceMeetingDocumentSerializer(source="documents.all", many=True)
    invitations = GovernanceInvitationSerializer(source="invitations.all", many=True)


@extend_schema_field({"type": "integer"})
class InstanceOfConventionField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": gettext_lazy("Aucune instance n° {pk_value} dans cette CTG."),
        "incorrect_type": gettext_lazy(
            "L'instance s'indique par son identifiant (un nombre entier)."
        ),
    }

    def get_queryset(self):
        return Instance.objects.filter(convention=self.context["convention"])


def model_clean(instance, api_names: dict[str, str]) -> None:
    """Run the model's own `clean()` (its rules across fields), its errors named as the API
    names the fields (`api_names`: model field -> API field)."""
    try:
        instance.clean()
    except DjangoValidationError as error:
        raise serializers.ValidationError(
            {api_names.get(k, k): v for k, v in error.message_dict.items()}
        ) from error


class GovernanceMeetingCreateSerializer(serializers.Serializer):
    """A new meeting, as the "Nouvelle réunion" form takes it."""

    instance = InstanceOfConventionField(help_text=gettext_lazy("Identifiant de l'instance."))
    intitule = serializers.CharField(
        max_length=200,
        allow_blank=True,
        required=False,
        default="",
        help_text=gettext_lazy("Le nom de l'instance s'il est vide."),
    )
    debut = serializers.DateTimeField(validators=model_validators(Meeting, "starts_at"))
    fin = serializers.DateTimeField(
        allow_null=True,
        required=False,
        default=None,
        validators=model_validators(Meeting, "ends_at"),
    )
    lieu = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    visio = serializers.URLField(max_length=200, allow_blank=True, required=False, default="")
    ordre_du_jour = serializers.CharField(allow_blank=True, required=False, default="")

    def validate(self, attrs):
        model_clean(Meeting(starts_at=attrs["debut"], ends_at=attrs["fin"]), {"ends_at": "fin"})
        return attrs


# ---- decisions -------------------------------------------------------------------------------


class GovernanceOwnerSerializer(serializers.Serializer):
    organisation = GovernanceOrganisationRefSerializer(source="owner_organisation", allow_null=True)
    contact = PersonField(source="owner_contact")


class GovernanceMeetingRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    intitule = serializers.CharField(source="title")
    debut = serializers.DateTimeField(source="starts_at")
    instance = serializers.CharField(source="instance.name")


class GovernanceDecisionSerializer(serializers.ModelSerializer):
    """Read every field; write `suivi`, `faite_le` and `echeance` (the decisions page)."""

    id = serializers.IntegerField(read_only=True)
    reunion = GovernanceMeetingRefSerializer(source="meeting", read_only=True)
    decision = serializers.CharField(source="text", read_only=True)
    responsable = GovernanceOwnerSerializer(source="*", read_only=True)
    echeance = serializers.DateField(
        source="due_on",
        allow_null=True,
        required=False,
        validators=model_validators(Decision, "due_on"),
    )
    suivi = serializers.ChoiceField(source="status", choices=DecisionStatus.choices, required=False)
    faite_le = serializers.DateField(
        source="done_on",
        allow_null=True,
        required=False,
        validators=model_validators(Decision, "done_on"),
    )
    en_retard = serializers.SerializerMethodField(
        help_text=gettext_lazy("Ouverte et son échéance est passée.")
    )
    actions = serializers.SerializerMethodField(help_text=gettext_lazy("Numéros d'actions."))
    elements_plan = serializers.SerializerMethodField(
        help_text=gettext_lazy("Numéros des éléments du plan.")
    )
    version = version_field()

    class Meta:
        model = Decision
        fields = [
            "id",
            "reunion",
            "decision",
            "responsable",
            "echeance",
            "suivi",
            "faite_le",
            "en_retard",
            "actions",
            "elements_plan",
            "version",
        ]

    def get_en_retard(self, decision) -> bool:
        return decision.is_late

    @extend_schema_field(NUMBERS)
    def get_actions(self, decision):
        return [a.number for a in decision.actions.all()]

    @extend_schema_field(NUMBERS)
    def get_elements_plan(self, decision):
        return [n.number for n in decision.nodes.all()]

    def validate(self, attrs):
        status = attrs.get("status", self.instance.status if self.instance else None)
        done_on = attrs.get("done_on")
        if done_on is not None and status != DecisionStatus.DONE:
            raise serializers.ValidationError(
                {"faite_le": [_("Une date de réalisation ne va qu'avec le suivi « faite ».")]}
            )
        if done_on is not None and done_on > timezone.localdate():
            raise serializers.ValidationError(
                {"faite_le": [_("La date de réalisation ne peut pas être dans le futur.")]}
            )
        return attrs


# ---- partners --------------------------------------------------------------------------------


class GovernanceContactSerializer(serializers.Serializer):
    fonction = serializers.CharField(source="function")
    prenom = serializers.CharField(source="first_name")
    nom = serializers.CharField(source="last_name")
    courriel = serializers.CharField(source="email")
    telephone = serializers.CharField(source="phone")


class GovernanceSeatSerializer(serializers.Serializer):
    instance = GovernanceInstanceRefSerializer()
    role = serializers.CharField()


class GovernancePartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    nom = serializers.CharField(source="name")
    type = serializers.ChoiceField(source="kind", choices=OrganisationKind.choices)
    signataire = serializers.BooleanField(source="is_signatory")
    commune = serializers.CharField(source="commune.code", allow_null=True, default=None)
    site_internet = serializers.CharField(source="website")
    activite = serializers.SerializerMethodField()
    thematiques = serializers.SerializerMethodField()
    communes = serializers.SerializerMethodField(
        help_text=gettext_lazy("Codes INSEE des communes desservies.")
    )
    instances = GovernanceSeatSerializer(source="instance_seats.all", many=True)
    actions_pilotees = serializers.SerializerMethodField()
    partenaire_des_actions = serializers.SerializerMethodField()
    contacts = serializers.SerializerMethodField(
        help_text=gettext_lazy("Données personnelles : null pour qui ne peut pas les voir.")
    )

    @staticmethod
    def _profile(organisation):
        try:
            return organisation.partner_profile
        except organisation.__class__.partner_profile.RelatedObjectDoesNotExist:
            return None

    def get_activite(self, organisation) -> str:
        profile = self._profile(organisation)
        return profile.description if profile else ""

    @extend_schema_field(CODES)
    def get_thematiques(self, organisation):
        profile = self._profile(organisation)
        return [t.code for t in profile.thematiques.all()] if profile else []

    @extend_schema_field(CODES)
    def get_communes(self, organisation):
        profile = self._profile(organisation)
        return [c.code for c in profile.communes.all()] if profile else []

    @extend_schema_field(NUMBERS)
    def get_actions_pilotees(self, organisation):
        return [a.number for a in organisation.piloted_actions.all()]

    @extend_schema_field(NUMBERS)
    def get_partenaire_des_actions(self, organisation):
        return [r.action.number for r in organisation.partner_roles.all()]

    @extend_schema_field(GovernanceContactSerializer(many=True, allow_null=True))
    def get_contacts(self, organisation):
        if not _show_people(self):
            return None
        return GovernanceContactSerializer(organisation.contacts.all(), many=True).data
