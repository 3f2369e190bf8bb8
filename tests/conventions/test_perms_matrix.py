"""Every rule of every app's perms.py, asked directly (no HTTP) for one person per role.

One CTG with a reader, a partner (whose organisation pilots one action and partners another),
a CAF advisor and a coordinator; plus a platform administrator, a signed-in person holding no
role, and an anonymous visitor. The tables below say, for each rule and each object it is asked
about, which roles it lets through; every other role must be refused. A rule added to a
perms.py without a line here fails `test_every_rule_has_an_expectation`.
"""

import importlib
import inspect
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import Promise

from ctg_pilote.collaboration.models import Comment
from ctg_pilote.governance.models import Ballot, CalendarToken, Vote
from ctg_pilote.plan.models import Action, Indicator, PartnerRole
from tests.conventions.factories import (
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.plan.factories import ActionFactory, IndicatorFactory
from tests.publication.factories import PublicationFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonyme", "exterieur", "lecteur", "partenaire", "caf", "coordinateur", "admin")

EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
MEMBERS = frozenset({"lecteur", "partenaire", "caf", "coordinateur", "admin"})
EDITORS = frozenset({"caf", "coordinateur", "admin"})
EDITORS_AND_PARTNER = EDITORS | {"partenaire"}

# rule -> {object it is asked about -> the roles it allows}. "—" marks a rule on the user alone.
EXPECTED = {
    "collaboration.can_view_activity": {"la CTG": MEMBERS},
    "collaboration.can_comment": {"la CTG": EDITORS_AND_PARTNER},
    # Only its author, the administrators included.
    "collaboration.can_change_comment": {"un commentaire du partenaire": {"partenaire"}},
    "conventions.can_view": {"la CTG": MEMBERS},
    "conventions.can_edit": {"la CTG": EDITORS},
    "conventions.can_view_contacts": {"la CTG": MEMBERS},
    "conventions.can_manage_members": {"la CTG": EDITORS},
    "conventions.can_export": {"la CTG": EDITORS},
    # The coordinators and CAF advisors of any CTG, and administrators.
    "conventions.can_create_convention": {"—": EDITORS},
    "operations.can_run_jobs": {"—": frozenset({"admin"})},
    "diagnostic.can_view_diagnostic": {"la CTG": MEMBERS},
    "diagnostic.can_edit_diagnostic": {"la CTG": EDITORS},
    "diagnostic.can_view_offer_contacts": {"la CTG": MEMBERS},
    "governance.can_view_governance": {"la CTG": MEMBERS},
    "governance.can_view_people": {"la CTG": MEMBERS},
    "governance.can_manage_governance": {"la CTG": EDITORS},
    "governance.can_handle_personal_data": {"la CTG": EDITORS},
    # The page of ballot codes exists once the CTG holds a vote, for anyone.
    "governance.may_enter_ballot_code": {"la CTG": EVERYONE, "une CTG sans vote": NOBODY},
    "pilotage.can_view_pilotage": {"la CTG": MEMBERS},
    "pilotage.can_write_bilan": {"la CTG": EDITORS},
    "pilotage.can_adopt_bilan": {"la CTG": EDITORS},
    "pilotage.can_evaluate": {"la CTG": EDITORS},
    "pilotage.can_view_departement": {
        "le département de la CTG": {"caf", "admin"},
        "un autre département": {"admin"},
    },
    "plan.can_view_plan": {"la CTG": MEMBERS},
    "plan.can_edit_plan": {"la CTG": EDITORS},
    "plan.can_create_action": {"la CTG": EDITORS},
    "plan.can_write_in_plan": {"la CTG": EDITORS_AND_PARTNER},
    "plan.can_edit_action": {
        "l'action pilotée par le partenaire": EDITORS_AND_PARTNER,
        "l'action où il est partenaire": EDITORS,
        "une autre action": EDITORS,
        "une action pas encore créée": EDITORS,
    },
    "plan.can_reassign_action": {
        "l'action pilotée par le partenaire": EDITORS,
        "une autre action": EDITORS,
    },
    "plan.can_follow_action": {
        "l'action pilotée par le partenaire": EDITORS_AND_PARTNER,
        "l'action où il est partenaire": EDITORS_AND_PARTNER,
        "une autre action": EDITORS,
    },
    "plan.can_edit_indicator": {
        "un indicateur de l'action pilotée": EDITORS_AND_PARTNER,
        "un nouvel indicateur de l'action pilotée": EDITORS_AND_PARTNER,
        "un indicateur de l'action où il est partenaire": EDITORS,
        "un indicateur d'un élément du plan": EDITORS,
    },
    "plan.can_record_value": {
        "un indicateur de l'action pilotée": EDITORS_AND_PARTNER,
        "un indicateur de l'action où il est partenaire": EDITORS_AND_PARTNER,
        "un indicateur d'un élément du plan": EDITORS,
    },
    "publication.can_view_publication_settings": {"la CTG": MEMBERS},
    "publication.can_edit_publication": {"la CTG": EDITORS},
    # Before publication its members see a preview; once published, everyone.
    "publication.can_view_public_page": {"la CTG": MEMBERS, "une CTG publiée": EVERYONE},
}

# Rules opened by a secret instead of an account: (secret, CTG) -> allowed.
SECRET_RULES = {
    "governance.ballot_code_is_valid": {
        ("un bulletin de la CTG", "la CTG"): True,
        ("un bulletin de la CTG", "une CTG sans vote"): False,
        ("aucun bulletin", "la CTG"): False,
    },
    "governance.calendar_token_is_valid": {
        ("l'agenda d'un contact de la CTG", "la CTG"): True,
        ("l'agenda d'un contact de la CTG", "une CTG sans vote"): False,
        ("aucun agenda", "la CTG"): False,
    },
}

# Functions of the perms modules that are not rules but what the rules are built on.
HELPERS = {
    "conventions.rule",
    "conventions.role_in",
    "conventions.caf_departements",
    "conventions.is_admin",
    "plan.partner_organisation_id",
    "pilotage.followed_conventions",
    "publication.is_published",
}


def perms_modules():
    """app label -> the app's perms module, for every installed app of the project."""
    modules = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("ctg_pilote."):
            continue
        try:
            modules[config.label] = importlib.import_module(f"{config.name}.perms")
        except ModuleNotFoundError:
            continue
    return modules


def public_functions():
    """'app.name' -> function, for each function a perms module defines or renames."""
    found = {}
    for label, module in perms_modules().items():
        for name, value in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(value):
                continue
            defined_here = value.__module__ == module.__name__
            if defined_here or value.__name__ != name:
                found[f"{label}.{name}"] = value
    return found


@pytest.fixture
def world():
    convention = ConventionFactory()
    other = ConventionFactory()
    users = {
        "anonyme": AnonymousUser(),
        "exterieur": UserFactory(),
        "admin": UserFactory(admin=True),
    }
    for role in ("lecteur", "caf", "coordinateur"):
        users[role] = MembershipFactory(convention=convention, role=role).user
    partner = MembershipFactory(convention=convention, partenaire=True)
    users["partenaire"] = partner.user

    piloted = ActionFactory(convention=convention, pilot=partner.organisation)
    partnered = ActionFactory(
        convention=convention, pilot=OrganisationFactory(convention=convention)
    )
    PartnerRole.objects.create(action=partnered, organisation=partner.organisation)
    unrelated = ActionFactory(convention=convention)
    node_indicator = IndicatorFactory(action=None, convention=convention, node=piloted.node)

    vote = Vote.objects.create(convention=convention, title="Priorités")
    PublicationFactory(convention=other, is_published=True)
    objects = {
        "—": None,
        "la CTG": convention,
        "une CTG sans vote": other,
        "une CTG publiée": other,
        "le département de la CTG": convention.caf_departement.code,
        "un autre département": "un-autre-departement",
        "l'action pilotée par le partenaire": piloted,
        "l'action où il est partenaire": partnered,
        "une autre action": unrelated,
        "une action pas encore créée": ActionFactory.build(convention=convention, node=None),
        "un indicateur de l'action pilotée": IndicatorFactory(action=piloted),
        "un nouvel indicateur de l'action pilotée": Indicator(
            convention=convention, action=piloted
        ),
        "un indicateur de l'action où il est partenaire": IndicatorFactory(action=partnered),
        "un indicateur d'un élément du plan": node_indicator,
        "un bulletin de la CTG": Ballot.objects.create(vote=vote),
        "aucun bulletin": None,
        "l'agenda d'un contact de la CTG": CalendarToken.objects.create(
            convention=convention, email="contact@exemple.test"
        ),
        "aucun agenda": None,
        "un commentaire du partenaire": Comment.objects.create(
            convention=convention,
            content_type=ContentType.objects.get_for_model(Action),
            object_id=piloted.pk,
            author=partner.user,
            text="Fait.",
        ),
    }
    return users, objects


def test_every_rule_allows_exactly_the_expected_roles(world):
    users, objects = world
    rules = public_functions()
    wrong = []
    for name, allowed_by_object in EXPECTED.items():
        check = rules[name]
        for label, allowed in allowed_by_object.items():
            obj = objects[label]
            for role in ROLES:
                args = (users[role],) if label == "—" else (users[role], obj)
                if check(*args) != (role in allowed):
                    verdict = "refuse" if role in allowed else "laisse passer"
                    wrong.append(f"{name} {verdict} « {role} » pour {label}")
    assert wrong == []


def test_every_secret_rule_accepts_only_a_secret_of_this_ctg(world):
    _, objects = world
    rules = public_functions()
    wrong = [
        f"{name}: {secret} / {ctg}"
        for name, cases in SECRET_RULES.items()
        for (secret, ctg), allowed in cases.items()
        if rules[name](objects[secret], objects[ctg]) != allowed
    ]
    assert wrong == []


def test_every_rule_has_an_expectation():
    """A new function in a perms.py must get its line in EXPECTED (or be named a helper)."""
    declared = set(EXPECTED) | set(SECRET_RULES) | HELPERS
    assert sorted(set(public_functions()) - declared) == []
    assert sorted(declared - set(public_functions())) == []


FRENCH_WORDS = re.compile(r"\b(les?|la|de|des|du|cette|ce|est|sont|seule?s?|vous)\b", re.I)


def test_every_rule_says_in_french_why_it_refuses():
    rules = public_functions()
    for name in [*EXPECTED, *SECRET_RULES]:
        refusal = getattr(rules[name], "refusal", None)
        assert isinstance(refusal, Promise), f"{name} : pas de message de refus traduisible"
        assert FRENCH_WORDS.search(str(refusal)) and str(refusal).endswith("."), name
