"""Two gunicorn processes (production settings, 2 workers each) on one PostgreSQL database:
shared sessions, concurrent edits of one action, concurrent quick updates, concurrent imports.
"""

import html
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
import yaml
from django.contrib.auth.hashers import make_password
from django.forms.models import model_to_dict
from django.test import override_settings

from ctg_pilote.accounts.models import User
from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.plan.models import Action, Change
from tests.utils import FormParser

from .conftest import command_env, postgres_only

pytestmark = postgres_only

SLUG = "rochefort-ocean"
EDITORS = ["coordinateur@demo.test", "caf@demo.test"]
STALE = "modifiée par quelqu'un d'autre"
TIMEOUT = 30
PROJECT_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def prod_env(tmp_path):
    """Production settings (see prod_settings.py) over plain HTTP on loopback."""
    env = command_env(
        DJANGO_SETTINGS_MODULE="tests.operations.prod_settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(PROJECT_DIR),
    )
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    return env


def ctg_prod(env, *args) -> subprocess.Popen:
    return subprocess.Popen(
        ["ctg", *map(str, args)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture
def editors(demo):
    """The demo's coordinator and CAF advisor, with passwords production can check."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        for email in EDITORS:
            User.objects.filter(email=email).update(password=make_password(demo[email]))
    return {email: demo[email] for email in EDITORS}


@pytest.fixture
def servers(editors, prod_env, tmp_path):
    """Two app processes on free loopback ports; always stopped at the end."""
    (tmp_path / "gunicorn.conf.py").write_text("# options are on the command line\n")
    created = subprocess.run(
        ["ctg", "createcachetable"], env=prod_env, capture_output=True, text=True
    )
    assert created.returncode == 0, created.stderr
    processes, urls = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = (tmp_path / f"gunicorn-{name}.log").open("w")
            processes.append(
                subprocess.Popen(
                    [
                        "gunicorn",
                        "--config",
                        str(tmp_path / "gunicorn.conf.py"),
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "2",
                        "--timeout",
                        str(TIMEOUT),
                        "ctg_pilote.wsgi:application",
                    ],
                    env=prod_env,
                    cwd=tmp_path,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its workers are stopped with it
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, process, name in zip(urls, processes, "ab", strict=True):
            _wait_ready(url, process, tmp_path / f"gunicorn-{name}.log")
        yield urls
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the master and its workers
                process.wait()


def _wait_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            if requests.get(f"{url}/sante/", timeout=TIMEOUT).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} ne répond pas :\n{log.read_text()[-3000:]}")


def form_fields(html: str) -> list[list[str]]:
    parser = FormParser()
    parser.feed(html)
    (form,) = [f for f in parser.forms if any(n == "version" for n, _ in f["fields"])]
    return form["fields"]


def replace(fields, name, value):
    assert any(n == name for n, _ in fields), name
    return [[n, value if n == name else v] for n, v in fields]


def sign_in(url: str, email: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{url}/compte/connexion/", timeout=TIMEOUT)
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = session.post(
        f"{url}/compte/connexion/",
        data={"csrfmiddlewaretoken": token, "username": email, "password": password},
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert response.status_code == 302, "connexion refusée"
    return session


def post_form(session, url, fields):
    return session.post(url, data=fields, timeout=TIMEOUT, allow_redirects=False)


def test_two_processes_share_sessions_and_lose_no_concurrent_edit(servers, editors):
    a, b = servers
    action = Action.objects.filter(convention__slug=SLUG).order_by("number").first()
    convention = action.convention
    coordinator = sign_in(a, EDITORS[0], editors[EDITORS[0]])

    # Both processes serve the demo to the session opened on the first one.
    for url in servers:
        for path in (
            "/ctg/",
            f"/ctg/{SLUG}/",
            f"/ctg/{SLUG}/plan/",
            f"/ctg/{SLUG}/plan/actions/{action.pk}/",
        ):
            page = coordinator.get(url + path, timeout=TIMEOUT, allow_redirects=False)
            assert page.status_code == 200, (url, path)
            assert convention.name in html.unescape(page.text)

    # The same action edited at once through both processes, from the same version.
    caf = sign_in(b, EDITORS[1], editors[EDITORS[1]])
    edit = f"/ctg/{SLUG}/plan/actions/{action.pk}/modifier/"
    before, start_version = model_to_dict(action), action.version
    before_export = export_convention(convention)
    forms = {
        "title": replace(form_fields(coordinator.get(a + edit).text), "title", "Titre de A"),
        "description": replace(
            form_fields(caf.get(b + edit).text), "description", "Description de B"
        ),
    }
    start = threading.Barrier(2)
    responses = {}

    def submit(field, session, url):
        start.wait()
        responses[field] = post_form(session, url + edit, forms[field])

    threads = [
        threading.Thread(target=submit, args=("title", coordinator, a)),
        threading.Thread(target=submit, args=("description", caf, b)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)

    statuses = sorted(r.status_code for r in responses.values())
    assert statuses == [200, 302]
    (winner,) = [f for f, r in responses.items() if r.status_code == 302]
    (loser,) = [f for f, r in responses.items() if r.status_code == 200]
    assert STALE in html.unescape(responses[loser].text)
    action.refresh_from_db()
    assert action.version == start_version + 1
    changes = Change.objects.filter(action=action, version__gt=start_version)
    assert [(c.field, c.version) for c in changes] == [(winner, action.version)]
    after = model_to_dict(action)
    assert after[winner] == {"title": "Titre de A", "description": "Description de B"}[winner]
    assert after[loser] == before[loser]
    assert {k: v for k, v in after.items() if k != winner} == {
        k: v for k, v in before.items() if k != winner
    }
    # Nothing else of the CTG moved (partners, budget, milestones, other actions).
    after_export = export_convention(convention)
    for key in before_export:
        if key != "plan":
            assert after_export[key] == before_export[key], key

    # Quick updates spread over both processes: each is accepted once, none is lost.
    follow = f"/ctg/{SLUG}/plan/actions/{action.pk}/suivi/"
    start_version = action.version
    targets = [11, 22, 33, 44, 55, 66]
    accepted, refused, errors = [], [], []
    cookies = {"a": coordinator.cookies, "b": caf.cookies}

    def quick_update(progress, url, jar):
        session = requests.Session()
        session.cookies.update(jar)
        for _attempt in range(30):
            page = session.get(url + follow, timeout=TIMEOUT)
            fields = replace(form_fields(page.text), "progress", str(progress))
            response = post_form(session, url + follow, fields)
            if response.status_code == 302:
                accepted.append(progress)
                return
            if response.status_code == 200 and STALE in html.unescape(response.text):
                refused.append(progress)
                continue
            errors.append((progress, response.status_code))
            return
        errors.append((progress, "trop d'essais"))

    start_all = [
        threading.Thread(
            target=quick_update,
            args=(p, servers[i % 2], cookies["ab"[i % 2]]),
        )
        for i, p in enumerate(targets)
    ]
    for thread in start_all:
        thread.start()
    for thread in start_all:
        thread.join(TIMEOUT * 2)

    assert errors == []
    assert sorted(accepted) == targets
    action.refresh_from_db()
    assert action.version == start_version + len(targets)
    history = list(
        Change.objects.filter(action=action, field="progress", version__gt=start_version).order_by(
            "id"
        )
    )
    assert sorted(int(c.new) for c in history) == targets
    versions = [c.version for c in history]
    assert versions == list(range(start_version + 1, action.version + 1))
    assert action.progress == int(history[-1].new)
    # The quick updates changed progress only: the edit that won is still there.
    assert model_to_dict(action, exclude=["progress"]) == {
        k: v for k, v in after.items() if k != "progress"
    }


def test_concurrent_imports_keep_each_ctg_exactly_as_one_document(demo, prod_env, tmp_path):
    rochefort = export_convention(Convention.objects.get(slug=SLUG))
    cholet = export_convention(Convention.objects.get(slug="cholet-agglomeration"))

    def document(source, slug, name):
        doc = yaml.safe_load(yaml.safe_dump(source))
        doc["ctg"]["identifiant"], doc["ctg"]["nom"] = slug, name
        doc.get("gouvernance", {}).pop("votes", None)  # ballot codes are unique platform-wide
        path = tmp_path / f"{slug}-{len(list(tmp_path.iterdir()))}.yaml"
        path.write_text(dump_yaml(doc), encoding="utf-8")
        return doc, path

    def run_together(*paths):
        processes = [ctg_prod(prod_env, "import_ctg", path) for path in paths]
        return [(p.wait(timeout=120), *p.communicate()) for p in processes]

    def exported(slug):
        return export_convention(Convention.objects.get(slug=slug))

    # Two different CTGs at once: both exactly as their documents.
    first, first_path = document(rochefort, "import-a", "Import A")
    second, second_path = document(cholet, "import-b", "Import B")
    for code, out, err in run_together(first_path, second_path):
        assert code == 0, err
        assert "créée" in out
    assert exported("import-a") == first
    assert exported("import-b") == second

    # The same CTG from two documents at once: exactly one of them, never a mix. Both hold the
    # same sections (a section a document leaves out is kept as it is, by design), with every
    # element and action titled differently.
    renamed = yaml.safe_load(yaml.safe_dump(rochefort))
    for item in renamed["plan"]["noeuds"] + renamed["plan"]["actions"]:
        item["titre"] += " (version 2)"
    one, one_path = document(rochefort, "import-c", "Version 1")
    other, other_path = document(renamed, "import-c", "Version 2")
    results = run_together(one_path, other_path)
    for code, _out, err in results:
        assert code == 0, err
    # They ran one after the other: the second updated what the first created, entirely.
    created = [out for _code, out, _err in results if "(import-c) créée :" in out]
    updated = [out for _code, out, _err in results if "(import-c) mise à jour :" in out]
    assert len(created) == len(updated) == 1
    last = one if "« Version 1 »" in updated[0] else other
    assert exported("import-c") == last
    assert Convention.objects.filter(slug="import-c").count() == 1
