"""A CAF advisor whose CAF scope covers a département (or some of its EPCIs) holds the CAF role
on every CTG there, present and future, without being added to each."""

import pytest

from ctg_pilote.conventions.models import CafScope, Convention
from ctg_pilote.conventions.perms import caf_departements, role_in
from tests.conventions.factories import ConventionFactory, UserFactory
from tests.conventions.test_perms_matrix import EXPECTED, public_functions, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_scoped_advisor_is_allowed_exactly_what_the_ctgs_caf_is(world):  # noqa: F811
    users, objects = world
    convention = objects["la CTG"]
    advisor = UserFactory()
    CafScope.objects.create(user=advisor, departement_code=convention.caf_departement.code)
    rules = public_functions()
    wrong = []
    for name, allowed_by_object in EXPECTED.items():
        for label in allowed_by_object:
            obj = objects[label]
            args = (advisor,) if label == "—" else (advisor, obj)
            caf_args = (users["caf"],) if label == "—" else (users["caf"], obj)
            if rules[name](*args) != rules[name](*caf_args):
                wrong.append(f"{name} pour {label}")
    assert wrong == []


def test_a_ctg_created_later_in_the_departement_is_open_to_the_advisor():
    existing = ConventionFactory()
    advisor = UserFactory()
    CafScope.objects.create(user=advisor, departement_code=existing.caf_departement.code)
    later = ConventionFactory(caf_departement=existing.caf_departement)
    fresh = type(advisor).objects.get(pk=advisor.pk)  # no cache from before
    assert role_in(fresh, later) == "caf"
    assert set(Convention.objects.for_user(fresh)) == {existing, later}
    assert caf_departements(fresh) == [existing.caf_departement.code]


def test_a_scope_limited_to_epcis_leaves_the_other_ctgs_closed():
    inside = ConventionFactory()
    outside = ConventionFactory(caf_departement=inside.caf_departement)
    advisor = UserFactory()
    scope = CafScope.objects.create(user=advisor, departement_code=inside.caf_departement.code)
    scope.epcis.add(inside.epci)
    if outside.epci_id == inside.epci_id:
        outside.epci = None
        outside.save()
    advisor = type(advisor).objects.get(pk=advisor.pk)
    assert role_in(advisor, inside) == "caf"
    assert role_in(advisor, outside) is None
    assert list(Convention.objects.for_user(advisor)) == [inside]
