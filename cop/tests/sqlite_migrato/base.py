"""SQLite for the test suite (ENGINE in cop/settings/test.py): the migrated database is built once.

Running the 230 migrations of Wagtail, Django and the project takes 20-30 s in every test process.
The first process that runs them saves the result in `var/test-db/<key>.sqlite3`; the others, and the
next runs, copy that file into their in-memory database with SQLite's backup API (well under a second).
The key is a digest of every installed app's migration files and of the data files the migrations
read (`<app>/data/`): a new or changed migration builds the database again. Only the in-memory test
database is copied; a file or `--reuse-db` database is created as Django does.

The same copy is what a transactional test with `serialized_rollback=True` (the browser tests) starts
from: instead of Django's JSON of every row, written at set-up and read back row by row before each
such test, the saved database is copied in again.
"""

import hashlib
import os
import sqlite3
import tempfile
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.backends.sqlite3 import base, creation

CARTELLA = Path(settings.BASE_DIR) / "var" / "test-db"
MARCA = "sqlite-migrato"  # serialized contents that stand for the saved copy


def chiave():
    """Digest of what the migrated database is made of."""
    digest = hashlib.sha256()
    for app in apps.get_app_configs():
        digest.update(app.label.encode())
        for cartella in (Path(app.path) / "migrations", Path(app.path) / "data"):
            for file in sorted(cartella.rglob("*")) if cartella.is_dir() else ():
                if file.is_file() and file.suffix != ".pyc":
                    digest.update(str(file.relative_to(app.path)).encode())
                    digest.update(file.read_bytes())
    return digest.hexdigest()[:20]


class DatabaseCreation(creation.DatabaseCreation):
    copia = None  # the saved migrated database, once created or found

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        nome = self._get_test_db_name()
        if keepdb or not self.is_in_memory_db(nome):
            return super().create_test_db(verbosity, autoclobber, serialize, keepdb)
        copia = CARTELLA / f"{chiave()}.sqlite3"
        self.copia = copia
        if not copia.exists():
            nome = super().create_test_db(verbosity, autoclobber, serialize, keepdb)
            self._salva()
            return nome
        self._create_test_db(verbosity, autoclobber, keepdb)
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = nome
        self.connection.settings_dict["NAME"] = nome
        self.connection.ensure_connection()
        self._ripristina()
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        call_command("createcachetable", database=self.connection.alias)
        return nome

    def serialize_db_to_string(self):
        if self.copia is None:  # a database that is not copied: Django's JSON
            return super().serialize_db_to_string()
        # Django's JSON is kept too, for when the copy cannot be written (see `_ripristina`).
        self._json = super().serialize_db_to_string()
        return MARCA

    def deserialize_db_from_string(self, data):
        if data != MARCA:
            return super().deserialize_db_from_string(data)
        try:
            self._ripristina()
        except sqlite3.OperationalError:
            # "destination database is in use": the live server's thread still holds the connection
            # (a request of the previous browser test). The tables are empty (flushed): Django's way.
            super().deserialize_db_from_string(self._json)

    def _ripristina(self, *, tentativi=20):
        """The in-memory database becomes the saved copy: every table, row and sequence."""
        self.connection.ensure_connection()
        sorgente = sqlite3.connect(f"file:{self.copia}?mode=ro", uri=True)
        try:
            for tentativo in range(tentativi):
                try:
                    sorgente.backup(self.connection.connection)
                    return
                except sqlite3.OperationalError:
                    if tentativo == tentativi - 1:
                        raise
                    time.sleep(0.05)
        finally:
            sorgente.close()

    def _salva(self):
        """Write the copy under another name, then rename it: another process may be doing the same."""
        CARTELLA.mkdir(parents=True, exist_ok=True)
        for vecchia in CARTELLA.glob("*.sqlite3"):
            if vecchia != self.copia:
                vecchia.unlink(missing_ok=True)
        descrittore, provvisoria = tempfile.mkstemp(dir=CARTELLA, suffix=".tmp")
        os.close(descrittore)
        destinazione = sqlite3.connect(provvisoria)
        try:
            self.connection.connection.backup(destinazione)
        finally:
            destinazione.close()
        os.replace(provvisoria, self.copia)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
