"""The OpenAPI document: every operation lists the JSON errors it can answer (see errors.py)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Code stable de l'erreur, ex. invalid, not_found."))
    message = serializers.CharField(help_text=_("Explication en français."))
    details = serializers.DictField(
        required=False,
        help_text=_("Pour une donnée invalide : les messages de chaque champ ou paramètre."),
    )

    class Meta:
        ref_name = "Erreur"


ERROR_DESCRIPTIONS = {
    "400": _("Données ou paramètres invalides : « details » nomme chaque champ en cause."),
    "401": _("Jeton absent, inconnu, expiré ou révoqué."),
    "403": _("Le titulaire du jeton n'a pas ce droit dans cette CTG."),
    "404": _("Ressource introuvable (ou appartenant à une autre CTG)."),
    "409": _("Conflit : l'objet a changé depuis la version envoyée, ou son état l'interdit."),
    "413": _("Corps de la requête trop volumineux."),
    "429": _(
        "Trop de requêtes avec ce jeton, ou trop de jetons refusés depuis cette adresse : "
        "l'en-tête Retry-After donne le nombre de secondes à attendre."
    ),
}

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(openapi.AutoSchema):
    def get_tags(self) -> list[str]:
        # /api/v1/ctg/{slug}/plan/... -> "plan"; /api/v1/territoires/... -> "territoires".
        parts = [p for p in self.path.removeprefix("/api/v1/").split("/") if p]
        if parts[:1] == ["ctg"] and len(parts) > 2:
            return [parts[2]]
        return parts[:1] or ["ctg"]

    def _error_codes(self) -> list[str]:
        codes = ["400", "401", "404", "429"]
        public = all(isinstance(p, permissions.AllowAny) for p in self.view.get_permissions())
        if not public:
            codes.append("403")
        if self.method in WRITE_METHODS:
            codes += ["409", "413"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = str(ERROR_DESCRIPTIONS[code])
                responses[code] = response
        return dict(sorted(responses.items()))


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "ctg_pilote.api.authentication.PersonalTokenAuthentication"
    name = "jetonPersonnel"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("Jeton personnel créé sur la page « Mes jetons d'API » (/compte/jetons/).")
            ),
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "ctg_pilote.api.authentication.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
