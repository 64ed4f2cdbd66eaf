"""A real Elasticsearch node killed with SIGKILL (and stopped cleanly) while the site rebuilds the
index and users keep writing, or half-way through a batch of the outbox: the site answers every
request meanwhile (a 200 and an Italian notice on the search page), nothing is lost, and once the
node is back `search_index --check` finds the index equal to the database.

The node is the test's own (scripts/elasticsearch.sh with ELASTICSEARCH_VAR and a free port): killing
it must not take down the node other tests use. It needs Java 21+ and Maven, like the script."""

import contextlib
import io
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from search import outbox
from search.backends import get_backend, reset_backend
from search.models import Modifica
from search.outbox import applica_in_sospeso

from .fixtures_elasticsearch import punta_al_nodo
from .test_elasticsearch_interruzione import (  # noqa: F401, F811 (sito: the fixture)
    assert_check_clean,
    cambia_tutto,
    indicizza_tutto,
    sito,
    uguale_al_database,
)

pytestmark = pytest.mark.django_db

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "elasticsearch.sh"


def _java_21():
    return Path(os.environ.get("ES_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java").exists()


richiede_nodo = pytest.mark.skipif(
    not (_java_21() and shutil.which("mvn")),
    reason="serve Java 21+ (ES_JAVA_HOME) e Maven: avvia e uccide un nodo Elasticsearch (scripts/elasticsearch.sh)",
)


class Nodo:
    """A node of its own: `avvia()` through the script, `uccidi()` with SIGKILL, `ferma()` cleanly."""

    def __init__(self, cartella: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.porta = s.getsockname()[1]
        self.cartella = cartella
        self.env = {
            **os.environ,
            "ELASTICSEARCH_VAR": str(cartella),
            "ELASTICSEARCH_PORT": str(self.porta),
            # The distribution the script unpacked for the suite's node: this one only adds its own data.
            "ELASTICSEARCH_INSTALL": str(Path(settings.BASE_DIR) / "var" / "elasticsearch"),
        }
        self.url = f"http://127.0.0.1:{self.porta}"

    def _script(self, comando):
        return subprocess.run(  # noqa: S603 (our own script)
            [shutil.which("bash"), str(SCRIPT), comando], env=self.env, capture_output=True, text=True, timeout=300
        )

    def avvia(self):
        esito = self._script("start")
        assert esito.returncode == 0, esito.stderr

    def uccidi(self):
        pid = int((self.cartella / "run" / "elasticsearch.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def ferma(self):
        self._script("stop")


@pytest.fixture(scope="module")
def nodo():
    cartella = Path(settings.BASE_DIR) / "var" / f"es-guasti-{os.getpid()}"
    nodo = Nodo(cartella)
    nodo.avvia()
    yield nodo
    nodo.ferma()
    shutil.rmtree(cartella, ignore_errors=True)


def pagina_di_ricerca_risponde(client):
    pagina = client.get("/cerca/", {"q": "casa"})
    assert pagina.status_code == 200
    return pagina.content.decode()


def cerca_quando_risponde(client, parole, *, attesa=30):
    """The search page once the restarted node answers within the site's read timeout (2 s): on a busy
    machine its first queries may take longer, and the visitor gets the notice and tries again."""
    fine = time.monotonic() + attesa
    while True:
        pagina = client.get("/cerca/", {"q": parole}).content.decode()
        if "temporaneamente non disponibile" not in pagina or time.monotonic() > fine:
            return pagina
        time.sleep(0.5)


@richiede_nodo
@pytest.mark.parametrize("arresto", ["SIGKILL", "stop"])
def test_node_killed_mid_rebuild_while_users_write(
    nodo,
    arresto,
    es_settings,
    sito,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    nodo.avvia()  # running already, or again after a case that failed half-way
    punta_al_nodo(es_settings, nodo.url, monkeypatch)
    reset_backend()
    indicizza_tutto()

    # The node goes down 0.2 s into a rebuild. The rebuild runs in the test's own thread, on the test's
    # connection: on PostgreSQL another connection would wait for rows the test's transaction holds.
    arresta = threading.Timer(0.2, nodo.uccidi if arresto == "SIGKILL" else nodo.ferma)
    arresta.start()
    with contextlib.suppress(Exception):  # a rebuild cut short by the node going down: expected
        call_command("search_index", "--rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    arresta.join(120)
    assert not arresta.is_alive()

    # Users keep writing, the outbox batch fails, the search page says so in Italian.
    cambia_tutto(sito, django_capture_on_commit_callbacks)
    assert applica_in_sospeso().errore
    assert Modifica.objects.exists()
    assert "temporaneamente non disponibile" in pagina_di_ricerca_risponde(client)

    nodo.avvia()
    reset_backend()
    assert applica_in_sospeso().errore == ""
    assert Modifica.objects.count() == 0
    assert uguale_al_database() == (True, [])
    assert_check_clean()
    assert "Housing first a Prato" in cerca_quando_risponde(client, "housing")
    assert get_backend().conta() > 0


@richiede_nodo
def test_node_killed_mid_outbox_batch(
    nodo,
    es_settings,
    sito,  # noqa: F811
    client,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    nodo.avvia()
    punta_al_nodo(es_settings, nodo.url, monkeypatch)
    reset_backend()
    indicizza_tutto()
    cambia_tutto(sito, django_capture_on_commit_callbacks)
    in_sospeso = Modifica.objects.count()
    assert in_sospeso >= 6

    # The node is killed (SIGKILL; the rebuild test covers the clean stop too) right after the first
    # block of two records reached it: the batch is cut half-way, with records applied and records not sent.
    blocchi = []
    rinnova = outbox.rinnova_turno

    def dopo_un_blocco():
        rinnova()
        blocchi.append(1)
        if len(blocchi) == 1:
            nodo.uccidi()

    monkeypatch.setattr(outbox, "rinnova_turno", dopo_un_blocco)
    esito = applica_in_sospeso(blocco=2)
    assert len(blocchi) == 1 and esito.applicate == 2
    assert esito.errore
    assert Modifica.objects.count() == in_sospeso - 2  # the records not applied wait, none is lost
    assert "temporaneamente non disponibile" in pagina_di_ricerca_risponde(client)

    nodo.avvia()
    reset_backend()
    assert applica_in_sospeso(blocco=2).errore == ""
    assert Modifica.objects.count() == 0
    assert uguale_al_database() == (True, [])
    assert_check_clean()
    assert "Housing first a Prato" in cerca_quando_risponde(client, "housing")
