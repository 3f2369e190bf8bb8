import re

import pytest
from django.core import mail
from django.urls import reverse

from ctg_pilote.accounts.models import User
from tests.conventions.factories import ConventionFactory, MembershipFactory, OrganisationFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


def test_a_new_member_is_invited_to_choose_a_password_and_can_then_sign_in(
    client, django_capture_on_commit_callbacks
):
    convention = ConventionFactory(name="CTG des Marais")
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    organisation = OrganisationFactory(convention=convention)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves after commit
        client.post(
            reverse("conventions:members", kwargs={"slug": convention.slug}),
            {
                "email": "Nouvelle@Exemple.test",
                "role": "partenaire",
                "organisation": organisation.pk,
            },
        )
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["nouvelle@exemple.test"]
    assert "« Partenaire » dans la CTG des Marais" in invitation.body

    client.logout()
    set_page = client.get(link_in(invitation), follow=True)
    assert "Choisir un mot de passe" in page_text(set_page)
    response = client.post(
        set_page.redirect_chain[-1][0],
        {
            "new_password1": "un-long-mot-de-passe-2026",
            "new_password2": "un-long-mot-de-passe-2026",
        },
    )
    assert response.status_code == 302
    assert client.login(username="nouvelle@exemple.test", password="un-long-mot-de-passe-2026")


def test_a_member_with_a_password_gets_no_invitation(client, django_capture_on_commit_callbacks):
    convention = ConventionFactory()
    client.force_login(MembershipFactory(convention=convention, role="caf").user)
    MembershipFactory(user__email="deja@exemple.test")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("conventions:members", kwargs={"slug": convention.slug}),
            {"email": "deja@exemple.test", "role": "lecteur"},
        )
    assert User.objects.get(email="deja@exemple.test").memberships.count() == 2
    assert mail.outbox == []


def test_forgotten_password_sends_a_link_without_revealing_unknown_addresses(client):
    User.objects.create_user("connue@exemple.test")  # imported account: no usable password
    for email in ["connue@exemple.test", "inconnue@exemple.test"]:
        response = client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)
        assert "Consultez votre messagerie" in page_text(response)
    assert [m.to for m in mail.outbox] == [["connue@exemple.test"]]


def test_a_used_link_is_refused_clearly(client):
    user = User.objects.create_user("connue@exemple.test")
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = link_in(mail.outbox[0])
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {
            "new_password1": "un-long-mot-de-passe-2026",
            "new_password2": "un-long-mot-de-passe-2026",
        },
    )
    assert "Ce lien n'est plus valable" in page_text(client.get(link, follow=True))
