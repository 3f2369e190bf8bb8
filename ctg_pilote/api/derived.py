"""API fields derived from a model's `Exposure` (core/fieldspec.py): the key, the type, the
length, the bounds, the choices and whether a field is required come from the declaration and
the model field, so a field added to the model and its exposure appears in the API too."""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from ctg_pilote.core.fieldspec import (
    Composite,
    Exposed,
    Exposure,
    bounds,
    choice_list,
    is_required,
    text_list,
)

RelatedFactory = Callable[[Exposed, models.Field, dict], serializers.Field]


def api_field(field: models.Field, exposed: Exposed, related: RelatedFactory) -> serializers.Field:
    """The serializer field of one exposed model field."""
    kwargs = _common_kwargs(field, exposed)
    if field.many_to_one or field.many_to_many:
        return related(exposed, field, kwargs)
    if field.null and exposed.api != "read":
        kwargs["allow_null"] = True
    if isinstance(field, models.BooleanField):
        return serializers.BooleanField(**kwargs)
    if isinstance(field, models.DateTimeField):
        return serializers.DateTimeField(**kwargs)
    if isinstance(field, models.DateField):
        return serializers.DateField(validators=list(field.validators), **kwargs)
    if isinstance(field, (models.IntegerField, models.DecimalField)):
        return _number_field(field, exposed, kwargs)
    if isinstance(field, models.JSONField):
        choices = choice_list(field)
        if choices:
            return serializers.ListField(child=serializers.ChoiceField(choices.choices), **kwargs)
        texts = text_list(field)
        return serializers.ListField(
            child=serializers.CharField(max_length=texts and texts.max_length),
            max_length=texts and texts.max_items,
            **kwargs,
        )
    if field.choices:
        return serializers.ChoiceField(choices=field.choices, allow_blank=field.blank, **kwargs)
    if exposed.api != "read":
        kwargs["allow_blank"] = field.blank
    return serializers.CharField(max_length=getattr(field, "max_length", None), **kwargs)


def _common_kwargs(field: models.Field, exposed: Exposed) -> dict:
    kwargs: dict = {}
    tail = exposed.key.rsplit(".", 1)[-1]
    if exposed.name != tail:
        kwargs["source"] = exposed.name
    if exposed.api == "read":
        kwargs["read_only"] = True
    elif exposed.api_required is not None:
        kwargs["required"] = exposed.api_required
    else:
        kwargs["required"] = is_required(field)
    if exposed.description:
        kwargs["help_text"] = exposed.description
    return kwargs


def _number_field(field: models.Field, exposed: Exposed, kwargs: dict) -> serializers.Field:
    low, high = bounds(field)
    if exposed.api != "read":
        kwargs.update(min_value=low, max_value=high)
    if isinstance(field, models.IntegerField):
        return serializers.IntegerField(**kwargs)
    return serializers.DecimalField(
        max_digits=field.max_digits, decimal_places=field.decimal_places, **kwargs
    )


def derived_serializer(
    exposure: Exposure,
    name: str,
    *,
    related: RelatedFactory,
    composites: dict[str, serializers.Field],
    leading: dict[str, serializers.Field] | None = None,
) -> type[serializers.Serializer]:
    """A serializer class holding `leading` fields, then every field the exposure declares
    for the API in its order: nested objects ("pilote.personne") become nested serializers,
    composites take the hand-written field given for their key (none: not in the API)."""
    fields: dict[str, serializers.Field | None] = dict(leading or {})
    nested: dict[str, dict[str, serializers.Field]] = {}
    for item in exposure.items:
        if isinstance(item, Composite):
            if item.key in composites:
                fields[item.key] = composites[item.key]
            continue
        if not item.api:
            continue
        field = api_field(exposure.model_field(item.name), item, related)
        head, _sep, tail = item.key.partition(".")
        if tail:
            fields.setdefault(head, None)
            nested.setdefault(head, {})[tail] = field
        else:
            fields[head] = field
    for head, group in nested.items():
        component = f"{exposure.component}{head.capitalize()}"
        nested_class = extend_schema_serializer(component_name=component)(
            type(f"{component}Serializer", (serializers.Serializer,), group)
        )
        fields[head] = nested_class(source="*", required=False)
    # The metaclass orders declared fields by their creation: number them in this order.
    for field in fields.values():
        field._creation_counter = serializers.Field._creation_counter
        serializers.Field._creation_counter += 1
    return type(name, (serializers.Serializer,), fields)
