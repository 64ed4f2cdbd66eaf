"""The issue's outage test: the search server stops mid-way, users keep publishing, editing,
hiding and deleting, every action completes at once, the changes wait in the outbox, the server
comes back, the task runs and the index ends identical to the database.

Two kinds of outage:
- the server is unreachable for a while and comes back with its data (what a restarted or
  partitioned Elasticsearch does): a TCP switch in front of the server refuses connections while
  "off"; afterwards the pending outbox records alone bring the index up to date;
- the process dies and a new, empty one starts on the same port (osmem keeps nothing): the records
  cannot be enough, `search_index --rebuild` reloads everything, then the records are applied.

"Identical" is checked twice: every public document's fingerprint equals the index's, and
`search_index --check` reports no difference.
"""

import contextlib
import io
import socket
import threading
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import OperatoreFactory, RedattoreFactory
from forum import services as forum
from forum.models import Messaggio
from forum.tests.factories import CategoriaFactory
from search import outbox
from search.backends import get_backend, reset_backend
from search.backends.base import impronta
from search.documents import tutti_i_documenti
from search.models import Modifica
from search.outbox import applica_in_sospeso

pytestmark = pytest.mark.django_db

AZIONE_MASSIMA = 2.0  # seconds: a user's action with the search server down


class Interruttore:
    """A TCP forwarder on a port of its own in front of the search server. `spegni()` closes it
    (connections refused, open ones cut: the server is down); `accendi()` opens the same port again
    in front of the same server, with its data."""

    def __init__(self, host, porta):
        self.destinazione = (host, porta)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.porta = s.getsockname()[1]
        self._aperte: list[socket.socket] = []
        self._ascolto = None
        self.accendi()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.porta}"

    def accendi(self):
        self._acceso = True
        self._ascolto = socket.create_server(("127.0.0.1", self.porta))  # SO_REUSEADDR on POSIX
        self._ascolto.settimeout(0.05)
        self._thread = threading.Thread(target=self._accetta, args=(self._ascolto,), daemon=True)
        self._thread.start()

    def spegni(self):
        self._acceso = False
        self._thread.join()
        self._ascolto.close()
        for s in list(self._aperte):
            self._chiudi(s)

    def _chiudi(self, s):
        with contextlib.suppress(OSError):
            s.shutdown(socket.SHUT_RDWR)
        s.close()

    def _accetta(self, ascolto):
        while self._acceso:
            try:
                cliente, _ = ascolto.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            cliente.settimeout(None)
            try:
                server = socket.create_connection(self.destinazione, timeout=5)
            except OSError:
                self._chiudi(cliente)
                continue
            server.settimeout(None)
            self._aperte += [cliente, server]
            for da, a in ((cliente, server), (server, cliente)):
                threading.Thread(target=self._travasa, args=(da, a), daemon=True).start()

    def _travasa(self, da, a):
        try:
            while dati := da.recv(65536):
                a.sendall(dati)
        except OSError:
            pass
        finally:
            for s in (da, a):
                if s in self._aperte:
                    self._aperte.remove(s)
                self._chiudi(s)


def uguale_al_database():
    """(index == database, what differs) by fingerprint of every public document."""
    attesi = {doc["id"]: impronta(doc) for doc in tutti_i_documenti()}
    nell_indice = get_backend().ids_e_impronte()
    diversi = {k for k in attesi.keys() | nell_indice.keys() if attesi.get(k) != nell_indice.get(k)}
    return not diversi, sorted(diversi)


class Sito:
    """Content and the user actions of the test, each through the code a user's request runs."""

    def __init__(self, home_page):
        self.indice = BuonePraticheIndexPageFactory(parent=home_page)
        self.membro = OperatoreFactory(username="membro", date_joined=timezone.now() - timedelta(days=2))
        self.redattore = RedattoreFactory(username="redattore", date_joined=timezone.now() - timedelta(days=30))
        self.categoria = CategoriaFactory(nome="Inclusione", slug="inclusione")
        self.pratiche = [BuonaPraticaPageFactory(parent=self.indice, title=f"Pratica sulla casa {i}") for i in range(4)]
        self.discussione = forum.crea_discussione(
            categoria=self.categoria, user=self.membro, titolo="Tavolo con gli ETS", testo="Come fate con la casa?"
        )

    def pubblica_nuova(self, titolo):
        pratica = BuonaPraticaPageFactory(parent=self.indice, title=titolo, live=False)  # the draft
        pratica.save_revision().publish()
        return pratica

    def modifica(self, pratica, titolo):
        pratica.title = titolo
        pratica.save_revision().publish()

    def ritira(self, pratica):
        pratica.unpublish()

    def elimina(self, pratica):
        pratica.delete()

    def rispondi(self, testo):
        # Past the forum's rate limits: this member writes several replies in a row.
        Messaggio.objects.filter(autore=self.membro).update(creato_il=timezone.now() - timedelta(hours=1))
        return forum.rispondi(discussione=self.discussione, user=self.membro, testo=testo)

    def nascondi(self, messaggio):
        forum.nascondi_messaggio(messaggio=messaggio, moderatore=self.redattore, motivo="fuori tema")


@pytest.fixture
def sito(home_page):
    return Sito(home_page)


def in_tempo(azione, *args, captured):
    """Run one user action with its on-commit work (the task enqueue) and time it.

    In production each request is its own transaction; here the whole test is one, so the enqueue
    that the outbox scheduled for an earlier action is still pending and would stand for this one
    (the outbox schedules one per transaction). Drop it: this action schedules its own."""
    connection.run_on_commit = [c for c in connection.run_on_commit if c[1] is not outbox._accoda]
    inizio = time.perf_counter()
    with captured(execute=True):
        risultato = azione(*args)
    durata = time.perf_counter() - inizio
    assert durata < AZIONE_MASSIMA, f"{azione.__name__} took {durata:.2f} s with the search server down"
    return risultato


def indicizza_tutto():
    """The starting point: everything created so far reaches the index through the outbox task."""
    assert applica_in_sospeso().errore == ""
    assert Modifica.objects.count() == 0
    assert uguale_al_database() == (True, [])


def cambia_tutto(sito, captured):
    """Changes of every kind while the server is unreachable."""
    nuova = in_tempo(sito.pubblica_nuova, "Nuovo sportello per la casa", captured=captured)
    in_tempo(sito.modifica, sito.pratiche[0], "Housing first a Prato", captured=captured)
    in_tempo(sito.ritira, sito.pratiche[1], captured=captured)
    in_tempo(sito.elimina, sito.pratiche[2], captured=captured)
    risposta = in_tempo(sito.rispondi, "Noi usiamo il budget di salute.", captured=captured)
    in_tempo(sito.rispondi, "Anche noi, con la casa.", captured=captured)
    in_tempo(sito.nascondi, risposta, captured=captured)
    return nuova


def test_server_unreachable_then_back_with_its_data(
    es_server, es_url, es_settings, sito, client, run_tasks, django_capture_on_commit_callbacks
):
    parti = urlsplit(es_url)
    interruttore = Interruttore(parti.hostname, parti.port)
    es_settings.ELASTICSEARCH_URL = interruttore.url
    reset_backend()
    try:
        indicizza_tutto()

        interruttore.spegni()
        cambia_tutto(sito, django_capture_on_commit_callbacks)
        in_attesa = Modifica.objects.count()
        assert in_attesa > 0

        # The worker runs the enqueued tasks: the engine is down, they end quickly, nothing is lost.
        inizio = time.perf_counter()
        run_tasks()
        assert time.perf_counter() - inizio < AZIONE_MASSIMA * 2
        assert Modifica.objects.count() == in_attesa
        assert "non raggiungibile" in Modifica.objects.first().ultimo_errore
        esito = applica_in_sospeso()
        assert esito.errore and esito.in_attesa == in_attesa
        # Meanwhile the search page answers at once, with a 200 and a notice.
        inizio = time.perf_counter()
        pagina = client.get("/cerca/", {"q": "casa"})
        assert time.perf_counter() - inizio < AZIONE_MASSIMA
        assert pagina.status_code == 200
        assert "temporaneamente non disponibile" in pagina.content.decode()

        interruttore.accendi()
        assert "Housing first" not in client.get("/cerca/", {"q": "housing"}).content.decode()
        # What the delayed retry (or the next change, or cron) does once the server is back.
        esito = applica_in_sospeso()
        assert esito.errore == ""
        assert Modifica.objects.count() == 0
        assert uguale_al_database() == (True, [])
        assert_check_clean()
        assert "Housing first a Prato" in client.get("/cerca/", {"q": "housing"}).content.decode()
    finally:
        interruttore.spegni()


def test_server_restarted_empty_on_the_same_port(es_server, es_settings, sito, django_capture_on_commit_callbacks):
    if es_server is None:
        pytest.skip("restarts the osmem process of the tests; an external cluster keeps its data")
    from osmem_server import OsmemServer

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        indirizzo = f"127.0.0.1:{s.getsockname()[1]}"
    server = OsmemServer.start(japanese=False, addr=indirizzo)
    es_settings.ELASTICSEARCH_URL = f"http://{indirizzo}"
    reset_backend()
    try:
        indicizza_tutto()

        server.close()  # the process is gone: connection refused
        cambia_tutto(sito, django_capture_on_commit_callbacks)
        assert applica_in_sospeso().errore
        assert Modifica.objects.exists()

        server = OsmemServer.start(japanese=False, addr=indirizzo)  # new and empty
        assert get_backend().conta() == 0
        call_command("search_index", "--rebuild", stdout=io.StringIO(), stderr=io.StringIO())
        assert applica_in_sospeso().errore == ""
        assert Modifica.objects.count() == 0
        assert uguale_al_database() == (True, [])
        assert_check_clean()
    finally:
        server.close()


def assert_check_clean():
    """`search_index --check` raises CommandError when the index and the database differ."""
    uscita = io.StringIO()
    call_command("search_index", "--check", stdout=uscita, stderr=uscita)
    assert "L'indice corrisponde al database." in uscita.getvalue()
