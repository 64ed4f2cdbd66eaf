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
import shutil
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection, transaction
from django.db.backends.sqlite3 import base, creation
from django.utils import timezone

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


# The project's own files that content built by its code depends on (not what git ignores).
SORGENTI = {".py", ".html", ".txt", ".json", ".csv", ".yml", ".yaml", ".vtt"}
NON_SORGENTI = {".venv", "node_modules", "var", "media", "staticfiles", "static", ".git", "__pycache__"}


def chiave_del_contenuto():
    """Digest of the migrated database, the project's code and data, the versions and today's date."""
    digest = hashlib.sha256(f"{chiave()} {django.__version__} {wagtail.__version__} {timezone.localdate()}".encode())
    base_dir = Path(settings.BASE_DIR)
    for radice, cartelle, file in os.walk(base_dir):
        cartelle[:] = sorted(c for c in cartelle if c not in NON_SORGENTI)
        for nome in sorted(file):
            percorso = Path(radice, nome)
            if percorso.suffix in SORGENTI:
                digest.update(str(percorso.relative_to(base_dir)).encode())
                digest.update(percorso.read_bytes())
    return digest.hexdigest()[:20]


def _cartelle_dei_file():
    """Where the site's file storages write (MEDIA_ROOT, the groups' documents): alias -> folder."""
    cartelle = {}
    for alias in settings.STORAGES:
        posizione = getattr(storages[alias], "location", None)
        if isinstance(posizione, str | Path):
            cartelle[alias] = Path(posizione)
    return cartelle


def _elenco_file(cartelle):
    return {
        (alias, file.relative_to(cartella))
        for alias, cartella in cartelle.items()
        if cartella.is_dir()
        for file in cartella.rglob("*")
        if file.is_file()
    }


@contextmanager
def contenuto_salvato(nome, costruisci):
    """The database holds what `costruisci()` builds while the block runs, and no longer after it.

    On the in-memory SQLite of the tests the built database is saved once (with the files it wrote in
    the storages) and copied in the next times; after the block the migrated database is copied back.
    Elsewhere (PostgreSQL, a file database) it is built in a transaction rolled back after the block."""
    creazione = connection.creation
    if getattr(creazione, "copia", None) is None:
        with transaction.atomic():
            costruisci()
            yield
            transaction.set_rollback(True)
        return
    salvata = CARTELLA / f"{nome}-{chiave_del_contenuto()}.sqlite3"
    try:  # whatever happens (a build that fails half-way too), the next module finds the migrated database
        if salvata.exists():
            _copia_dentro(creazione, salvata)
        else:
            prima = _elenco_file(_cartelle_dei_file())
            costruisci()
            _salva_contenuto(creazione, salvata, nome, prima)
        yield
    finally:
        creazione._ripristina()


def _copia_dentro(creazione, salvata):
    """The saved database and the files it refers to, copied in."""
    creazione._ripristina(salvata)
    for alias, cartella in _cartelle_dei_file().items():
        if (salvata.with_suffix(".file") / alias).is_dir():
            shutil.copytree(salvata.with_suffix(".file") / alias, cartella, dirs_exist_ok=True)


def _salva_contenuto(creazione, salvata, nome, prima):
    """Save the built database, and the files written since `prima` (the storages' files before the build)."""
    cartelle = _cartelle_dei_file()
    file_salvati = salvata.with_suffix(".file")
    CARTELLA.mkdir(parents=True, exist_ok=True)
    provvisoria = Path(tempfile.mkdtemp(dir=CARTELLA, prefix=f"{nome}-"))
    for alias, relativo in sorted(_elenco_file(cartelle) - prima):
        (provvisoria / alias / relativo).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(cartelle[alias] / relativo, provvisoria / alias / relativo)
    shutil.rmtree(file_salvati, ignore_errors=True)
    try:
        os.replace(provvisoria, file_salvati)
    except OSError:  # another process saved the same files in the meantime
        shutil.rmtree(provvisoria, ignore_errors=True)
    creazione._salva(salvata, vecchie=f"{nome}-*.sqlite3")


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

    def _ripristina(self, copia=None, *, tentativi=20):
        """The in-memory database becomes the saved copy (the migrated one, or `copia`): every table,
        row and sequence."""
        self.connection.ensure_connection()
        sorgente = sqlite3.connect(f"file:{copia or self.copia}?mode=ro", uri=True)
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

    def _salva(self, copia=None, *, vecchie="[0-9a-f]" * 20 + ".sqlite3"):
        """Write the copy (the migrated database, or `copia`) under another name, then rename it: another
        process may be doing the same. Older copies of the same kind (`vecchie`) are removed."""
        copia = copia or self.copia
        CARTELLA.mkdir(parents=True, exist_ok=True)
        for vecchia in CARTELLA.glob(vecchie):
            if vecchia != copia:
                vecchia.unlink(missing_ok=True)
                shutil.rmtree(vecchia.with_suffix(".file"), ignore_errors=True)
        descrittore, provvisoria = tempfile.mkstemp(dir=CARTELLA, suffix=".tmp")
        os.close(descrittore)
        destinazione = sqlite3.connect(provvisoria)
        try:
            self.connection.connection.backup(destinazione)
        finally:
            destinazione.close()
        os.replace(provvisoria, copia)


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation
