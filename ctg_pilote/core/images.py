"""Logos: small PNG or JPEG images kept with the data (an organisation's logo, the deploying
organisation's), checked before anything keeps or shows them.

A logo is refused with a French message when it is too large (`settings.CTG_FILE_LIMITS
["logo_bytes"]`), is not a PNG or a JPEG as Pillow reads it (its content, not its name), or
has more pixels than `MAX_SIDE` a side. SVG is refused: a script can hide in it."""

from __future__ import annotations

import base64
import io

from django.conf import settings
from django.core.exceptions import ValidationError

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
MAX_SIDE = 4000


def logo_limit() -> int:
    return settings.CTG_FILE_LIMITS["logo_bytes"]


def check_logo_size(size: int, *, name: str = "Le logo") -> None:
    """ValidationError when a logo of `size` bytes is over the cap (before reading it)."""
    if size > logo_limit():
        # Imported here: spreadsheets loads openpyxl, which a PDF's logos do not need.
        from .spreadsheets import megabytes

        raise ValidationError(
            f"{name} pèse {megabytes(size)} : {megabytes(logo_limit())} au plus.",
            code="logo_too_large",
        )


def check_logo(data: bytes, *, name: str = "Le logo") -> str:
    """The media type of a logo (image/png or image/jpeg), or ValidationError saying why not."""
    check_logo_size(len(data), name=name)
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ValidationError(
            f"{name} n'est pas une image PNG ou JPEG lisible.", code="logo_unreadable"
        ) from error
    if kind not in MEDIA_TYPES:
        raise ValidationError(
            f"{name} est une image {kind} : seuls les formats PNG et JPEG sont acceptés.",
            code="logo_format",
        )
    if max(size) > MAX_SIDE:
        raise ValidationError(
            f"{name} mesure {size[0]} sur {size[1]} pixels : {MAX_SIDE} au plus de chaque côté.",
            code="logo_too_wide",
        )
    return MEDIA_TYPES[kind]


def data_uri(data: bytes | None, media_type: str) -> str:
    """The logo as a data: URL for a document (empty when there is none)."""
    if not data:
        return ""
    return f"data:{media_type};base64,{base64.b64encode(bytes(data)).decode('ascii')}"


def brand_logo() -> tuple[bytes, str] | None:
    """The deploying organisation's logo for documents (settings.CTG_BRAND["logo_file"], a
    PNG or JPEG on this server), or None when it is not set or not a valid logo."""
    path = (getattr(settings, "CTG_BRAND", {}) or {}).get("logo_file")
    if not path:
        return None
    try:
        with open(path, "rb") as file:
            data = file.read(logo_limit() + 1)
        return data, check_logo(data)
    except (OSError, ValidationError):
        return None
