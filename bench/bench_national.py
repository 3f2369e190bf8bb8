"""National scale on PostgreSQL: load the synthetic national dataset (`ctg generate_national`)
through the real import paths, aggregate the indicators for every EPCI, then serve it with
gunicorn (production settings, bench/settings.py) and drive it with wrk on loopback.

Writes its own table to bench/results/<date>-national.md (machine included) and gives a short
summary to bench/run.py. On SQLite it only says it is skipped: the production settings need
PostgreSQL. Environment: CTG_BENCH_NATIONAL_LIMIT (only the first N EPCI, for a quick try),
CTG_BENCH_PORT (HTTP port, a free one otherwise), CTG_BENCH_WORKERS (gunicorn workers),
CTG_BENCH_SECONDS (wrk duration per address, 10 by default).
"""

import datetime
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from pathlib import Path

from common import ROOT, ctg, emit, measure, setup_django

CONNECTIONS = 50
SECONDS = int(os.environ.get("CTG_BENCH_SECONDS", "10"))
LIMIT = os.environ.get("CTG_BENCH_NATIONAL_LIMIT", "")
IMPORT_PROCESSES = 2
VALUES_YEAR = 2021
AIM_RATIO = 3.0
NATIONAL_CTGS = 1255
IMPORT_AIM_SECONDS = 60  # the whole national dataset on 2 cores
SOURCE = "Jeu de données synthétique national (fictif)"
RESULTS = ROOT / "bench" / "results"
WRK_SCRIPT = ROOT / "bench" / "wrk_report.lua"
GUNICORN_CONF = ROOT / "gunicorn.conf.py"


def log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def python_ctg(*args: str) -> list[str]:
    return [sys.executable, "-m", "ctg_pilote.manage", *args]


def timed_ctg(*args: str) -> float:
    """Run a `ctg` command; on failure, show what it said before stopping."""
    start = time.perf_counter()
    done = subprocess.run(python_ctg(*args), cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"ctg {args[0]} a échoué :\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


# --- machine ------------------------------------------------------------------------------


def machine(workers: int, load: tuple[float, float, float]) -> list[str]:
    from django.db import connection

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    system = platform.platform()
    os_release = Path("/etc/os-release")
    if os_release.exists():
        found = re.search(r'^PRETTY_NAME="?([^"\n]*)', os_release.read_text(), re.MULTILINE)
        system = f"{found.group(1)} ({platform.system()} {platform.release()})" if found else system
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return [
        f"- Processeur : {cpu}, {os.cpu_count()} cœurs",
        f"- Mémoire : {memory:.0f} Gio",
        f"- Système : {system}, Python {platform.python_version()}",
        f"- PostgreSQL {postgres} sur la même machine (127.0.0.1)",
        f"- gunicorn : {workers} processus (workers synchrones), wrk : {CONNECTIONS} connexions, "
        f"{SECONDS} s par adresse, 2 fils ; limite de l'API par jeton relevée à 1 000 000/minute "
        "pour la mesure (120/minute par défaut ; chaque requête est comptée comme en "
        "production, par une instruction SQL)",
        f"- Charge moyenne au départ (1, 5, 15 min) : {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}",
    ]


# --- loading ------------------------------------------------------------------------------


def import_documents(files: list[Path]) -> float:
    """`ctg import_ctg` over every document: the first alone (it writes the shared official
    populations once), then the rest split between two processes, as an operator would."""
    start = time.perf_counter()
    subprocess.run(
        python_ctg("import_ctg", str(files[0])), check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    rest = files[1:]
    processes = [
        subprocess.Popen(
            python_ctg("import_ctg", *map(str, rest[i::IMPORT_PROCESSES])),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        for i in range(IMPORT_PROCESSES)
        if rest[i::IMPORT_PROCESSES]
    ]
    for process in processes:
        if process.wait() != 0:
            raise SystemExit("import_ctg a échoué : voir les messages ci-dessus.")
    return time.perf_counter() - start


# --- HTTP ---------------------------------------------------------------------------------


def free_port() -> int:
    if os.environ.get("CTG_BENCH_PORT"):
        return int(os.environ["CTG_BENCH_PORT"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workers_count() -> int:
    if os.environ.get("CTG_BENCH_WORKERS"):
        return int(os.environ["CTG_BENCH_WORKERS"])
    if GUNICORN_CONF.exists():
        import runpy

        value = runpy.run_path(str(GUNICORN_CONF)).get("workers")
        if isinstance(value, int):
            return value
    return 2 * (os.cpu_count() or 1) + 1  # gunicorn's documented rule of thumb


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, headers: dict | None = None, data: bytes | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        response = OPENER.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read()


def cookies_of(headers) -> dict[str, str]:
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(base: str, email: str, password: str) -> str:
    """A real sign-in through the login form; returns the Cookie header of the session."""
    status, headers, body = fetch(f"{base}/compte/connexion/")
    assert status == 200, f"page de connexion : {status}"
    csrf = cookies_of(headers)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode(
        {"username": email, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    status, headers, _ = fetch(
        f"{base}/compte/connexion/",
        {"Cookie": f"csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"},
        form,
    )
    session = cookies_of(headers).get("sessionid")
    assert status == 302 and session, f"connexion refusée ({status})"
    return f"sessionid={session}; csrftoken={csrf}"


def start_gunicorn(env: dict, port: int, workers: int, log_path: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "ctg_pilote.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
    ]
    if GUNICORN_CONF.exists():
        command[4:4] = ["--config", str(GUNICORN_CONF)]
    handle = log_path.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=handle)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"gunicorn s'est arrêté au démarrage :\n{log_path.read_text()[-3000:]}"
            )
        try:
            if fetch(f"http://127.0.0.1:{port}/banc/plancher/")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn ne répond pas après 60 s.")


def run_wrk(
    url: str, headers: dict[str, str], connections: int = CONNECTIONS, seconds: int = SECONDS
) -> dict:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(WRK_SCRIPT),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"] if result["seconds"] else 0.0
    return result


# --- the bench ----------------------------------------------------------------------------


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        emit(
            [
                (
                    "banc national (1 255 CTG, charge concurrente)",
                    "sauté sur SQLite : lancé par la passe PostgreSQL de make bench",
                    "",
                )
            ]
        )
        return
    if shutil.which("wrk") is None:
        raise SystemExit(
            "wrk est introuvable : installez-le (Debian/Ubuntu : apt-get install wrk) "
            "puis relancez make bench."
        )
    load = os.getloadavg()
    bench_start = time.perf_counter()
    # This process uses the development settings, where no static files were collected.
    warnings.filterwarnings("ignore", message="No directory at")
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from ctg_pilote.api.services import create_token
    from ctg_pilote.conventions.models import Convention
    from ctg_pilote.diagnostic.aggregation import by_epci
    from ctg_pilote.diagnostic.models import Indicator, IndicatorValue, Offer
    from ctg_pilote.pilotage.bilan import build_bilan
    from ctg_pilote.plan.models import Action
    from ctg_pilote.reports.bilan import render_bilan
    from ctg_pilote.reports.brochure import brochure_pdf
    from ctg_pilote.territories.models import Epci, Vintage

    if Vintage.objects.current() is None:
        ctg("load_territories")
    # The national dataset alone: earlier bench modules leave their own CTGs behind.
    Convention.objects.exclude(slug__startswith="national-").delete()
    IndicatorValue.objects.filter(year=VALUES_YEAR).delete()

    tmp = Path(tempfile.mkdtemp(prefix="ctg-banc-national-"))
    try:
        rows, table = [], []
        log("génération du jeu de données national…")
        limit = ["--limit", LIMIT] if LIMIT else []
        generated = timed_ctg("generate_national", "--out", str(tmp / "data"), *limit)
        manifest = json.loads((tmp / "data" / "manifeste.json").read_text())
        files = sorted((tmp / "data" / "ctg").glob("*.json"))

        log(f"import_ctg de {len(files)} documents…")
        import_seconds = import_documents(files)
        log(f"  {import_seconds:.1f} s")
        national = Convention.objects.filter(slug__startswith="national-")
        ctgs = national.count()
        actions = Action.objects.filter(convention__in=national).count()
        services = Offer.objects.filter(convention__in=national).count()
        assert (ctgs, actions, services) == (
            manifest["documents"],
            manifest["actions"],
            manifest["services"],
        ), "le contenu importé ne correspond pas au manifeste"

        log("import_indicators du fichier national…")
        values_file = tmp / "data" / manifest["valeurs_par_commune"]
        values_seconds = timed_ctg(
            "import_indicators", str(values_file), "--fictif", "--source", SOURCE
        )
        values = manifest["indicator_values"]
        log(f"  {values_seconds:.1f} s")

        indicators = list(Indicator.objects.with_parts())
        vintage = Vintage.objects.current()
        epcis = Epci.objects.filter(vintage=vintage).count()
        aggregation = measure(lambda: by_epci(indicators, vintage, VALUES_YEAR), 3)

        table += [
            "| import | volume | durée | débit | objectif |",
            "|---|---|---|---|---|",
            f"| génération (`ctg generate_national`) | {manifest['bytes'] / 1e6:.0f} Mo | "
            f"{generated:.1f} s | |",
            f"| `ctg import_ctg` ({IMPORT_PROCESSES + 0} processus) | {ctgs} CTG | "
            f"{import_seconds:.1f} s | {ctgs / import_seconds:.2f} CTG/s | "
            f"≥ {NATIONAL_CTGS / IMPORT_AIM_SECONDS:.1f} CTG/s |",
            f"| … dont les actions du plan | {actions} actions | (même import) | "
            f"{actions / import_seconds:.0f} actions/s |",
            f"| … dont les services de l'annuaire | {services} services | (même import) | "
            f"{services / import_seconds:.0f} services/s |",
            f"| `ctg import_indicators` (fichier national) | {values} valeurs, "
            f"{manifest['communes']} communes | {values_seconds:.1f} s | "
            f"{values / values_seconds:.0f} valeurs/s |",
            f"| agrégation de {len(indicators)} indicateurs pour les {epcis} EPCI | | "
            f"{statistics.median(aggregation):.2f} s (médiane de 3) | |",
        ]
        rows += [
            (
                f"banc national : import_ctg de {ctgs} CTG ({actions} actions, {services} services)",
                f"{import_seconds:.0f} s ({ctgs / import_seconds:.1f} CTG/s, "
                f"{actions / import_seconds:.0f} actions/s, {services / import_seconds:.0f} "
                "services/s)",
                f"< {IMPORT_AIM_SECONDS * ctgs / NATIONAL_CTGS:.0f} s ({NATIONAL_CTGS} CTG en "
                f"{IMPORT_AIM_SECONDS} s)",
            ),
            (
                f"banc national : import_indicators ({values} valeurs)",
                f"{values_seconds:.0f} s ({values / values_seconds:.0f} valeurs/s)",
                "",
            ),
            (
                f"banc national : agrégation pour les {epcis} EPCI",
                f"{statistics.median(aggregation):.2f} s",
                "",
            ),
        ]

        # The CTG of the EPCI with the most communes: the heaviest pages of the dataset.
        convention = max(national.prefetch_related("communes"), key=lambda c: c.communes.count())
        town = max(convention.communes.all(), key=lambda c: (c.population or 0, c.code))
        password = secrets.token_urlsafe(16)
        user = get_user_model().objects.get(
            email=f"coordination-{convention.epci.siren}@national.test"
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        _token, raw_token = create_token(user=user, name="Banc national")

        log("documents générés : brochure et bilan…")
        brochure = measure(lambda: brochure_pdf(convention), 3)
        bilan_pdf = measure(lambda: render_bilan(build_bilan(convention, year=2025), "pdf"), 3)
        bilan_docx = measure(lambda: render_bilan(build_bilan(convention, year=2025), "docx"), 3)

        port = free_port()
        workers = workers_count()
        static = tmp / "static"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": str(ROOT),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on loopback: no HTTPS redirect, cookies without the Secure flag.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "LOG_LEVEL": "WARNING",
            "CTG_BENCH_STATIC_ROOT": str(static),
            # The bench measures throughput: the per-token API rate (120/minute by default)
            # would answer most of wrk's requests with 429; each request is still counted,
            # at the same cost (api/throttling.py). The report says so.
            "CTG_API_RATE": "1000000/minute",
        }
        for command in (["collectstatic", "--no-input", "-v", "0"], ["createcachetable"]):
            subprocess.run(python_ctg(*command), check=True, cwd=ROOT, env=env)
        base = f"http://127.0.0.1:{port}"
        http_load = os.getloadavg()
        log(f"gunicorn ({workers} processus) sur 127.0.0.1:{port}…")
        server = start_gunicorn(env, port, workers, tmp / "gunicorn.log")
        try:
            cookie = {"Cookie": sign_in(base, user.email, password)}
            bearer = {"Authorization": f"Bearer {raw_token}"}
            api = f"/api/v1/ctg/{convention.slug}/plan/actions/"
            if fetch(base + api, bearer)[0] != 200:
                api = "/api/v1/ctg/"  # the plan's action list is not served yet
            query = urllib.parse.urlencode({"q": town.name, "public": "0-3"})
            endpoints = [
                ("plancher : vue Django minimale", "/banc/plancher/", {}),
                (
                    "tableau de bord du pilotage (connecté)",
                    f"/ctg/{convention.slug}/pilotage/",
                    cookie,
                ),
                ("page du plan d'action (connecté)", f"/ctg/{convention.slug}/plan/", cookie),
                (f"annuaire : « {town.name} », 0-3 ans (public)", f"/services/?{query}", {}),
                (f"API : {api.replace(convention.slug, '{ctg}')} (jeton)", api, bearer),
            ]
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            results = []
            for label, path, headers in endpoints:
                status = fetch(base + path, headers)[0]
                assert status == 200, f"{path} : statut {status} avant la mesure"
                for _ in range(3):  # warm every worker's caches a little
                    fetch(base + path, headers)
                # Where the time of one request goes, in this process (no HTTP, no queueing),
                # without the page cache: what a page costs when it has to be computed.
                extra = (
                    {"HTTP_AUTHORIZATION": headers["Authorization"]} if bearer == headers else {}
                )
                with override_settings(ROOT_URLCONF="bench.urls", CTG_PAGE_CACHE=False):
                    alone = measure(lambda path=path, extra=extra: client.get(path, **extra), 5)
                    with CaptureQueriesContext(connection) as queries:
                        client.get(path, **extra)
                log(f"wrk : {label}…")
                single = run_wrk(base + path, headers, connections=1, seconds=3)
                result = run_wrk(base + path, headers)
                # wrk leaves requests queued in gunicorn: let them finish before the next one.
                fetch(f"{base}/banc/plancher/")
                result.update(
                    label=label,
                    queries=len(queries),
                    sql_ms=sum(float(q["time"]) for q in queries.captured_queries) * 1000,
                    alone_ms=statistics.median(alone) * 1000,
                    single_ms=single["median_ms"],
                )
                results.append(result)
        finally:
            server.terminate()
            server.wait(timeout=30)

        floor = results[0]["median_ms"]
        table += [
            "",
            f"Charge : wrk, {CONNECTIONS} connexions simultanées, {SECONDS} s par adresse. "
            f"CTG mesurée : {convention.slug} ({convention.communes.count()} communes, "
            f"{Action.objects.filter(convention=convention).count()} actions). Objectif : médiane ≤ {AIM_RATIO:.0f} x "
            "celle du plancher, aucune erreur.",
            "",
            "| adresse | médiane (ms) | p95 (ms) | requêtes/s | erreurs (non 2xx/3xx + socket) "
            "| médiane ÷ plancher | objectif atteint | médiane à 1 connexion (ms) "
            "| une requête calculée, en processus (ms) | dont SQL (ms) | requêtes SQL |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for i, r in enumerate(results):
            errors = r["non_2xx_3xx"] + r["socket_errors"]
            ratio = r["median_ms"] / floor if floor else 0.0
            met = r["met"] = errors == 0 and (i == 0 or ratio <= AIM_RATIO)
            table.append(
                f"| {r['label']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | {r['rps']:.0f} | "
                f"{r['non_2xx_3xx']} + {r['socket_errors']} | {ratio:.1f} | "
                f"{'oui' if met else 'NON'} | {r['single_ms']:.1f} | {r['alone_ms']:.1f} | "
                f"{r['sql_ms']:.1f} | {r['queries']} |"
            )
            rows.append(
                (
                    f"banc national, {CONNECTIONS} connexions : {r['label']}",
                    f"{r['median_ms']:.0f} ms médiane, {r['p95_ms']:.0f} ms p95, "
                    f"{r['rps']:.0f} req/s, {errors} erreurs, {ratio:.1f} x plancher",
                    "plancher" if i == 0 else f"≤ {AIM_RATIO:.0f} x plancher, 0 erreur",
                )
            )
        missed = [r for i, r in enumerate(results) if i and not r["met"]]
        if missed:
            table += [
                "",
                f"**Objectif non atteint pour {len(missed)} adresse(s).** À {CONNECTIONS} "
                "connexions, chaque adresse sature les processus gunicorn : la médiane vaut à "
                "peu près le nombre de connexions divisé par le débit, et le rapport au plancher "
                "est celui du coût d'une requête. Le plancher ne répond que « ok » sans toucher "
                "la base ; une page calcule et rend une CTG entière. Sur les pages manquées, le "
                "SQL ne compte que pour "
                + ", ".join(
                    f"{r['sql_ms'] / r['alone_ms']:.0%} ({r['queries']} requêtes)"
                    for r in missed
                    if r["alone_ms"]
                )
                + " du temps d'une requête seule ; le reste est Python (ORM, gabarits, "
                "sérialisation).",
            ]
        table += [
            "",
            "| document (CTG mesurée) | durée |",
            "|---|---|",
            f"| brochure PDF | {statistics.median(brochure):.2f} s (médiane de 3) |",
            f"| bilan annuel 2025, PDF | {statistics.median(bilan_pdf):.2f} s (médiane de 3) |",
            f"| bilan annuel 2025, DOCX | {statistics.median(bilan_docx):.2f} s (médiane de 3) |",
        ]
        rows += [
            ("banc national : brochure PDF", f"{statistics.median(brochure):.2f} s", "< 5 s"),
            ("banc national : bilan PDF", f"{statistics.median(bilan_pdf):.2f} s", ""),
        ]
        total = time.perf_counter() - bench_start
        today = datetime.date.today().isoformat()
        text = "\n".join(
            [
                f"# Banc national ctg-pilote — {today} — PostgreSQL",
                "",
                "Jeu de données entièrement fictif (`ctg generate_national`, graine "
                f"{manifest['seed']}) : {ctgs} CTG, {actions} actions, {services} services, "
                f"{values} valeurs d'indicateurs par commune.",
                "",
                "Machine :",
                "",
                *machine(workers, load),
                f"- Charge moyenne au début de la mesure HTTP : {http_load[0]:.2f}, "
                f"{http_load[1]:.2f}, {http_load[2]:.2f}",
                "",
                *table,
                "",
                f"Durée totale du banc national : {total / 60:.1f} min.",
                "",
            ]
        )
        print(text, file=sys.stderr)
        RESULTS.mkdir(parents=True, exist_ok=True)
        suffix = f"-{LIMIT}-epci" if LIMIT else ""
        out = RESULTS / f"{today}-national{suffix}.md"
        out.write_text(text, encoding="utf-8")
        log(f"écrit dans {out.relative_to(ROOT)}")
        rows.append(("banc national : durée totale", f"{total / 60:.1f} min", "< 15 min"))
        emit(rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
