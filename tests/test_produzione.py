"""Production settings serving real requests: `collectstatic`, then gunicorn with `cop.settings.production`
behind what the HTTPS proxy sends, and every page type asked for as a visitor's browser would.

`check --deploy` (tests/test_deploy.py) renders nothing: a template that works with the development
storage can still fail with the manifest storage of production. This test is the one that renders.
"""

import http.client
import re
import socket
import sqlite3
import subprocess
import sys
import time
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from wagtail.documents import get_document_model

from buonepratiche.models import BuonaPraticaPage, BuonePraticheIndexPage
from cop.models import AggiornamentiIndexPage, Zona
from eventi.models import EventiIndexPage, EventoPage
from forum.models import Discussione
from tests.test_deploy import BASE_DIR, environment_of_a_deployment, manage

# The demo content is written by this process and read by gunicorn's: it must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = "cop.example.org"


def database_for_the_server(tmp_path):
    """The URL of a database holding what this test wrote: a copy of the in-memory SQLite test
    database in a file, or the PostgreSQL test database itself."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = tmp_path / "cop.sqlite3"
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{path}"
    impostazioni = connection.settings_dict
    return (
        f"postgres://{impostazioni['USER']}:{impostazioni['PASSWORD']}@{impostazioni['HOST'] or '127.0.0.1'}:"
        f"{impostazioni['PORT'] or 5432}/{impostazioni['NAME']}"
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Proxy:
    """What the HTTPS proxy in front of gunicorn sends: the public host name and X-Forwarded-Proto."""

    def __init__(self, port):
        self.port = port

    def get(self, path, *, https=True):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": HOST, "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def follow(self, path):
        """GET, following redirects on the site itself; the list of (status, path) it went through."""
        steps = []
        for _ in range(5):
            status, headers, body = self.get(path)
            steps.append((status, path))
            if status not in (301, 302, 303, 307, 308):
                return steps, body
            location = urlsplit(urljoin(f"https://{HOST}{path}", headers["Location"]))
            assert location.scheme == "https", f"{path} redirects to {headers['Location']}"
            assert location.netloc == HOST, f"{path} redirects off the site: {headers['Location']}"
            path = location.path + (f"?{location.query}" if location.query else "")
        raise AssertionError(f"too many redirects: {steps}")


@pytest.fixture
def gunicorn(contenuti, tmp_path, settings):
    """`collectstatic` into a temporary STATIC_ROOT, then gunicorn on a free port; stopped at the end."""
    env = environment_of_a_deployment(tmp_path)
    env.pop("REDIS_URL")  # the cache of the process: nothing of this test is shared with other runs
    env["DATABASE_URL"] = database_for_the_server(tmp_path)
    env["STATIC_ROOT"] = str(tmp_path / "static")
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)  # where this process saved the demo's documents
    env["DJANGO_SETTINGS_MODULE"] = "cop.settings.production"

    collect = manage("collectstatic", "--noinput", "-v0", env=env, timeout=180)
    assert collect.returncode == 0, collect.stderr

    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [sys.executable, "-m", "gunicorn", "cop.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start in 60 s"
                time.sleep(0.2)
        yield Proxy(port)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    assert "Internal Server Error" not in (tmp_path / "gunicorn.log").read_text()


@pytest.fixture
def contenuti(settings):
    """The demo content, and a document with a file on disk (the demo's events have one too)."""
    call_command("seed_demo", verbosity=0)
    documento = get_document_model()(title="Relazione annuale")
    documento.file.save("relazione-annuale.txt", ContentFile(b"Relazione annuale della zona.\n"), save=True)
    return {"documento": documento}


def test_production_settings_serve_every_page_type_the_static_files_and_the_documents(contenuti, gunicorn):
    pratica = BuonaPraticaPage.objects.live().public().first()
    evento = EventoPage.objects.live().public().first()
    discussione = Discussione.objects.first()
    zona = Zona.objects.order_by("pk").first()
    pagine = {
        "home": "/",
        "biblioteca": BuonePraticheIndexPage.objects.live().get().url,
        "pratica": pratica.url,
        "eventi": EventiIndexPage.objects.live().get().url,
        "evento": evento.url,
        "forum": "/forum/",
        "discussione": discussione.get_absolute_url(),
        "ricerca": "/cerca/?q=budget",
        "suggerimenti": "/cerca/suggerimenti/?q=bud",
        "zone": "/zone/",
        "zona": zona.get_absolute_url(),
        "flusso": "/flusso/",
        "aggiornamenti": AggiornamentiIndexPage.objects.live().get().url,
        "api": "/api/",
        "api_pratiche": "/api/v1/pratiche/",
        "login": "/account/login/",
        "iscrizione": "/account/signup/",
    }
    for nome, path in pagine.items():
        status, headers, body = gunicorn.get(path)
        assert status == 200, f"{nome} {path}: {status}\n{body[:2000]!r}"
        # The Content-Security-Policy reaches visitors through production's middleware stack too.
        politica = [d.split() for d in headers.get("Content-Security-Policy", "").split(";")]
        assert ["script-src", "'self'"] in politica, nome

    # A page that does not exist: the site's 404 page, not a server error.
    status, _headers, body = gunicorn.get("/questa-pagina-non-esiste/")
    assert status == 404
    assert b"CoP Inclusione" in body

    # The admin: anonymous visitors end on a login page (over HTTPS, on the site itself).
    passi, body = gunicorn.follow("/admin/")
    assert passi[0][0] == 302
    assert passi[-1][0] == 200, passi
    assert 'name="password"' in body.decode()

    # Plain HTTP reaching the application (no X-Forwarded-Proto) is sent to HTTPS.
    status, headers, _body = gunicorn.get("/", https=False)
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/"

    # Static files: collected with hashed names (cache-busting) and served by WhiteNoise.
    _status, _headers, body = gunicorn.get("/")
    html = body.decode()
    fogli = re.findall(r'href="(/static/[^"]+\.css)"', html)
    script = re.findall(r'src="(/static/[^"]+\.js)"', html)
    assert fogli
    assert script
    for path in fogli + script:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", path), path
        status, headers, _ = gunicorn.get(path)
        assert status == 200, path
        assert "max-age=315360000" in headers.get("Cache-Control", ""), path

    # The fonts of the theme: declared by a stylesheet whose URLs point at collected files.
    font_css = next(path for path in fogli if "/fonts." in path)
    _status, _headers, css = gunicorn.get(font_css)
    font = re.findall(r'url\("([^"]+\.woff2)"\)', css.decode())
    assert font
    status, _headers, _ = gunicorn.get(urljoin(font_css, font[0]))
    assert status == 200, font[0]

    # Media: documents are served by the application, through Wagtail's view and its privacy checks.
    documento = contenuti["documento"]
    status, headers, body = gunicorn.get(documento.url)
    assert status == 200, documento.url
    assert body == b"Relazione annuale della zona.\n"

    # The media folder itself is the proxy's (images) or the object storage's: the application does
    # not serve it, so documents are read only through the view above, with its privacy checks.
    status, _headers, _body = gunicorn.get(f"/media/{documento.file.name}")
    assert status == 404
