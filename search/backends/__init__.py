"""`get_backend()`: the search engine of the site, chosen by the settings.

Elasticsearch when ELASTICSEARCH_URL is set, the database otherwise. The instance is cached per
configuration, so a test that changes the settings (`settings.ELASTICSEARCH_URL = ...`) gets the
matching engine at its next call; `reset_backend()` drops the cache explicitly."""

from django.conf import settings

from .base import SearchBackend

# The settings a backend is built from: a change to any of them builds a new instance.
_IMPOSTAZIONI = (
    "ELASTICSEARCH_URL",
    "ELASTICSEARCH_INDEX_PREFIX",
    "ELASTICSEARCH_TIMEOUT",
    "ELASTICSEARCH_WRITE_TIMEOUT",
    "ELASTICSEARCH_REFRESH",
    "ELASTICSEARCH_COMPAT_JSON",
)

_cache: dict = {}


def _chiave():
    return tuple(getattr(settings, nome, None) for nome in _IMPOSTAZIONI)


def get_backend() -> SearchBackend:
    chiave = _chiave()
    backend = _cache.get(chiave)
    if backend is None:
        if settings.ELASTICSEARCH_URL:
            # Imported here: the Elasticsearch client is loaded only by sites that use it.
            from .elasticsearch import ElasticsearchBackend

            backend = ElasticsearchBackend()
        else:
            from .database import DatabaseBackend

            backend = DatabaseBackend()
        _cache.clear()
        _cache[chiave] = backend
    return backend


def reset_backend() -> None:
    _cache.clear()
