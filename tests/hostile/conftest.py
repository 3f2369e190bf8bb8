import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker):
    """The hostile CTG, built once for the module inside a transaction rolled back after it;
    each test runs in a savepoint of that transaction."""
    from .build import build_hostile_ctg

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_hostile_ctg()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sessions(hostile, django_db_blocker):
    """A signed-in session per role, opened once for the module: role -> session key."""
    from django.conf import settings
    from django.test import Client

    keys = {}
    with django_db_blocker.unblock():
        for role, user in hostile.users.items():
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


@pytest.fixture(scope="module")
def documents_once():
    """Each document is rendered once: the roles that see the same bilan, or a PDF of the same
    HTML, share it (WeasyPrint takes seconds a document)."""
    from ctg_pilote.reports import pdf
    from ctg_pilote.reports import views as report_views

    pdfs, bilans = {}, {}
    html_to_pdf, render_bilan = pdf.html_to_pdf, report_views.render_bilan

    def pdf_once(html: str) -> bytes:
        if html not in pdfs:
            pdfs[html] = html_to_pdf(html)
        return pdfs[html]

    def bilan_once(content, fmt: str) -> bytes:
        # A bilan depends on the CTG, its kind and year, never on who asks for it.
        key = (content.convention.pk, content.kind, content.year, fmt)
        if key not in bilans:
            bilans[key] = render_bilan(content, fmt)
        return bilans[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "html_to_pdf", pdf_once)
        patch.setattr(report_views, "render_bilan", bilan_once)
        yield
