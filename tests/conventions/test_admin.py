import pytest
from django.urls import reverse

from tests.conventions.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_platform_admins_manage_ctgs_in_the_django_admin(client):
    contact = ContactFactory()
    client.force_login(UserFactory(admin=True))
    for name, args in [
        ("admin:conventions_convention_changelist", []),
        ("admin:conventions_convention_change", [contact.organisation.convention.pk]),
        ("admin:conventions_organisation_change", [contact.organisation.pk]),
        ("admin:conventions_membership_changelist", []),
        ("admin:territories_commune_changelist", []),
        ("admin:accounts_user_changelist", []),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_the_admin_is_closed_to_ctg_members(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:conventions_convention_changelist"))
    assert response.status_code == 302
