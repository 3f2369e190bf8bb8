"""The `version` every editable object shows, and the check of the one a write sends back.

A PATCH that carries the `version` it read is refused with a 409 (api/errors.py) if the object
was saved in between; without `version`, the write applies to whatever is saved (as before).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from ctg_pilote.core.versioning import MAX_VERSION, claim


def version_field():
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        required=False,
        help_text=gettext_lazy(
            "Version lue. Renvoyez-la avec une modification : si l'objet a été enregistré "
            "depuis, rien n'est enregistré et la réponse est 409."
        ),
    )


class VersionedSerializerMixin:
    """ModelSerializers: updates go through the version check; creations ignore `version`."""

    def create(self, validated_data):
        validated_data.pop("version", None)
        return super().create(validated_data)

    def update(self, instance, validated_data):
        expected = validated_data.pop("version", None)
        with transaction.atomic():
            claim(instance, expected_version=expected)
            return super().update(instance, validated_data)
