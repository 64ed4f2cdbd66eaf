"""Fixtures that give a test a real, empty search cluster.

By default an osmem-server (the in-memory OpenSearch-compatible server of the `osmem-server` wheel)
is started once per session on 127.0.0.1 and each test gets its own clone (a fresh, empty cluster on
its own port, made in milliseconds). With ELASTICSEARCH_URL in the environment the same tests run
against that cluster instead, each under its own index prefix, deleted afterwards.

osmem answers 406 to the versioned media type of the elasticsearch 9 client, so the backend is
built with ELASTICSEARCH_COMPAT_JSON on (see `PlainJsonNode`); against a real cluster the setting
comes from the environment as in production. osmem does not apply a custom analysis chain that
stems (a query whose every word is required matches documents holding any of them), so on osmem
``titolo`` and ``testo`` use the built-in ``italian`` analyzer, which osmem implements: the tests of
the real chain's own behaviour (acronyms that spell a stop word) need the real node
(`solo_nodo_reale`).

search/tests/conftest.py imports these names so that every test module of the app can use them.
"""

import os
import time
import uuid
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path

import pytest
from django.test import override_settings

CLUSTER_ESTERNO = os.environ.get("ELASTICSEARCH_URL", "")
MOTORI = ["database", "elasticsearch"]  # the engines every engine-independent test runs against


AVVIO_MASSIMO = 300  # seconds: fetching with Maven on a slow network included


def attendi_il_nodo():
    """scripts/con-elasticsearch.sh starts the node beside the suite and names, in ELASTICSEARCH_AVVIO,
    the folder where the start writes its exit code when it ends: wait for it (once per process),
    or fail with the start's own reason."""
    cartella = os.environ.get("ELASTICSEARCH_AVVIO")
    if not cartella:
        return
    esito, fine = Path(cartella) / "esito", time.monotonic() + AVVIO_MASSIMO
    while not esito.exists():
        if time.monotonic() > fine:
            pytest.fail(f"il nodo Elasticsearch di {CLUSTER_ESTERNO} non è pronto dopo {AVVIO_MASSIMO} s")
        time.sleep(0.2)
    codice = esito.read_text().strip()
    if codice != "0":
        motivo = (Path(cartella) / "stderr").read_text(errors="replace")[-2000:]
        pytest.fail(f"il nodo Elasticsearch non è partito (exit code {codice}):\n{motivo}")


@pytest.fixture(scope="session")
def es_server():
    """The session's osmem-server, or None when the tests run against ELASTICSEARCH_URL."""
    if CLUSTER_ESTERNO:
        attendi_il_nodo()
        yield None
        return
    from osmem_server import OsmemServer

    server = OsmemServer.start(japanese=False)
    yield server
    server.close()


@contextmanager
def cluster_di_prova(es_server):
    """URL of an empty cluster: a clone of the osmem server, or the cluster of ELASTICSEARCH_URL (where
    `cluster_vuoto` gives each user an index prefix of its own)."""
    if es_server is None:
        yield CLUSTER_ESTERNO
        return
    clone = es_server.clone()
    try:
        yield clone.url
    finally:
        clone.close()


@pytest.fixture
def es_url(es_server):
    """URL of an empty cluster for this test."""
    with cluster_di_prova(es_server) as url:
        yield url


def punta_al_nodo(es_settings, url, monkeypatch):
    """Point the site at a real node of the test's own, with the site's own mapping (not osmem's)."""
    from search.backends import elasticsearch as modulo

    es_settings.ELASTICSEARCH_URL = url
    es_settings.ELASTICSEARCH_COMPAT_JSON = False
    monkeypatch.setattr(modulo, "DocumentoIndice", modulo.DocumentoIndiceDelSito)


def solo_nodo_reale(backend):
    """For a test of the real analysis chain: an expected failure on the osmem fallback."""
    if backend.nome == "elasticsearch" and not CLUSTER_ESTERNO:
        pytest.xfail("osmem-server (il ripiego senza Java) non applica la catena di analisi italiana del sito")


@contextmanager
def cluster_vuoto(imposta, es_server, url, monkeypatch):
    """Point the site (get_backend, tasks, commands) at the empty cluster of `url`, under an index prefix
    of its own, through `imposta(name, value)`; the prefix's indices are deleted at the end."""
    from elasticsearch import dsl

    from search.backends import elasticsearch as modulo
    from search.backends.elasticsearch import ElasticsearchBackend

    if es_server is not None:

        class DocumentoIndiceOsmem(modulo.DocumentoIndice):
            titolo = dsl.Text(analyzer="italian", fields={"parole": dsl.Text(analyzer=modulo.analisi_parole)})
            testo = dsl.Text(analyzer="italian", fields={"parole": dsl.Text(analyzer=modulo.analisi_parole)})

        monkeypatch.setattr(modulo, "DocumentoIndice", DocumentoIndiceOsmem)

    prefisso = f"test-{uuid.uuid4().hex[:12]}"
    imposta("ELASTICSEARCH_URL", url)
    imposta("ELASTICSEARCH_INDEX_PREFIX", prefisso)
    imposta("ELASTICSEARCH_REFRESH", True)
    if es_server is not None:
        imposta("ELASTICSEARCH_COMPAT_JSON", True)
    yield
    if CLUSTER_ESTERNO:
        # The cluster and prefix of the set-up: a test may have pointed the settings elsewhere
        # (the outage test puts a TCP switch, by then closed, in front of the cluster).
        backend = ElasticsearchBackend(url, prefisso=prefisso)
        if indici := list(backend.indici()):  # by name: clusters refuse wildcard deletes
            backend.client.indices.delete(index=",".join(indici), ignore_unavailable=True)


@pytest.fixture
def es_settings(settings, es_server, es_url, monkeypatch):
    """Settings pointing the site (get_backend, tasks, commands) at the test's cluster."""
    with cluster_vuoto(partial(setattr, settings), es_server, es_url, monkeypatch):
        yield settings


@contextmanager
def motore_del_modulo(nome, es_server):
    """The engine `nome` ("database" or "elasticsearch", empty) as the settings' engine until the block
    ends: for content built once for the tests of a module that only read it."""
    from search.backends import get_backend, reset_backend

    valori = {}
    with ExitStack() as pila:
        if nome == "elasticsearch":
            url = pila.enter_context(cluster_di_prova(es_server))
            monkeypatch = pila.enter_context(pytest.MonkeyPatch.context())
            pila.enter_context(cluster_vuoto(valori.__setitem__, es_server, url, monkeypatch))
        else:
            valori["ELASTICSEARCH_URL"] = ""
        pila.enter_context(override_settings(**valori))
        reset_backend()
        pila.callback(reset_backend)
        yield get_backend()


@pytest.fixture
def _backend_elasticsearch(es_settings):
    """The Elasticsearch backend on an empty cluster, as `get_backend()` builds it from the settings."""
    from search.backends.elasticsearch import ElasticsearchBackend

    return ElasticsearchBackend()
