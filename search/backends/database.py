"""The embedded engine: the site search from the database, with no server to run.

Documents live in `search.DocumentoIndicizzato` (one row each) and `search.FacetDocumento` (one row
per zone and theme); the full text goes through Wagtail's database search backend (modelsearch:
SQLite FTS5, PostgreSQL full text with the "italian" configuration). What the full-text index
receives, and what the query is turned into, are the roots of `search.analisi.radici`: accents,
plurals and genders match alike on both databases. Synonyms are expanded at query time
(`search.synonyms.espandi`), each alternative a group of words that must all be present.
"""

from __future__ import annotations

import difflib
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from itertools import combinations, islice

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from modelsearch.conf import get_app_config
from modelsearch.query import Or, PlainText
from modelsearch.utils import get_content_type_pk

from ..analisi import STOP_WORDS, evidenzia, parole, piega, radici
from ..synonyms import espandi
from .base import (
    FACETS,
    Documento,
    Ricerca,
    Risultati,
    Risultato,
    SearchBackend,
    SearchUnavailable,
    impronta,
    parole_richieste,
)
from .istantanea import Istantanee, a_blocchi, nuova_generazione

logger = logging.getLogger(__name__)

BLOCCO = 1000
# Whether the search being answered is partial (`Ricerca.parziale`): read where the query's groups of
# words are built (`_gruppi`), set for the duration of `cerca`.
_PARZIALE = ContextVar("ricerca_parziale", default=False)
MASSIMO_GRUPPI = 60  # subsets of a long question in a partial search (10 words: 45)
DURATA_VOCABOLARIO = 300  # seconds the "did you mean" vocabulary is kept in memory


def _inserisci_righe(modello, campi: tuple[str, ...], righe: list[tuple]) -> None:
    """Insert `righe` (values ready for the database, in the order of `campi`) into `modello`'s
    table in one statement: executemany on SQLite, one INSERT from unnest() of one array per column
    on PostgreSQL. What bulk_create does without building a model instance per row."""
    if not righe:
        return
    colonne = [modello._meta.get_field(campo) for campo in campi]
    nomi = ", ".join(connection.ops.quote_name(c.column) for c in colonne)
    tabella = connection.ops.quote_name(modello._meta.db_table)
    with connection.cursor() as cursore:
        if connection.vendor == "postgresql":
            array = ", ".join(f"%s::{c.db_type(connection)}[]" for c in colonne)
            cursore.execute(
                f"INSERT INTO {tabella} ({nomi}) SELECT * FROM unnest({array})",  # noqa: S608
                [list(colonna) for colonna in zip(*righe, strict=True)],
            )
        else:
            segnaposti = ", ".join(["%s"] * len(colonne))
            cursore.executemany(f"INSERT INTO {tabella} ({nomi}) VALUES ({segnaposti})", righe)  # noqa: S608


class _NormeTitoli:
    """Sum and count of the title lengths of the index entries with a title (all models), carried
    across the batches of one write: the average that modelsearch's `_refresh_title_norms` reads
    with a scan of the whole table after each batch (see DatabaseBackend._voci_sqlite). Read from
    the database once, at the first batch (a write that only deletes reads nothing)."""

    def __init__(self, IndexEntry):
        self._tabella = connection.ops.quote_name(IndexEntry._meta.db_table)
        self.somma = self.conteggio = None

    def aggiungi(self, somma: int, conteggio: int) -> None:
        if self.somma is None:
            with connection.cursor() as cursore:
                cursore.execute(
                    f"SELECT coalesce(sum(length(title)), 0), count(*) FROM {self._tabella} WHERE length(title) > 0"  # noqa: S608
                )
                self.somma, self.conteggio = (int(v) for v in cursore.fetchone())
        self.somma += int(somma)
        self.conteggio += int(conteggio)

    def media_sqlite(self) -> float:
        # SQLite's AVG of integers: their (exact) sum as a double divided by the count.
        return self.somma / self.conteggio if self.conteggio else 1.0


class DatabaseBackend(SearchBackend):
    nome = "database"
    # Above this many matches, relevance puts title matches first (see _pagina_per_rilevanza).
    SOGLIA_RILEVANZA = 5000

    def __init__(self):
        self._istantanee = Istantanee()
        self._vocabolario = None
        self._vocabolario_scade = 0.0

    # --- the pieces ---------------------------------------------------------------------------

    @property
    def motore(self):
        """Wagtail's database search backend (the site's default one when it is a database one)."""
        from wagtail.search.backends import get_search_backend

        configurazione = getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default", {})
        if configurazione.get("BACKEND", "").endswith(".database"):
            return get_search_backend("default")
        return get_search_backend("wagtail.search.backends.database")

    @staticmethod
    def _modelli():
        from search.models import DocumentoIndicizzato, FacetDocumento

        return DocumentoIndicizzato, FacetDocumento

    @staticmethod
    def _testi():
        from search.models import TestoDocumento

        return TestoDocumento

    @staticmethod
    def _parole_documento():
        from search.models import ParolaDocumento

        return ParolaDocumento

    @staticmethod
    def _voci_indice():
        """The rows of the full-text index that belong to our documents."""
        from search.models import DocumentoIndicizzato

        IndexEntry = get_app_config().get_model("IndexEntry")
        return IndexEntry._default_manager.filter(content_type_id=get_content_type_pk(DocumentoIndicizzato))

    # --- writing ------------------------------------------------------------------------------

    def applica(self, *, aggiornati: Iterable[Documento], eliminati: Iterable[str]) -> None:
        aggiornati = list(aggiornati)
        eliminati = list(dict.fromkeys(eliminati))
        with transaction.atomic():
            voci = self._voci_di([d["id"] for d in aggiornati])
            self._elimina([d["id"] for d in aggiornati] + eliminati)
            norme = _NormeTitoli(self._voci_indice().model)
            for blocco in a_blocchi(aggiornati, BLOCCO):
                self._inserisci(blocco, norme, voci)
            nuova_generazione([d["id"] for d in aggiornati] + eliminati)
        self._vocabolario = None

    def _voci_di(self, ids: list[str] | None) -> dict[str, int]:
        """{document id: id of its index entry} of these documents (all with None). A document
        written again gets its entry back with the same id, its slot in the pictures of the
        documents (istantanea.py): the slots stay about as many as the documents, however many
        times they are rewritten (a new entry id at every write would widen every bitmap)."""
        voci = self._voci_indice()
        if ids is None:
            return dict(voci.values_list("object_id", "id").iterator(chunk_size=5000))
        return {
            object_id: id_
            for blocco in a_blocchi(ids, BLOCCO)
            for object_id, id_ in voci.filter(object_id__in=blocco).values_list("object_id", "id")
        }

    def _elimina(self, ids: list[str]) -> None:
        DocumentoIndicizzato, FacetDocumento = self._modelli()
        for blocco in a_blocchi(ids, BLOCCO):
            # Raw deletes: no signals, no collector (nothing else points at these rows).
            FacetDocumento.objects.filter(documento_id__in=blocco)._raw_delete(connection.alias)
            self._parole_documento().objects.filter(documento_id__in=blocco)._raw_delete(connection.alias)
            if not self._su_sqlite():
                voci = self._voci_indice().filter(object_id__in=blocco).values("id")
                self._testi().objects.filter(id__in=voci)._raw_delete(connection.alias)
            self._voci_indice().filter(object_id__in=blocco)._raw_delete(connection.alias)
            DocumentoIndicizzato.objects.filter(id__in=blocco)._raw_delete(connection.alias)

    def _inserisci(self, documenti: list[Documento], norme: _NormeTitoli, voci: dict[str, int]) -> None:
        """Write new documents (their ids deleted before, by `_elimina` or a rebuild): their rows,
        facets, title words and index entries (with the entry ids in `voci`, new ones for the
        others), one statement per table."""
        DocumentoIndicizzato, FacetDocumento = self._modelli()
        righe = [DocumentoIndicizzato(**doc, impronta=impronta(doc)) for doc in documenti]
        DocumentoIndicizzato.objects.bulk_create(righe)
        _inserisci_righe(
            FacetDocumento,
            ("documento", "campo", "valore"),
            [
                (doc["id"], campo, valore)
                for doc in documenti
                for campo, valori in (("zona", doc["zone"]), ("tema", doc["temi"]))
                for valore in valori
            ],
        )
        ParolaDocumento = self._parole_documento()
        campo_data = ParolaDocumento._meta.get_field("data")
        parole_documenti = []
        for doc in documenti:
            data = campo_data.get_db_prep_save(doc["data"], connection)
            # The phrases a document offers while typing (its title, by default); none for a reply,
            # whose title is its topic's: the topic is suggested, with its own address.
            parole_documenti.extend(
                (doc["id"], parola[:100], data) for parola in dict.fromkeys(parole(" ".join(doc["suggerimenti"])))
            )
        _inserisci_righe(ParolaDocumento, ("documento", "parola", "data"), parole_documenti)
        if self._su_sqlite():
            self._voci_sqlite(righe, norme, voci)
        else:
            self._voci_postgres(righe, norme, voci)
            self._scrivi_testi_postgres([doc["id"] for doc in documenti])

    # The index entries are what Wagtail's database backend (modelsearch) writes for these rows:
    # title the roots of the title, body the roots of the text (the search fields of
    # DocumentoIndicizzato), no autocomplete, and title_norm = average title length / this title's
    # length, the average over the entries with a title once the batch is in (modelsearch's
    # `_refresh_title_norms` after each batch). modelsearch computes that average with a scan of
    # every entry and then rewrites the entries whose norm is still 1.0, after each batch: at
    # 100,000 documents two scans of up to 100,000 rows per batch of 1,000 and every new row
    # written twice (on SQLite the update trigger rewrites its FTS5 row, on PostgreSQL the update
    # adds the row's GIN entries again). Here the sum and the count of title lengths are read once
    # per write and carried from batch to batch, and each row goes in with its norm. The one
    # difference: modelsearch's update also catches an older entry whose norm came out exactly
    # 1.0 (its title exactly as long as the average of then) and gives it the new average; here
    # it keeps its 1.0. The entries are otherwise the same, norms to the last bit (test:
    # test_index_entries_are_the_ones_wagtail_writes_so_relevance_is_unchanged).

    def _voci_sqlite(self, righe, norme: _NormeTitoli, voci: dict[str, int]) -> None:
        """SQLite: the entries inserted with their title_norm (the FTS5 rows follow by trigger).
        A text's length in SQLite is its number of characters, as len() in Python."""
        DocumentoIndicizzato, _f = self._modelli()
        tipo = get_content_type_pk(DocumentoIndicizzato)
        titoli = [riga.title for riga in righe]
        norme.aggiungi(sum(map(len, titoli)), sum(1 for t in titoli if t))
        media = norme.media_sqlite()
        ie = self._voci_indice().model._meta.db_table
        with connection.cursor() as cursore:
            cursore.executemany(
                # A NULL id is a new one (AUTOINCREMENT).
                f'INSERT INTO "{ie}" (id, content_type_id, object_id, title, autocomplete, body, title_norm) '  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (voci.get(riga.id), tipo, riga.id, titolo, "", riga.corpo, media / len(titolo) if titolo else 1.0)
                    for riga, titolo in zip(righe, titoli, strict=True)
                ],
            )

    def _voci_postgres(self, righe, norme: _NormeTitoli, voci: dict[str, int]) -> None:
        """PostgreSQL: the entries as modelsearch's insert makes them (the tsvectors of the two
        texts with the search fields' weights and the backend's configuration, an empty
        autocomplete, the plain texts for fuzzy search), in one INSERT from arrays. A tsvector's
        length is its number of lexemes: the titles' lengths are asked first, so that title_norm
        goes in with the row. The average is AVG's numeric division, which Django turns into a
        float, and modelsearch's update sends that float back as a literal, which PostgreSQL reads
        as numeric: the norm is numeric(repr(average)) / length, the same to the last bit."""
        from modelsearch.backends.database.postgres.weights import get_weight
        from modelsearch.index import SearchField

        DocumentoIndicizzato, _f = self._modelli()
        pesi = {
            c.field_name: get_weight(c.boost)
            for c in DocumentoIndicizzato.get_search_fields()
            if isinstance(c, SearchField)
        }
        configurazione = self.motore.config
        titoli = [riga.title.strip() for riga in righe]
        corpi = [riga.corpo.strip() for riga in righe]
        ie = connection.ops.quote_name(self._voci_indice().model._meta.db_table)
        with connection.cursor() as cursore:
            cursore.execute(
                "SELECT length(to_tsvector(%s::regconfig, t)) "
                "FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, n) ORDER BY n",
                [configurazione, titoli],
            )
            lunghezze = [riga[0] for riga in cursore.fetchall()]
            norme.aggiungi(sum(lunghezze), sum(1 for n in lunghezze if n))
            media = 1.0
            if norme.conteggio:
                cursore.execute("SELECT %s::int8::numeric / %s::int8::numeric", [norme.somma, norme.conteggio])
                media = float(cursore.fetchone()[0])
            cursore.execute(
                f"INSERT INTO {ie} "  # noqa: S608
                "(id, content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
                "SELECT coalesce(i, nextval(pg_get_serial_sequence(%s, 'id'))), "  # a NULL id is a new one
                "%s, o, setweight(to_tsvector(%s::regconfig, t), %s), ''::tsvector, "
                "setweight(to_tsvector(%s::regconfig, b), %s), "
                "CASE WHEN k > 0 THEN %s::numeric / k ELSE 1.0 END, t, b "
                "FROM unnest(%s::int[], %s::text[], %s::text[], %s::text[], %s::int[]) AS x(i, o, t, b, k)",
                [
                    ie,
                    get_content_type_pk(DocumentoIndicizzato),
                    configurazione,
                    pesi["title"],
                    configurazione,
                    pesi["corpo"],
                    repr(media),
                    [voci.get(riga.id) for riga in righe],
                    [riga.id for riga in righe],
                    titoli,
                    corpi,
                    lunghezze,
                ],
            )

    def _scrivi_testi_postgres(self, ids: list[str]) -> None:
        """The compact tsvectors of these documents' index entries (see `search.TestoDocumento`)."""
        DocumentoIndicizzato, _f = self._modelli()
        ie = get_app_config().get_model("IndexEntry")._meta.db_table
        with connection.cursor() as cursore:
            cursore.execute(
                f'INSERT INTO "{self._testi()._meta.db_table}" (id, testo) '  # noqa: S608
                f'SELECT id, strip(title || body) FROM "{ie}" WHERE content_type_id = %s AND object_id = ANY(%s) '
                "ON CONFLICT (id) DO UPDATE SET testo = EXCLUDED.testo",
                [get_content_type_pk(DocumentoIndicizzato), ids],
            )

    def ricostruisci(self, documenti: Iterator[Documento], *, totale: int, avanzamento: Callable[[int], None]) -> None:
        """One transaction: searches keep reading the old rows until it commits, then see the new
        ones all at once (on SQLite, other writers wait for it: WAL lets readers through)."""
        DocumentoIndicizzato, FacetDocumento = self._modelli()
        with transaction.atomic():
            voci = self._voci_di(None)
            FacetDocumento.objects.all()._raw_delete(connection.alias)
            self._parole_documento().objects.all()._raw_delete(connection.alias)
            self._testi().objects.all()._raw_delete(connection.alias)
            self._voci_indice()._raw_delete(connection.alias)
            DocumentoIndicizzato.objects.all()._raw_delete(connection.alias)
            norme = _NormeTitoli(self._voci_indice().model)
            for blocco in a_blocchi(documenti, BLOCCO):
                self._inserisci(blocco, norme, voci)
                avanzamento(len(blocco))
            nuova_generazione()
        self._vocabolario = None

    # --- reading ------------------------------------------------------------------------------

    def ids_e_impronte(self) -> dict[str, str]:
        DocumentoIndicizzato, _f = self._modelli()
        return dict(DocumentoIndicizzato.objects.values_list("id", "impronta").iterator(chunk_size=5000))

    def conta(self) -> int:
        DocumentoIndicizzato, _f = self._modelli()
        return DocumentoIndicizzato.objects.count()

    @staticmethod
    def _gruppi(q: str) -> list[list[str]]:
        """One group of roots per synonym alternative of `q` (all words of a group required). In a
        partial search (`_PARZIALE`), a group of n words becomes its subsets of
        `parole_richieste(n)` words: "most of the words" as ORs of ANDs, on both databases."""
        gruppi = []
        for frase in espandi(q):
            termini = list(dict.fromkeys(radici(frase)))
            if _PARZIALE.get() and len(termini) > 1:
                # Lazily and at most MASSIMO_GRUPPI: 40 words of 200 characters have ~10^9 subsets of 30.
                scelte = combinations(termini, parole_richieste(len(termini)))
                sottoinsiemi = [list(c) for c in islice(scelte, MASSIMO_GRUPPI)]
            else:
                sottoinsiemi = [termini]
            for gruppo in sottoinsiemi:
                if gruppo and gruppo not in gruppi:
                    gruppi.append(gruppo)
        return gruppi

    @classmethod
    def _query(cls, q: str):
        """The full-text query of `q` (the groups in OR) and its roots; None when `q` has no
        searchable word."""
        gruppi = cls._gruppi(q)
        if not gruppi:
            return None, set()
        sottoquery = [PlainText(" ".join(g), operator="and") for g in gruppi]
        termini = {t for g in gruppi for t in g}
        return (sottoquery[0] if len(sottoquery) == 1 else Or(sottoquery)), termini

    # SQLite: Wagtail's query joins the FTS5 table from the index entries of the content type, one
    # FTS lookup per entry (seconds at 100,000 documents). Ours reads the FTS5 table alone: its
    # rowid is the index entry's id, which the picture of the documents (istantanea.py) maps to a
    # document (other models' entries map to nothing and are skipped). bm25 weights the title
    # three times the body.

    @staticmethod
    def _su_sqlite():
        return connection.vendor == "sqlite"

    @classmethod
    def _match_sqlite(cls, q: str, colonne: str = "{title body}") -> str | None:
        gruppi = cls._gruppi(q)
        if not gruppi:
            return None
        # Roots are \w+ only: nothing to escape inside the quotes.
        alternative = " OR ".join("(" + " AND ".join(f'"{t}"' for t in g) + ")" for g in gruppi)
        return f"{colonne} : ({alternative})"

    @staticmethod
    def _tabelle_fts():
        app = get_app_config()
        return app.get_model("SQLiteFTSIndexEntry"), app.get_model("IndexEntry")

    # A search asks SQL only for the full-text keys of its matches (one statement, the keys joined
    # in one string) and, sorted by relevance, for the best of them (one more): the total, the
    # facets and the date order come from the picture of the documents in memory, whatever the
    # number of matches.

    def _corrispondenze(self, q: str) -> list | None:
        """Full-text keys of what matches `q` (other models' entries included on SQLite); None
        when `q` has no searchable word."""
        if self._su_sqlite():
            match = self._match_sqlite(q)
            if match is None:
                return None
            fts, _ie = self._tabelle_fts()
            tabella = fts._meta.db_table
            sql, parametri = f'SELECT group_concat(rowid) FROM "{tabella}" WHERE "{tabella}" MATCH %s', [match]  # noqa: S608
        else:
            tsquery, parametri = self._tsquery_postgres(q)
            if tsquery is None:
                return None
            sql = (
                f"SELECT string_agg(t.id::text, ',') FROM \"{self._testi()._meta.db_table}\" t "  # noqa: S608
                f"WHERE t.testo @@ ({tsquery})"
            )
        with connection.cursor() as cursore:
            cursore.execute(sql, parametri)
            chiavi = cursore.fetchone()[0]
        return list(map(int, chiavi.split(","))) if chiavi else []

    def _migliori(self, q: str, quanti: int, *, solo_titolo: bool = False) -> list:
        """Full-text keys of the `quanti` best matches of `q`, best first (ties: newest key);
        with `solo_titolo`, of the matches in the title only."""
        if self._su_sqlite():
            fts, _ie = self._tabelle_fts()
            tabella = fts._meta.db_table
            sql = (
                f'SELECT rowid FROM "{tabella}" WHERE "{tabella}" MATCH %s '  # noqa: S608
                f'ORDER BY bm25("{tabella}", 1.0, 1.0, 3.0), rowid DESC LIMIT %s'
            )
            parametri = [self._match_sqlite(q, "{title}" if solo_titolo else "{title body}"), quanti]
        else:
            sql, parametri = self._migliori_postgres(q, quanti, solo_titolo=solo_titolo)
        with connection.cursor() as cursore:
            cursore.execute(sql, parametri)
            return [riga[0] for riga in cursore.fetchall()]

    # PostgreSQL: matching `title || body` of modelsearch's index entries reads every body's
    # tsvector back from TOAST (about 2 s at 100,000 documents for a common word). Matches are
    # found instead in `search.TestoDocumento`: one stripped tsvector (lexemes only) per index
    # entry of our documents, GIN-indexed, keyed by the entry's id. Ranking reads the entries'
    # weighted tsvectors of the matches only, as Wagtail's rank does (title times its norm, plus
    # body, with Wagtail's weights); the title alone has its own GIN index.

    def _tsquery_postgres(self, q: str) -> tuple[str | None, list]:
        """The tsquery of `q` (SQL and parameters): one plainto_tsquery per synonym alternative,
        in OR, with the configuration and the roots of Wagtail's query; None without words."""
        gruppi = self._gruppi(q)
        if not gruppi:
            return None, []
        configurazione = getattr(self.motore, "config", None) or "simple"
        tsquery = " || ".join(["plainto_tsquery(%s::regconfig, %s)"] * len(gruppi))
        return tsquery, [v for g in gruppi for v in (configurazione, " ".join(g))]

    def _migliori_postgres(self, q: str, quanti: int, *, solo_titolo: bool) -> tuple[str, list]:
        """SQL of the index entry ids of the `quanti` best matches of `q` (ties: newest entry);
        with `solo_titolo`, of the matches in the title (its GIN index on the entries)."""
        from modelsearch.backends.database.postgres.weights import get_sql_weights

        DocumentoIndicizzato, _f = self._modelli()
        ie = get_app_config().get_model("IndexEntry")._meta.db_table
        tsquery, parametri = self._tsquery_postgres(q)
        if solo_titolo:
            sql = (
                f'SELECT ie.id FROM "{ie}" ie, (SELECT {tsquery} AS q) t '  # noqa: S608
                "WHERE ie.content_type_id = %s AND ie.title @@ t.q "
                "ORDER BY ts_rank(ie.title, t.q) DESC, ie.id DESC LIMIT %s"
            )
            return sql, [*parametri, get_content_type_pk(DocumentoIndicizzato), quanti]
        sql = (
            f'SELECT ie.id FROM "{self._testi()._meta.db_table}" m JOIN "{ie}" ie ON ie.id = m.id, '  # noqa: S608
            f"(SELECT {tsquery} AS q, %s::float4[] AS pesi) t WHERE m.testo @@ t.q "
            "ORDER BY ts_rank(t.pesi, ie.title, t.q) * ie.title_norm + ts_rank(t.pesi, ie.body, t.q) DESC, "
            "ie.id DESC LIMIT %s"
        )
        return sql, [*parametri, get_sql_weights(), quanti]

    def _migliori_in(self, q, istantanea, insieme, serve, *, quota, escluse=frozenset(), solo_titolo=False):
        """Positions of the `serve` best matches of `q` that are in `insieme` and not `escluse`
        (fewer when there are no more). The best keys are read in a batch large enough to hold
        them once the rest is taken out (`quota`: how many keys per position kept, estimated
        from the counts), four times larger again if it was not."""
        quanti = int((serve + len(escluse)) * quota * 1.25) + 10
        while True:
            posizioni = []
            migliori = self._migliori(q, quanti, solo_titolo=solo_titolo)
            for chiave in migliori:
                p = istantanea.slot(chiave)
                if p is not None and p not in escluse and istantanea.contiene(insieme, p):
                    posizioni.append(p)
                    if len(posizioni) == serve:
                        return posizioni
            if len(migliori) < quanti:  # every match was read
                return posizioni
            quanti *= 4

    def _pagina_per_rilevanza(self, q, istantanea, insieme, *, trovate, totale, inizio, quante):
        """Positions of one page of `insieme` (the matches with the filters) by relevance.

        Ranking costs in proportion to the matches (bm25 ~100 ms for 90,000 on SQLite; ts_rank
        reads every matched body's tsvector on PostgreSQL), so when a query
        matches more than SOGLIA_RILEVANZA documents (a common word over a large index), the
        documents with the words in their title come first, then the others, each group by rank:
        the title weighs three times the body anyway, and the first pages need only the (few)
        title matches ranked. Same order on every page of the same search."""
        if not totale or inizio >= totale:
            return []
        serve = min(inizio + quante, totale)
        quota = trovate / totale
        if trovate <= self.SOGLIA_RILEVANZA:
            return self._migliori_in(q, istantanea, insieme, serve, quota=quota)[inizio:]
        nel_titolo = self._migliori_in(q, istantanea, insieme, serve, quota=quota, solo_titolo=True)
        if len(nel_titolo) < serve:  # every title match in `insieme` is there: the others follow
            nel_titolo += self._migliori_in(
                q, istantanea, insieme, serve - len(nel_titolo), quota=quota, escluse=frozenset(nel_titolo)
            )
        return nel_titolo[inizio:]

    def _cerca(self, ricerca: Ricerca) -> Risultati:
        DocumentoIndicizzato, _f = self._modelli()
        istantanea = self._istantanee.corrente()
        q = ricerca.q.strip()
        inizio = max(ricerca.pagina - 1, 0) * ricerca.per_pagina
        trovate = 0
        if q:
            chiavi = self._corrispondenze(q)
            trovate = len(chiavi or ())
            corrispondenze = istantanea.di_chiavi(chiavi) if chiavi else 0
        else:
            corrispondenze = istantanea.tutti
        valori_validata = () if ricerca.validata is None else ("true" if ricerca.validata else "false",)
        scelti = {
            "tipo": ricerca.tipo,
            "zona": ricerca.zona,
            "tema": ricerca.tema,
            "anno": [str(a) for a in ricerca.anno],
            "validata": valori_validata,
        }
        filtri = {campo: istantanea.filtro(campo, valori) for campo, valori in scelti.items() if valori}

        def con_filtri(tranne=None):
            insieme = corrispondenze
            for campo, bits in filtri.items():
                if campo != tranne:
                    insieme &= bits
            return insieme

        insieme = con_filtri()
        totale = insieme.bit_count()
        conteggi = {campo: istantanea.conteggi(campo, con_filtri(tranne=campo)) for campo in FACETS}
        if q and ricerca.ordina != "data":
            posizioni = self._pagina_per_rilevanza(
                q, istantanea, insieme, trovate=trovate, totale=totale, inizio=inizio, quante=ricerca.per_pagina
            )
        else:
            posizioni = istantanea.per_data_in(insieme, inizio=inizio, quante=ricerca.per_pagina)
        ordine = [istantanea.ids[p] for p in posizioni]
        per_id = DocumentoIndicizzato.objects.in_bulk(ordine) if ordine else {}
        righe = [per_id[i] for i in ordine if i in per_id]
        _query, termini = self._query(q) if q else (None, set())
        risultati = [
            Risultato(
                id=r.id,
                tipo=r.tipo,
                titolo=r.titolo,
                url=r.url,
                data=r.data,
                zone=list(r.zone),
                temi=list(r.temi),
                validata=r.validata,
                estratto=evidenzia(r.testo, termini, ripiego=r.sommario),
            )
            for r in righe
        ]
        alternative = self._alternative(q) if q and not totale else []
        facets = {
            facet: sorted(conteggi[facet].items(), key=lambda coppia: (-coppia[1], coppia[0])) for facet in FACETS
        }
        return Risultati(risultati=risultati, totale=totale, facets=facets, alternative=alternative)

    def cerca(self, ricerca: Ricerca) -> Risultati:
        token = _PARZIALE.set(ricerca.parziale)
        try:
            return self._cerca(ricerca)
        except DatabaseError as exc:
            logger.exception("Ricerca nel database non riuscita")
            raise SearchUnavailable(str(exc)) from exc
        finally:
            _PARZIALE.reset(token)

    def suggerisci(self, prefisso: str, *, limite: int = 8) -> list[dict]:
        """The newest documents whose title (or suggestion phrases) holds every word typed, the
        last one as a prefix: one range read of `ParolaDocumento` (see there), then their rows."""
        DocumentoIndicizzato, _f = self._modelli()
        ParolaDocumento = self._parole_documento()
        parole_prefisso = parole(prefisso)
        if not parole_prefisso:
            return []
        *intere, ultima = parole_prefisso
        if self._su_sqlite():
            # Binary collation: every word starting with `ultima` sorts before `ultima` + U+10FFFF.
            candidate = ParolaDocumento.objects.filter(parola__gte=ultima, parola__lt=ultima + "\U0010ffff")
        else:
            candidate = ParolaDocumento.objects.filter(parola__startswith=ultima)
        for parola in dict.fromkeys(intere):
            candidate = candidate.filter(
                documento_id__in=ParolaDocumento.objects.filter(parola=parola).values("documento_id")
            )
        try:
            ordine = list(
                dict.fromkeys(
                    candidate.order_by("-data", "-documento_id").values_list("documento_id", flat=True)[: limite * 4]
                )
            )[: limite * 2]
            per_id = DocumentoIndicizzato.objects.only("id", "tipo", "titolo", "url", "suggerimenti").in_bulk(ordine)
        except DatabaseError as exc:
            logger.exception("Suggerimenti dal database non riusciti")
            raise SearchUnavailable(str(exc)) from exc
        voci, visti = [], set()
        for riga in (per_id[i] for i in ordine if i in per_id):
            testo = self._frase_suggerita(riga.suggerimenti or [riga.titolo], parole_prefisso)
            if testo.lower() in visti:
                continue
            visti.add(testo.lower())
            voci.append({"testo": testo, "url": riga.url, "tipo": riga.tipo, "id": riga.id})
            if len(voci) == limite:
                break
        return voci

    @staticmethod
    def _frase_suggerita(frasi: list[str], parole_prefisso: list[str]) -> str:
        """The first phrase that holds every word typed (the last one as a prefix)."""
        *intere, ultima = parole_prefisso
        for frase in frasi:
            sue = parole(frase)
            if all(p in sue for p in intere) and any(s.startswith(ultima) for s in sue):
                return frase
        return frasi[0]

    # --- "did you mean" -----------------------------------------------------------------------

    def _parole_note(self) -> dict[int, dict[str, str]]:
        """{length: {folded word: how it is usually written}} from the titles and suggestions,
        kept in memory for DURATA_VOCABOLARIO seconds (dropped by this process's writes)."""
        if self._vocabolario is None or time.monotonic() > self._vocabolario_scade:
            DocumentoIndicizzato, _f = self._modelli()
            forme = defaultdict(Counter)
            for titolo, suggerimenti in DocumentoIndicizzato.objects.values_list("titolo", "suggerimenti").iterator(
                chunk_size=5000
            ):
                for testo in (titolo, *suggerimenti):
                    for parola in testo.split():
                        parola = parola.strip(".,;:!?()[]«»\"'")
                        piegata = piega(parola)
                        if len(piegata) > 3 and piegata.isalpha() and piegata not in STOP_WORDS:
                            forme[piegata][parola.lower()] += 1
            per_lunghezza = defaultdict(dict)
            for piegata, varianti in forme.items():
                per_lunghezza[len(piegata)][piegata] = varianti.most_common(1)[0][0]
            self._vocabolario = dict(per_lunghezza)
            self._vocabolario_scade = time.monotonic() + DURATA_VOCABOLARIO
        return self._vocabolario

    def _alternative(self, q: str, quante: int = 3) -> list[str]:
        """Spellings close to the words of `q` that the documents use ("poverta educativ" ->
        "povertà educativa"): each unknown word replaced by its closest known words."""
        vocabolario = self._parole_note()
        noti = {p: v for gruppo in vocabolario.values() for p, v in gruppo.items()}
        scelte = []
        cambiata = False
        for parola in q.split():
            piegata = piega(parola.strip(".,;:!?()[]«»\"'"))
            if not piegata or piegata in STOP_WORDS or piegata in noti or not piegata.isalpha():
                scelte.append([parola])
                continue
            candidati = [p for n in range(len(piegata) - 2, len(piegata) + 3) for p in vocabolario.get(n, {})]
            vicine = difflib.get_close_matches(piegata, candidati, n=quante, cutoff=0.75)
            if vicine:
                cambiata = True
                scelte.append([noti[v] for v in vicine])
            else:
                scelte.append([parola])
        if not cambiata:
            return []
        alternative = []
        for i in range(quante):
            frase = " ".join(opzioni[min(i, len(opzioni) - 1)] for opzioni in scelte)
            if frase not in alternative and piega(frase) != piega(q):
                alternative.append(frase)
        return alternative
