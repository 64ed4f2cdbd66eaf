"""Tests: the real task backend (database) and the real worker; emails land in django.core.mail.outbox."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
COP_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Each test picks its search engine (search/tests/conftest.py: the database by default, Elasticsearch
# through the fixtures). ELASTICSEARCH_URL in the environment names the cluster those fixtures use
# (search/tests/fixtures_elasticsearch.py), each test under an index prefix of its own: it must not also
# make Elasticsearch, under the shared default prefix, the engine of every other test.
ELASTICSEARCH_URL = ""

# SQLite: the migrated test database is built once and copied into each test process (see the module).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["ENGINE"] = "cop.tests.sqlite_migrato"  # noqa: F405
    # In memory, as with Django's own SQLite backend (pytest-django adds no per-process suffix to it).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
