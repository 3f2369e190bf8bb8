"""Writes of instances (COPIL, comités…) and of who sits in them."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from ctg_pilote.conventions.models import Contact, Organisation
from ctg_pilote.core import deletion
from ctg_pilote.core.versioning import save_versioned

from ..models import Instance, InstanceMember
from .common import check_same_convention


def _free_ref(instance: Instance) -> str:
    base = slugify(instance.name)[:50] or "instance"
    ref, n = base, 2
    while Instance.objects.filter(convention_id=instance.convention_id, ref=ref).exists():
        ref, n = f"{base}-{n}", n + 1
    return ref


@transaction.atomic
def save_instance(
    *,
    instance: Instance,
    expected_version: int | None,
    values: dict,
    relations: dict | None = None,
) -> Instance:
    """Create or change an instance: `values` are model field -> value, `relations` its
    thematiques, actions and nodes. A new instance without a `ref` gets one from its name.
    Refused (StaleEdit) if someone saved it since `expected_version`, and (ValidationError) if
    its name is taken in the CTG."""
    for name, value in values.items():
        setattr(instance, name, value)
    if not instance.ref:
        instance.ref = _free_ref(instance)
    # The model's constraints say it (a name already taken in this CTG): a French message for
    # the form, not a database error.
    instance.validate_constraints()
    save_versioned(instance, expected_version=expected_version)
    for name, objects in (relations or {}).items():
        objects = list(objects)
        if name in ("actions", "nodes"):  # the thematiques are shared by all CTGs
            for obj in objects:
                check_same_convention(instance.convention, **{name: obj})
        getattr(instance, name).set(objects)
    return instance


def add_instance_member(
    *, instance: Instance, organisation: Organisation, contact: Contact | None, role: str = ""
) -> InstanceMember:
    """Seat an organisation, or one of its people, in an instance."""
    return instance.members.create(organisation=organisation, contact=contact, role=role)


def remove_instance_member(*, member: InstanceMember) -> None:
    deletion.delete(obj=member)
