"""Checks shared by the governance services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ctg_pilote.conventions.models import Convention


def check_same_convention(convention: Convention, **objects) -> None:
    for field, obj in objects.items():
        if obj is not None and getattr(obj, "convention_id", None) != convention.pk:
            raise ValidationError({field: _("Cet élément n'appartient pas à cette CTG.")})
