"""Validators for contact details a person declares public (an organisation's switchboard,
its website): checked for their shape, never searched for in free text."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

SEPARATORS = re.compile(r"[\s.\-()]")
# 0X XX XX XX XX, +33 X XX XX XX XX, another country's +NNN..., or a short number (3230).
PHONE = re.compile(r"0[1-9]\d{8}|\+33[1-9]\d{8}|\+(?!33)[1-9]\d{6,13}|3\d{3}")


def validate_phone_number(value: str) -> None:
    if not PHONE.fullmatch(SEPARATORS.sub("", value or "")):
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un numéro de téléphone : 10 chiffres (05 46 00 00 00), "
                "+33 5 46 00 00 00 ou un numéro court (3230)."
            ),
            code="invalid_phone",
            params={"value": value[:40]},
        )


validate_web_address = URLValidator(
    schemes=["http", "https"],
    message=_("Saisissez une adresse internet complète commençant par https:// ou http://."),
)
