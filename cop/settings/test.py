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
