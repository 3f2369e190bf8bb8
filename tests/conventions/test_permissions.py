"""Members of one CTG can neither read nor change another CTG's private data, URL guessing
included. Every CTG URL is tried, so a new view without a check fails here."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from ctg_pilote.conventions.models import Contact, Convention, Organisation, Zone
from tests.conventions.factories import (
    ContactFactory,
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    ZoneFactory,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def convention_url_names():
    resolver = get_resolver()
    patterns = resolver.url_patterns
    names = []
    for entry in patterns:
        if getattr(entry, "namespace", None) == "conventions":
            names += [
                p.name
                for p in entry.url_patterns
                if isinstance(p, URLPattern) and "slug" in p.pattern.regex.groupindex
            ]
    return names


def urls_for(convention):
    """Every CTG URL, with ids of objects belonging to `convention`."""
    zone = ZoneFactory(convention=convention)
    organisation = OrganisationFactory(convention=convention)
    contact = ContactFactory(organisation=organisation)
    membership = MembershipFactory(convention=convention, role="lecteur")
    pks = {
        "zone": zone.pk,
        "organisation": organisation.pk,
        "contact": contact.pk,
        "member": membership.pk,
    }
    urls = {}
    for name in convention_url_names():
        kwargs = {"slug": convention.slug}
        prefix = name.split("_")[0]
        if name.endswith(("_edit", "_delete")):
            kwargs["pk"] = pks[prefix]
        urls[name] = reverse(f"conventions:{name}", kwargs=kwargs)
    return urls


def test_every_ctg_view_is_guarded():
    """Each CTG view goes through the single permission decorator."""
    resolver = get_resolver()
    for name in convention_url_names():
        callback = resolver.resolve(reverse(f"conventions:{name}", kwargs=_fake_kwargs(name))).func
        assert hasattr(callback, "permission_check"), f"{name} ne vérifie pas les droits"


def _fake_kwargs(name):
    kwargs = {"slug": "x"}
    if name.endswith(("_edit", "_delete")):
        kwargs["pk"] = 1
    return kwargs


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name, url in urls_for(ConventionFactory()).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_member_of_another_ctg_is_refused_everywhere(client):
    mine, theirs = ConventionFactory(), ConventionFactory()
    me = MembershipFactory(convention=mine, role="coordinateur").user
    client.force_login(me)
    for name, url in urls_for(theirs).items():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 403, f"{method.__name__.upper()} {name}"
    assert "Vous n'êtes pas membre de cette CTG" in page_text(client.get(theirs.get_absolute_url()))
    # Nothing of theirs was changed or deleted by the POSTs.
    assert Zone.objects.filter(convention=theirs).count() == 1
    assert Organisation.objects.filter(convention=theirs).count() == 1
    assert Contact.objects.filter(organisation__convention=theirs).count() == 1


def test_ids_of_another_ctg_under_my_ctg_are_not_found(client):
    mine, theirs = ConventionFactory(), ConventionFactory()
    client.force_login(MembershipFactory(convention=mine, role="coordinateur").user)
    their_urls = urls_for(theirs)
    for name, url in their_urls.items():
        if not name.endswith(("_edit", "_delete")):
            continue
        guessed = url.replace(f"/ctg/{theirs.slug}/", f"/ctg/{mine.slug}/")
        if name.endswith("_edit"):
            assert client.get(guessed).status_code == 404, name
        assert client.post(guessed).status_code == 404, name
    assert Zone.objects.filter(convention=theirs).count() == 1


@pytest.mark.parametrize("role", ["partenaire", "lecteur"])
def test_partners_and_readers_cannot_change_the_convention(client, role):
    convention = ConventionFactory(name="Nom d'origine")
    kwargs = {"partenaire": True} if role == "partenaire" else {"role": role}
    client.force_login(MembershipFactory(convention=convention, **kwargs).user)
    assert client.get(convention.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("conventions:edit", kwargs={"slug": convention.slug}),
        {"name": "Piraté", "status": "signee", "start_year": 2024, "end_year": 2028},
    )
    assert response.status_code == 403
    assert "Seuls la coordination de la CTG et la CAF" in page_text(response)
    convention.refresh_from_db()
    assert convention.name == "Nom d'origine"


def test_contacts_are_shown_to_members_only(client):
    convention = ConventionFactory()
    ContactFactory(organisation__convention=convention, email="directrice@exemple.test")
    url = reverse("conventions:organisations", kwargs={"slug": convention.slug})
    client.force_login(MembershipFactory(convention=convention, role="lecteur").user)
    assert "directrice@exemple.test" in page_text(client.get(url))
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 403
    assert "directrice@exemple.test" not in page_text(response)


def test_platform_admin_sees_every_ctg(client):
    conventions = ConventionFactory.create_batch(2)
    client.force_login(UserFactory(admin=True))
    page = page_text(client.get(reverse("conventions:mine")))
    for convention in conventions:
        assert convention.name in page
        assert client.get(convention.get_absolute_url()).status_code == 200


def test_my_ctgs_lists_only_mine_with_my_role(client):
    mine, other = ConventionFactory(), ConventionFactory()
    client.force_login(MembershipFactory(convention=mine, role="caf").user)
    page = page_text(client.get(reverse("conventions:mine")))
    assert mine.name in page and other.name not in page
    assert "CAF" in page
    assert Convention.objects.count() == 2


def test_a_permission_can_say_why_it_refuses(rf):
    from django.core.exceptions import PermissionDenied

    from ctg_pilote.conventions.access import convention_view
    from ctg_pilote.conventions.perms import rule

    @rule("Seule la coordination gère les instances.")
    def can_manage_instances(user, convention):
        return False

    view = convention_view(can_manage_instances)(lambda request, convention: None)
    request = rf.get("/")
    request.user = UserFactory()
    with pytest.raises(PermissionDenied, match=r"Seule la coordination gère les instances\."):
        view(request, slug=ConventionFactory().slug)
