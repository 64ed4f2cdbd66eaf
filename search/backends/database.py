"""The embedded engine: the site search from the database, with no server to run.

For development and small installations (a region's community: some thousands of practices and
events, tens of thousands of posts); above about 20,000 documents, Elasticsearch (README).

One row per document (`search.DocumentoIndicizzato`) and one per zone or theme
(`search.FacetDocumento`). The full text is matched on the roots of `search.analisi.radici`
(accents, plurals and genders alike), the same on both databases:

- PostgreSQL: `DocumentoIndicizzato.vettore`, the tsvector of the roots (title weight A, text B;
  "simple" configuration, the roots being the analysis already), GIN-indexed;
  `SearchQuery`/`SearchRank` of django.contrib.postgres.
- SQLite: the FTS5 table `search_testo` (migration 0007), whose rowid is `DocumentoIndicizzato.riga`;
  bm25 with the title weighing three times the text.

Filters, the total and the facets are plain SQL on the rows: the total and the type, year and
validation counts from one GROUP BY of their combinations, zones and themes one GROUP BY each (on
SQLite over the rows' JSON lists: all three read the covering index `search_doc_riga`, never the
long rows; on PostgreSQL over `search.FacetDocumento`, which the zone and theme filters use too).
Relevance puts the service pages
(`TIPI_IN_FONDO`) last; before them, first the documents holding the query's words as a phrase,
then those with every word in the title, then by rank (words close together count more: cover
density on PostgreSQL, a NEAR level on SQLite), then the newest. Synonyms are expanded at query
time (`search.synonyms.espandi_in_pezzi`), each expansion matched as a phrase. Suggestions while
typing are a range read of `search.ParolaDocumento`.
"""

from __future__ import annotations

import difflib
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import combinations, islice

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import DatabaseError, connection, transaction
from django.db.models import Case, Count, F, IntegerField, Value, When
from django.db.models.expressions import RawSQL

from cop.cache import CacheVersionata

from ..analisi import STOP_WORDS, evidenzia, parole, piega, radici, testo_radici
from ..synonyms import espandi_in_pezzi
from .base import (
    FACETS,
    TIPI_IN_FONDO,
    Documento,
    Ricerca,
    Risultati,
    Risultato,
    SearchBackend,
    SearchUnavailable,
    impronta,
    parole_richieste,
)

logger = logging.getLogger(__name__)

BLOCCO = 1000
TABELLA_FTS = "search_testo"  # SQLite (migration 0007)
FACET_JSON = {"zona": "zone", "tema": "temi"}  # SQLite: facet -> JSON list column of DocumentoIndicizzato
CONFIGURAZIONE = "simple"  # PostgreSQL: the roots are the analysis already
MASSIMO_GRUPPI = 60  # subsets of a long question in a partial search (10 words: 45)
VICINANZA = 10  # SQLite: words within this many of each other rank above scattered ones
# PostgreSQL: above this many matches, the order by relevance reads the titles' vectors only (phrase in
# the title, every word in the title, rank of the title), then the newest. Ranking on the full text
# unpacks every match's vector out of TOAST: 230-330 ms at 17,000 matches against 25-35 ms
# (bench/README.md, 3/12/2026). SQLite's bm25 needs no such limit.
MOLTI_PER_RANGO = 2000
# The words of the titles, for "did you mean": rebuilt after a write of the engine.
vocabolario = CacheVersionata("search:vocabolario-database", durata=60 * 60)

# A term of a query: one root, or the roots of a phrase (a synonym's expansion) that must be adjacent.
Termine = tuple[str, ...]


def a_blocchi(elementi: Iterable, n: int) -> Iterator[list]:
    """`elementi` in lists of `n` (the last one shorter)."""
    iteratore = iter(elementi)
    while blocco := list(islice(iteratore, n)):
        yield blocco


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


def _su_sqlite() -> bool:
    return connection.vendor == "sqlite"


@contextmanager
def _indice_di_testo(attivo: bool):
    """PostgreSQL: the matches of a query through the GIN index, even when they are most of the
    documents. The planner then prefers reading the whole table, not counting that it must then
    unpack every row's vector to test it: on 20,000 documents, 150 ms for a common word instead of
    25 (bench/README.md, 3/12/2026)."""
    if not attivo or connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursore:
        cursore.execute("SET enable_seqscan = off")
    try:
        yield
    finally:
        with connection.cursor() as cursore:
            cursore.execute("RESET enable_seqscan")


def _modelli():
    from search.models import DocumentoIndicizzato, FacetDocumento, ParolaDocumento

    return DocumentoIndicizzato, FacetDocumento, ParolaDocumento


# --- the query -------------------------------------------------------------------------------------


def gruppi_della_query(q: str, *, parziale: bool = False) -> list[list[Termine]]:
    """One group of terms per synonym alternative of `q`, every term of a group required; a
    synonym's expansion is one term, its roots as a phrase. In a partial search a group of n terms
    becomes its subsets of `parole_richieste(n)` terms ("most of the words"), at most MASSIMO_GRUPPI."""
    gruppi = []
    for pezzi in espandi_in_pezzi(q):
        termini: list[Termine] = []
        for testo, frase in pezzi:
            sue = radici(testo)
            if frase and len(sue) > 1:
                termini.append(tuple(sue))
            else:
                termini.extend((r,) for r in sue)
        termini = list(dict.fromkeys(termini))
        if parziale and len(termini) > 1:
            # Lazily: 40 words of 200 characters have ~10^9 subsets of 30.
            sottoinsiemi = [
                list(c) for c in islice(combinations(termini, parole_richieste(len(termini))), MASSIMO_GRUPPI)
            ]
        else:
            sottoinsiemi = [termini]
        for gruppo in sottoinsiemi:
            if gruppo and gruppo not in gruppi:
                gruppi.append(gruppo)
    return gruppi


def _frase_della_query(q: str) -> list[str]:
    """The roots of the query as typed, in order: a document holding them as a phrase comes first."""
    return radici(" ".join(q.split()))


# Roots are \w+ (letters, digits, "_"): inside double quotes (FTS5) or single quotes (tsquery)
# nothing needs escaping.


def _match_fts(gruppi: list[list[Termine]], *, titolo: bool = False) -> str:
    """The FTS5 query of `gruppi`; with `titolo`, every term in the title."""

    def termine(t: Termine) -> str:
        return '"' + " ".join(t) + '"'

    query = " OR ".join("(" + " AND ".join(map(termine, g)) + ")" for g in gruppi)
    return f"titolo : ({query})" if titolo else query


def _tsquery(gruppi: list[list[Termine]], *, titolo: bool = False) -> str:
    """The tsquery of `gruppi`; with `titolo`, every term in the title (weight A)."""
    peso = ":A" if titolo else ""

    def termine(t: Termine) -> str:
        return "(" + " <-> ".join(f"'{r}'{peso}" for r in t) + ")"

    return " | ".join("(" + " & ".join(map(termine, g)) + ")" for g in gruppi)


class DatabaseBackend(SearchBackend):
    nome = "database"

    # --- writing ------------------------------------------------------------------------------

    def applica(self, *, aggiornati: Iterable[Documento], eliminati: Iterable[str]) -> None:
        aggiornati = list(aggiornati)
        eliminati = list(dict.fromkeys(eliminati))
        with transaction.atomic():
            self._elimina([d["id"] for d in aggiornati] + eliminati)
            for blocco in a_blocchi(aggiornati, BLOCCO):
                self._inserisci(blocco)
            vocabolario.invalida()

    def ricostruisci(self, documenti: Iterator[Documento], *, totale: int, avanzamento: Callable[[int], None]) -> None:
        """One transaction: searches keep reading the old rows until it commits, then see the new
        ones all at once (on SQLite, other writers wait for it: WAL lets readers through)."""
        DocumentoIndicizzato, FacetDocumento, ParolaDocumento = _modelli()
        with transaction.atomic():
            for modello in (FacetDocumento, ParolaDocumento, DocumentoIndicizzato):
                modello.objects.all()._raw_delete(connection.alias)
            if _su_sqlite():
                with connection.cursor() as cursore:
                    cursore.execute(f'DELETE FROM "{TABELLA_FTS}"')  # noqa: S608
            for blocco in a_blocchi(documenti, BLOCCO):
                self._inserisci(blocco)
                avanzamento(len(blocco))
            vocabolario.invalida()

    def _elimina(self, ids: list[str]) -> None:
        DocumentoIndicizzato, FacetDocumento, ParolaDocumento = _modelli()
        for blocco in a_blocchi(ids, BLOCCO):
            # Raw deletes: no signals, no collector (nothing else points at these rows).
            FacetDocumento.objects.filter(documento_id__in=blocco)._raw_delete(connection.alias)
            ParolaDocumento.objects.filter(documento_id__in=blocco)._raw_delete(connection.alias)
            if _su_sqlite():
                righe = list(
                    DocumentoIndicizzato.objects.filter(id__in=blocco, riga__isnull=False).values_list(
                        "riga", flat=True
                    )
                )
                if righe:
                    with connection.cursor() as cursore:
                        cursore.execute(
                            f'DELETE FROM "{TABELLA_FTS}" WHERE rowid IN ({", ".join(["%s"] * len(righe))})',  # noqa: S608
                            righe,
                        )
            DocumentoIndicizzato.objects.filter(id__in=blocco)._raw_delete(connection.alias)

    def _inserisci(self, documenti: list[Documento]) -> None:
        """Write new documents (their ids deleted before): their rows with the roots to match,
        their facets and the words they offer while typing, one statement per table."""
        DocumentoIndicizzato, FacetDocumento, ParolaDocumento = _modelli()
        titoli = [testo_radici(doc["titolo"]) for doc in documenti]
        testi = [testo_radici(doc["testo"]) for doc in documenti]
        if _su_sqlite():
            with connection.cursor() as cursore:
                cursore.execute(f'SELECT coalesce(max(rowid), 0) FROM "{TABELLA_FTS}"')  # noqa: S608
                primo = cursore.fetchone()[0] + 1
                righe_fts = list(zip(range(primo, primo + len(documenti)), titoli, testi, strict=True))
                cursore.executemany(
                    f'INSERT INTO "{TABELLA_FTS}" (rowid, titolo, testo) VALUES (%s, %s, %s)',  # noqa: S608
                    righe_fts,
                )
            righe = [
                DocumentoIndicizzato(**doc, impronta=impronta(doc), riga=riga)
                for doc, (riga, _t, _b) in zip(documenti, righe_fts, strict=True)
            ]
        else:
            righe = [
                DocumentoIndicizzato(
                    **doc,
                    impronta=impronta(doc),
                    vettore=SearchVector(Value(titolo), weight="A", config=CONFIGURAZIONE)
                    + SearchVector(Value(testo), weight="B", config=CONFIGURAZIONE),
                    vettore_titolo=SearchVector(Value(titolo), weight="A", config=CONFIGURAZIONE),
                )
                for doc, titolo, testo in zip(documenti, titoli, testi, strict=True)
            ]
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

    # --- reading ------------------------------------------------------------------------------

    def ids_e_impronte(self) -> dict[str, str]:
        DocumentoIndicizzato, _f, _p = _modelli()
        return dict(DocumentoIndicizzato.objects.values_list("id", "impronta").iterator(chunk_size=5000))

    def conta(self) -> int:
        DocumentoIndicizzato, _f, _p = _modelli()
        return DocumentoIndicizzato.objects.count()

    @staticmethod
    def _filtrati(ricerca: Ricerca, gruppi: list[list[Termine]] | None, *, tranne: Iterable[str] = ()):
        """The documents that match the query's `gruppi` (all with None) and the filters, except
        those of the facets `tranne` (a facet's counts do not hide its other values)."""
        DocumentoIndicizzato, FacetDocumento, _p = _modelli()
        documenti = DocumentoIndicizzato.objects.all()
        if gruppi is None and _su_sqlite():
            # True of every document on SQLite; it lets the planner read the covering index
            # `search_doc_riga` instead of the rows.
            documenti = documenti.filter(riga__isnull=False)
        if gruppi is not None:
            if _su_sqlite():
                documenti = documenti.filter(
                    riga__in=RawSQL(  # noqa: S611 - the query is a parameter
                        f'SELECT rowid FROM "{TABELLA_FTS}" WHERE "{TABELLA_FTS}" MATCH %s',  # noqa: S608
                        [_match_fts(gruppi)],
                    )
                )
            else:
                documenti = documenti.filter(
                    vettore=SearchQuery(_tsquery(gruppi), search_type="raw", config=CONFIGURAZIONE)
                )
        if ricerca.tipo and "tipo" not in tranne:
            documenti = documenti.filter(tipo__in=ricerca.tipo)
        if ricerca.anno and "anno" not in tranne:
            documenti = documenti.filter(anno__in=ricerca.anno)
        if ricerca.validata is not None and "validata" not in tranne:
            documenti = documenti.filter(validata=ricerca.validata)
        for campo, valori in (("zona", ricerca.zona), ("tema", ricerca.tema)):
            if valori and campo not in tranne:
                documenti = documenti.filter(
                    id__in=FacetDocumento.objects.filter(campo=campo, valore__in=valori).values("documento_id")
                )
        return documenti

    def _conteggi(self, ricerca: Ricerca, gruppi) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        """The total and the facets' counts in three queries. Type, year and validation come from
        one GROUP BY of their combinations (a few dozen rows) with the zone and theme filters: each
        of the three then counts the combinations that pass the other two's filters. Zones and
        themes are one GROUP BY each over the documents' JSON lists (their covering index on SQLite,
        migration 0008)."""
        semplici = ("tipo", "anno", "validata")
        scelti = {
            "tipo": set(ricerca.tipo) or None,
            "anno": set(ricerca.anno) or None,
            "validata": None if ricerca.validata is None else {ricerca.validata},
        }
        combinazioni = (
            self._filtrati(ricerca, gruppi, tranne=semplici).values_list(*semplici).annotate(n=Count("*")).order_by()
        )
        conta = {facet: Counter() for facet in semplici}
        totale = 0
        for *valori, n in combinazioni:
            passa = {
                facet: scelti[facet] is None or valore in scelti[facet]
                for facet, valore in zip(semplici, valori, strict=True)
            }
            totale += n if all(passa.values()) else 0
            for facet, valore in zip(semplici, valori, strict=True):
                if all(ok for altro, ok in passa.items() if altro != facet):
                    conta[facet][valore] += n
        facets = {}
        for facet in FACETS:
            if facet in conta:
                coppie = conta[facet].items()
            else:
                coppie = self._valori_multipli(self._filtrati(ricerca, gruppi, tranne=(facet,)), facet)
            valori = [(_valore_facet(valore), n) for valore, n in coppie if n]
            facets[facet] = sorted(valori, key=lambda coppia: (-coppia[1], coppia[0]))
        return totale, facets

    @staticmethod
    def _valori_multipli(documenti, facet: str) -> list[tuple[str, int]]:
        """(value, documents) of a zone or theme facet over `documenti`: one GROUP BY. SQLite unpacks
        the rows' JSON lists, read from the covering index; PostgreSQL joins `FacetDocumento`
        (unpacking JSON there costs six times more, 180 ms for 17,000 matches)."""
        if not _su_sqlite():
            _d, FacetDocumento, _p = _modelli()
            return list(
                FacetDocumento.objects.filter(campo=facet, documento_id__in=documenti.values("id"))
                .values_list("valore")
                .annotate(n=Count("*"))
                .order_by()
            )
        colonna = FACET_JSON[facet]
        sql, parametri = documenti.values(colonna).query.sql_with_params()
        with connection.cursor() as cursore:
            cursore.execute(
                f"SELECT j.value, COUNT(*) FROM ({sql}) s, json_each(s.{colonna}) j GROUP BY j.value",  # noqa: S608
                parametri,
            )
            return cursore.fetchall()

    def _pagina(self, ricerca: Ricerca, q: str, gruppi, totale: int) -> list[str]:
        """Ids of the page's documents, in the order asked."""
        inizio = max(ricerca.pagina - 1, 0) * ricerca.per_pagina
        fine = inizio + ricerca.per_pagina
        if not q or ricerca.ordina == "data":
            documenti = self._filtrati(ricerca, gruppi)
            return list(documenti.order_by("-data", "-id").values_list("id", flat=True)[inizio:fine])
        frase = _frase_della_query(q)
        if _su_sqlite():
            return self._pagina_sqlite(ricerca, gruppi, frase, inizio, fine)

        def query(tsquery):
            return SearchQuery(tsquery, search_type="raw", config=CONFIGURAZIONE)

        vettore = "vettore_titolo" if totale > MOLTI_PER_RANGO else "vettore"
        livelli = [When(**{vettore: query(_tsquery(gruppi, titolo=True))}, then=1)]
        if len(frase) > 1:
            livelli.insert(0, When(**{vettore: query(_tsquery([[tuple(frase)]]))}, then=0))
        ordinati = (
            self._filtrati(ricerca, gruppi)
            .annotate(
                in_fondo=Case(When(tipo__in=TIPI_IN_FONDO, then=1), default=0, output_field=IntegerField()),
                livello=Case(*livelli, default=2, output_field=IntegerField()),
                punteggio=SearchRank(F(vettore), query(_tsquery(gruppi)), cover_density=True),
            )
            .order_by("in_fondo", "livello", "-punteggio", "-data", "-id")
        )
        return list(ordinati.values_list("id", flat=True)[inizio:fine])

    @classmethod
    def _pagina_sqlite(cls, ricerca: Ricerca, gruppi, frase: list[str], inizio: int, fine: int) -> list[str]:
        """bm25 needs the FTS5 table in the FROM of the query that matches it; the filters, when
        there are any, are a subquery of the documents."""
        DocumentoIndicizzato, _f, _p = _modelli()
        tabella = DocumentoIndicizzato._meta.db_table
        filtri, parametri_filtri = "", []
        if ricerca.tipo or ricerca.anno or ricerca.validata is not None or ricerca.zona or ricerca.tema:
            sql_filtri, parametri_filtri = cls._filtrati(ricerca, None).values("id").query.sql_with_params()
            filtri = f'AND d."id" IN ({sql_filtri}) '
        # Levels: the words as a phrase, then every word in the title, then close together, then the rest.
        livelli = [_match_fts(gruppi, titolo=True)]
        if len(frase) > 1:
            livelli.insert(0, '"' + " ".join(frase) + '"')
            livelli.append("NEAR(" + " ".join(f'"{r}"' for r in frase) + f", {VICINANZA})")
        casi = " ".join(
            f'WHEN f.rowid IN (SELECT rowid FROM "{TABELLA_FTS}" WHERE "{TABELLA_FTS}" MATCH %s) THEN {n}'  # noqa: S608
            for n in range(len(livelli))
        )
        in_fondo = ", ".join(["%s"] * len(TIPI_IN_FONDO))
        sql = (
            f'SELECT d."id" FROM "{TABELLA_FTS}" f JOIN "{tabella}" d ON d."riga" = f.rowid '  # noqa: S608
            f'WHERE f."{TABELLA_FTS}" MATCH %s {filtri}'
            f'ORDER BY d."tipo" IN ({in_fondo}), CASE {casi} ELSE {len(livelli)} END, '
            f'bm25(f."{TABELLA_FTS}", 3.0, 1.0), d."data" DESC, d."id" DESC LIMIT %s OFFSET %s'
        )
        parametri = [_match_fts(gruppi), *parametri_filtri, *TIPI_IN_FONDO, *livelli, fine - inizio, inizio]
        with connection.cursor() as cursore:
            cursore.execute(sql, parametri)
            return [riga[0] for riga in cursore.fetchall()]

    def _cerca(self, ricerca: Ricerca) -> Risultati:
        DocumentoIndicizzato, _f, _p = _modelli()
        q = " ".join(ricerca.q.split())
        gruppi = None
        if q:
            gruppi = gruppi_della_query(q, parziale=ricerca.parziale)
            if not gruppi:  # only stop words ("di la"): nothing to look for
                return Risultati(risultati=[], totale=0, facets={facet: [] for facet in FACETS})
        with _indice_di_testo(gruppi is not None):
            totale, facets = self._conteggi(ricerca, gruppi)
            ordine = self._pagina(ricerca, q, gruppi, totale) if totale else []
        per_id = DocumentoIndicizzato.objects.defer("vettore", "vettore_titolo").in_bulk(ordine) if ordine else {}
        termini = {r for g in gruppi or () for t in g for r in t}
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
            for r in (per_id[i] for i in ordine if i in per_id)
        ]
        alternative = self._alternative(q) if q and not totale else []
        return Risultati(risultati=risultati, totale=totale, facets=facets, alternative=alternative)

    def cerca(self, ricerca: Ricerca) -> Risultati:
        try:
            return self._cerca(ricerca)
        except DatabaseError as exc:
            logger.exception("Ricerca nel database non riuscita")
            raise SearchUnavailable(str(exc)) from exc

    def suggerisci(self, prefisso: str, *, limite: int = 8) -> list[dict]:
        """The newest documents whose title (or suggestion phrases) holds every word typed, the
        last one as a prefix: one range read of `ParolaDocumento` (see there), then their rows."""
        DocumentoIndicizzato, _f, ParolaDocumento = _modelli()
        parole_prefisso = parole(prefisso)
        if not parole_prefisso:
            return []
        *intere, ultima = parole_prefisso
        if _su_sqlite():
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

    @staticmethod
    def _parole_note() -> dict[int, dict[str, str]]:
        """{length: {folded word: how it is usually written}} from the titles and suggestions, in
        Django's cache until the engine's next write."""

        def calcola():
            DocumentoIndicizzato, _f, _p = _modelli()
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
            return dict(per_lunghezza)

        return vocabolario.valore("parole", calcola=calcola)

    def _alternative(self, q: str, quante: int = 3) -> list[str]:
        """Spellings close to the words of `q` that the documents use ("poverta educativ" ->
        "povertà educativa"): each unknown word replaced by its closest known words."""
        parole_note = self._parole_note()
        noti = {p: v for gruppo in parole_note.values() for p, v in gruppo.items()}
        scelte = []
        cambiata = False
        for parola in q.split():
            piegata = piega(parola.strip(".,;:!?()[]«»\"'"))
            if not piegata or piegata in STOP_WORDS or piegata in noti or not piegata.isalpha():
                scelte.append([parola])
                continue
            candidati = [p for n in range(len(piegata) - 2, len(piegata) + 3) for p in parole_note.get(n, {})]
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


def _valore_facet(valore) -> str:
    """A facet value as the page and Elasticsearch give it: "true"/"false", years as text."""
    if isinstance(valore, bool):
        return "true" if valore else "false"
    return str(valore)
