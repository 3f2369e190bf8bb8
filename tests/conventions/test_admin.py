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


def test_the_admin_is_branded_and_lists_the_plan_diagnostic_and_governance(client):
    from django.contrib import admin

    from tests.plan.factories import ActionFactory

    action = ActionFactory()
    client.force_login(UserFactory(admin=True))
    index = client.get(reverse("admin:index")).content.decode()
    assert "administration de la plateforme" in index
    changelists = [
        f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist"
        for m in admin.site._registry
        if m._meta.app_label in {"plan", "diagnostic", "governance", "collaboration"}
    ]
    assert len(changelists) > 20
    for name in changelists:
        assert client.get(reverse(name)).status_code == 200, name
    # Read-mostly: the pages and their services write (history, version check).
    page = client.get(reverse("admin:plan_action_change", args=[action.pk])).content.decode()
    assert 'type="submit" value="Enregistrer"' not in page
    assert client.get(reverse("admin:plan_action_add")).status_code == 403
