"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Site


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    riservati = {**settings.STORAGES["documenti_riservati"], "OPTIONS": {"location": tmp_path / "riservati"}}
    settings.STORAGES = {**settings.STORAGES, "documenti_riservati": riservati}


@pytest.fixture(autouse=True)
def _email_through_tasks(settings):
    """Django's test set-up swaps EMAIL_BACKEND for the in-memory one; put ours back so that every
    email goes through the task queue as in production. `run_tasks` delivers it to mail.outbox."""
    settings.EMAIL_BACKEND = "cop.mail.TaskEmailBackend"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps its rate limits in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def run_tasks(monkeypatch):
    """Run the real django-tasks database worker until the queue is empty (what `db_worker` does)."""
    from django_tasks_db.management.commands import db_worker

    # Between tasks the worker calls close_old_connections(). Inside a test's transaction autocommit
    # is off, so Django drops the connection and the test loses it ("the connection is closed" on
    # PostgreSQL; SQLite in memory never really closes). Django's test client disconnects the same
    # function from the request signals for the same reason.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda **kwargs: None)

    def run():
        call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*", verbosity=0)

    return run


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo content of `seed_demo` for the tests of a module.

    Each test runs inside it in a savepoint of its own (pytest-django's `db`), so what a test changes is
    undone before the next one. On the tests' in-memory SQLite the seeded database is built once and
    copied in by the next modules and runs (`contenuto_salvato`, cop/tests/sqlite_migrato); elsewhere it
    is seeded in a transaction opened around the module and rolled back at its end. For
    non-transactional tests only: a module using this fixture must not also hold a test that needs a
    database without the demo."""
    from cop.tests.sqlite_migrato.base import contenuto_salvato

    seed = lambda: call_command("seed_demo", verbosity=0)  # noqa: E731
    with django_db_blocker.unblock(), contenuto_salvato("demo", seed), transaction.atomic():
        yield
        transaction.set_rollback(True)


# --- Several processes for `make test` (pytest-xdist, see the Makefile) --------------------------------
# A transactional test (live server, browser, migrations) empties the database when it ends; Django and
# pytest-django therefore run them after all the others, and so must each process. The unit of work is a
# module (`--dist loadgroup --no-loadscope-reorder` keeps the queue in collection order and hands each
# process the next unit when it is free). pytest-django puts the transactional tests at the end of the
# collection, so a module that holds only transactional tests is queued after every plain one; a module
# that mixed both would run its transactional tests in the middle of the queue, and the plain tests a
# process runs after them would find an empty database. Such a module is refused at collection.
# (An `xdist_group` per module's transactional tests would lift the rule, but xdist 3.8 cannot give
# groups with pytest 9: it renames `item._nodeid`, which pytest 9 no longer reads.)


def _transazionale(item):
    marker = item.get_closest_marker("django_db")
    return (
        bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in item.fixturenames
        or "live_server" in item.fixturenames
    )


def pytest_collection_modifyitems(config, items):
    tipi = {}
    for item in items:
        tipi.setdefault(item.nodeid.split("::", 1)[0], set()).add(_transazionale(item))
    misti = sorted(modulo for modulo, insieme in tipi.items() if len(insieme) == 2)
    if misti:
        raise pytest.UsageError(
            "Questi moduli hanno test transazionali e test normali insieme: sposta i transazionali in un "
            "modulo a parte (vedi conftest.py): " + ", ".join(misti)
        )


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadGroupScheduling

    class PerModulo(LoadGroupScheduling):
        """Units of work: a module (its module-scoped fixtures, such as `demo`, built once), or a group."""

        def _split_scope(self, nodeid):
            if "@" in nodeid:
                return nodeid.rsplit("@", 1)[-1]
            return nodeid.split("::", 1)[0]

    return PerModulo(config, log)
