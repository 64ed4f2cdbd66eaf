"""Fixtures of the search tests.

`search_backend` runs a test once per engine. Each engine has a fixture `_backend_<name>` that
points the settings at it (so that `get_backend()`, the outbox task and the commands use it too)
and returns it empty:

    _backend_database        here
    _backend_elasticsearch   search/tests/fixtures_elasticsearch.py (an osmem-server per test,
                             or the cluster of ELASTICSEARCH_URL)
"""

import importlib.util

import pytest

from search.backends import get_backend, reset_backend
from search.tests.fixtures_elasticsearch import (  # noqa: F401 - fixtures for every test module of the app
    MOTORI,
    _backend_elasticsearch,
    es_server,
    es_settings,
    es_url,
)


@pytest.fixture(autouse=True)
def _backend_nuovo():
    """Each test builds its engine from its own settings."""
    reset_backend()
    yield
    reset_backend()


@pytest.fixture
def _backend_database(settings, db):
    from search.backends.database import DatabaseBackend

    settings.ELASTICSEARCH_URL = ""
    backend = get_backend()
    assert isinstance(backend, DatabaseBackend)
    return backend


@pytest.fixture(params=MOTORI)
def search_backend(request, db):
    """The engine under test (empty), also what `get_backend()` returns during the test."""
    if request.param == "elasticsearch" and importlib.util.find_spec("search.backends.elasticsearch") is None:
        pytest.skip("Elasticsearch backend not installed")
    return request.getfixturevalue(f"_backend_{request.param}")


@pytest.fixture
def corpus(search_backend, home_page):
    """The content of search/tests/corpus.py, indexed by the engine under test (once per engine); a
    module whose tests only read it shares one (test_backend_suite.py), other modules have their own."""
    from .corpus import applica, crea_corpus

    c = crea_corpus(home_page)
    applica()
    c.backend = search_backend
    return c
