"""The pages people sign in with, checked by axe-core (WCAG 2.1 A and AA rules)."""

import pytest

pytestmark = pytest.mark.browser


def test_sign_in_and_password_pages_have_no_axe_violations(live_server, page, axe_violations):
    for path in ("/compte/connexion/", "/compte/mot-de-passe/oublie/"):
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
