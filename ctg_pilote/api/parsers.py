"""JSON bodies, with a size limit checked before anything is read into memory."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers, status


class PayloadTooLarge(exceptions.APIException):
    # Here rather than in errors.py: DRF imports this module while rest_framework.views loads,
    # which errors.py itself imports.
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def max_body_bytes() -> int:
    return getattr(settings, "CTG_API_MAX_BODY_BYTES", 1024 * 1024)


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_body_bytes()
        request = (parser_context or {}).get("request")
        length = request.META.get("CONTENT_LENGTH") if request is not None else None
        too_large = PayloadTooLarge(
            _("Le corps de la requête dépasse %(size)d Ko.") % {"size": limit // 1024}
        )
        if length and length.isdigit() and int(length) > limit:
            raise too_large
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise too_large
        return super().parse(io.BytesIO(data), media_type, parser_context)
