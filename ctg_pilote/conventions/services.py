"""Writes on a CTG. Views, the exchange importer and the demo call these, never the ORM directly
for anything with side effects."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from ctg_pilote.core.versioning import save_versioned
from ctg_pilote.territories.models import Commune, Departement, Epci, Vintage

from .models import (
    Convention,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationQuality,
    Role,
    TerritoryKind,
    Thematique,
    Zone,
    ZoneCommune,
)
from .thematiques import BASE_THEMATIQUES


def unique_slug(base: str, *, exclude_pk: int | None = None) -> str:
    """A free slug derived from `base`: rochefort-ocean, rochefort-ocean-2..."""
    root = slugify(base)[:70] or "ctg"
    candidate, n = root, 2
    taken = Convention.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate, n = f"{root}-{n}", n + 1
    return candidate


def caf_name(departement: Departement) -> str:
    return f"Caisse d'Allocations Familiales — {departement.name} ({departement.code})"


@transaction.atomic
def create_convention_from_epci(
    *,
    epci: Epci,
    name: str,
    slug: str,
    start_year: int,
    end_year: int,
    created_by,
    status: str = "",
    thematiques: Iterable[Thematique] = (),
) -> Convention:
    """A CTG on an EPCI and its member communes, with the CAF and the EPCI as signatories and
    the creator as coordinator."""
    convention = Convention.objects.create(
        slug=slug,
        name=name,
        status=status,
        start_year=start_year,
        end_year=end_year,
        caf_departement=epci.departement,
        territory_kind=TerritoryKind.EPCI,
        vintage=epci.vintage,
        epci=epci,
    )
    convention.communes.set(epci.communes.all())
    convention.thematiques.set(thematiques)
    Organisation.objects.create(
        convention=convention,
        ref=f"caf-{epci.departement.code.lower()}",
        name=caf_name(epci.departement),
        kind=OrganisationKind.CAF,
        quality=OrganisationQuality.SIGNATORY,
    )
    epci_org = Organisation.objects.create(
        convention=convention,
        ref=slugify(epci.name)[:60] or "epci",
        name=epci.name,
        kind=OrganisationKind.EPCI,
        siren=epci.siren,
        quality=OrganisationQuality.SIGNATORY,
    )
    if created_by is not None and created_by.is_authenticated:
        Membership.objects.create(
            convention=convention, user=created_by, role=Role.COORDINATEUR, organisation=epci_org
        )
    return convention


def current_vintage() -> Vintage | None:
    return Vintage.objects.current()


def ensure_base_thematiques() -> None:
    """Create the base thématiques if missing (a fresh database has them from its migration)."""
    for position, (code, label, is_core) in enumerate(BASE_THEMATIQUES, start=1):
        Thematique.objects.get_or_create(
            code=code, defaults={"label": label, "is_core": is_core, "position": position * 10}
        )


@transaction.atomic
def save_zone(
    *, zone: Zone, communes: Iterable[Commune], expected_version: int | None = None
) -> Zone:
    """Save a zone and set its communes (the form has checked no other zone holds them), unless
    someone saved it since `expected_version` (StaleEdit)."""
    save_versioned(zone, expected_version=expected_version)
    ZoneCommune.objects.filter(zone=zone).delete()
    ZoneCommune.objects.bulk_create(
        ZoneCommune(convention_id=zone.convention_id, zone=zone, commune=commune)
        for commune in communes
    )
    return zone


@transaction.atomic
def add_member(
    *, convention: Convention, email: str, role: str, organisation, request
) -> Membership:
    """Give someone a role in the CTG; a person without a password gets a link to choose one."""
    User = get_user_model()
    user, created = User.objects.get_or_create(email=email.lower())
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    membership = Membership.objects.create(
        convention=convention, user=user, role=role, organisation=organisation
    )
    if not user.has_usable_password():
        transaction.on_commit(lambda: send_invitation(membership=membership, request=request))
    return membership


def send_invitation(*, membership: Membership, request) -> None:
    user = membership.user
    context = {
        "convention": membership.convention,
        "role": membership.get_role_display(),
        "email": user.email,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request.is_secure() else "http",
        "domain": get_current_site(request).domain,
    }
    send_mail(
        subject=f"Votre accès à la {membership.convention.name}",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
