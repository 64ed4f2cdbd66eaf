"""The embedded engine: the site search from the database, with no server to run.

Documents live in `search.DocumentoIndicizzato` (one row each) and `search.FacetDocumento` (one row
per zone and theme); the full text goes through Wagtail's database search backend (modelsearch:
SQLite FTS5, PostgreSQL full text with the "italian" configuration). What the full-text index
receives, and what the query is turned into, are the roots of `search.testo.radici`: accents,
plurals and genders match alike on both databases. Synonyms are expanded at query time
(`search.synonyms.espandi`), each alternative a group of words that must all be present.
"""

from __future__ import annotations

import difflib
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from modelsearch.conf import get_app_config
from modelsearch.query import Or, PlainText
from modelsearch.utils import get_content_type_pk

from ..synonyms import espandi
from ..testo import STOP_WORDS, evidenzia, parole, piega, radici
from .base import Documento, Ricerca, Risultati, Risultato, SearchBackend, SearchUnavailable, impronta

logger = logging.getLogger(__name__)

BLOCCO = 1000
DURATA_VOCABOLARIO = 300  # seconds the "did you mean" vocabulary is kept in memory


def _a_blocchi(elementi: Iterable, n: int = BLOCCO) -> Iterator[list]:
    iteratore = iter(elementi)
    while blocco := list(islice(iteratore, n)):
        yield blocco


class DatabaseBackend(SearchBackend):
    nome = "database"

    def __init__(self):
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
            self._elimina([d["id"] for d in aggiornati] + eliminati)
            for blocco in _a_blocchi(aggiornati):
                self._inserisci(blocco)
        self._vocabolario = None

    def _elimina(self, ids: list[str]) -> None:
        DocumentoIndicizzato, FacetDocumento = self._modelli()
        for blocco in _a_blocchi(ids):
            # Raw deletes: no signals, no collector (nothing else points at these rows).
            FacetDocumento.objects.filter(documento_id__in=blocco)._raw_delete(connection.alias)
            self._voci_indice().filter(object_id__in=blocco)._raw_delete(connection.alias)
            DocumentoIndicizzato.objects.filter(id__in=blocco)._raw_delete(connection.alias)

    def _inserisci(self, documenti: list[Documento]) -> None:
        DocumentoIndicizzato, FacetDocumento = self._modelli()
        righe = [DocumentoIndicizzato(**doc, impronta=impronta(doc)) for doc in documenti]
        DocumentoIndicizzato.objects.bulk_create(righe)
        FacetDocumento.objects.bulk_create(
            [
                FacetDocumento(documento_id=doc["id"], campo=campo, valore=valore)
                for doc in documenti
                for campo, valori in (("zona", doc["zone"]), ("tema", doc["temi"]))
                for valore in valori
            ]
        )
        self.motore.add_bulk(DocumentoIndicizzato, righe)

    def ricostruisci(self, documenti: Iterator[Documento], *, totale: int, avanzamento: Callable[[int], None]) -> None:
        """One transaction: searches keep reading the old rows until it commits, then see the new
        ones all at once (on SQLite, other writers wait for it: WAL lets readers through)."""
        DocumentoIndicizzato, FacetDocumento = self._modelli()
        with transaction.atomic():
            FacetDocumento.objects.all()._raw_delete(connection.alias)
            self._voci_indice()._raw_delete(connection.alias)
            DocumentoIndicizzato.objects.all()._raw_delete(connection.alias)
            for blocco in _a_blocchi(documenti):
                self._inserisci(blocco)
                avanzamento(len(blocco))
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
        """One group of roots per synonym alternative of `q` (all words of a group required)."""
        gruppi = []
        for frase in espandi(q):
            termini = list(dict.fromkeys(radici(frase)))
            if termini and termini not in gruppi:
                gruppi.append(termini)
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
    # FTS lookup per entry (seconds at 100,000 documents). Ours starts from the MATCH (our ids
    # cannot be confused with other models' pks: they hold a ":") and ranks with bm25 weighting
    # the title three times the body, in one join for the page of results.

    @staticmethod
    def _su_sqlite():
        return connection.vendor == "sqlite"

    @classmethod
    def _match_sqlite(cls, q: str) -> str | None:
        gruppi = cls._gruppi(q)
        if not gruppi:
            return None
        # Roots are \w+ only: nothing to escape inside the quotes.
        alternative = " OR ".join("(" + " AND ".join(f'"{t}"' for t in g) + ")" for g in gruppi)
        return f"{{title body}} : ({alternative})"

    @staticmethod
    def _tabelle_fts():
        app = get_app_config()
        return app.get_model("SQLiteFTSIndexEntry"), app.get_model("IndexEntry")

    def _ids_sqlite(self, match: str):
        from django.db.models import Value
        from modelsearch.backends.database.sqlite.query import MatchExpression

        fts, _ie = self._tabelle_fts()
        return fts.objects.filter(MatchExpression(["title", "body"], Value(match))).values("index_entry__object_id")

    def _migliori_sqlite(self, match: str, quanti: int, *, inizio: int = 0, filtrati=None) -> list[str]:
        """Ids of one page of our documents matching `match`, best first (bm25 over the columns
        autocomplete, body, title)."""
        fts, ie = self._tabelle_fts()
        tabella_fts, tabella_voci = fts._meta.db_table, ie._meta.db_table
        filtro, parametri_filtro = "", []
        if filtrati is not None:
            sql, parametri_filtro = filtrati.order_by().values("pk").query.sql_with_params()
            filtro = f"AND ie.object_id IN ({sql})"
        sql = (
            f'SELECT ie.object_id FROM "{tabella_fts}" JOIN "{tabella_voci}" ie ON ie.id = "{tabella_fts}".rowid '  # noqa: S608
            f'WHERE "{tabella_fts}" MATCH %s AND ie.object_id LIKE %s {filtro} '
            f'ORDER BY bm25("{tabella_fts}", 1.0, 1.0, 3.0), ie.object_id DESC LIMIT %s OFFSET %s'
        )
        with connection.cursor() as cursore:
            cursore.execute(sql, [match, "%:%", *parametri_filtro, quanti, inizio])
            return [riga[0] for riga in cursore.fetchall()]

    def _corrispondenti(self, q: str, *, per_rilevanza: bool):
        """The queryset of the documents that match `q` (all of them for an empty `q`)."""
        DocumentoIndicizzato, _f = self._modelli()
        tutti = DocumentoIndicizzato.objects.all()
        if not q.strip():
            return tutti
        if self._su_sqlite():
            match = self._match_sqlite(q)
            return tutti.filter(pk__in=self._ids_sqlite(match)) if match else tutti.none()
        query, _termini = self._query(q)
        if query is None:
            return tutti.none()
        qs = self.motore.search(query, tutti, order_by_relevance=per_rilevanza).get_queryset()
        return qs if per_rilevanza else qs.order_by()

    @staticmethod
    def _filtra(qs, ricerca: Ricerca, *, tranne: str | None = None):
        _d, FacetDocumento = DatabaseBackend._modelli()
        if ricerca.tipo and tranne != "tipo":
            qs = qs.filter(tipo__in=ricerca.tipo)
        if ricerca.anno and tranne != "anno":
            qs = qs.filter(anno__in=ricerca.anno)
        if ricerca.validata is not None and tranne != "validata":
            qs = qs.filter(validata=ricerca.validata)
        for facet, valori in (("zona", ricerca.zona), ("tema", ricerca.tema)):
            if valori and tranne != facet:
                qs = qs.filter(
                    pk__in=FacetDocumento.objects.filter(campo=facet, valore__in=valori).values("documento_id")
                )
        return qs

    @staticmethod
    def _filtri_attivi(ricerca: Ricerca) -> set[str]:
        attivi = {f for f in ("tipo", "zona", "tema", "anno") if getattr(ricerca, f)}
        return attivi | ({"validata"} if ricerca.validata is not None else set())

    def _conteggi(self, ricerca: Ricerca) -> dict[str, list[tuple[str, int]]]:
        """Each facet counted over the matches with the other facets' filters (not its own).
        Facets without a filter of their own share one set of documents (all filters applied):
        one GROUP BY for the document's columns, one for the zone/theme table; a facet with a
        filter of its own costs one query more."""
        _d, FacetDocumento = self._modelli()
        conteggi = defaultdict(Counter)
        attivi = self._filtri_attivi(ricerca)
        colonne = ("tipo", "anno", "validata")
        gruppi = [({f}, f) for f in attivi] + [({f for f in (*colonne, "zona", "tema") if f not in attivi}, None)]
        for facets, tranne in gruppi:
            qs = self._filtra(self._corrispondenti(ricerca.q, per_rilevanza=False), ricerca, tranne=tranne)
            da_colonne = [f for f in colonne if f in facets]
            if da_colonne:
                for *valori, n in qs.values_list(*da_colonne).annotate(n=Count("pk")).order_by():
                    for facet, valore in zip(da_colonne, valori, strict=True):
                        conteggi[facet][str(valore).lower() if isinstance(valore, bool) else str(valore)] += n
            da_tabella = [f for f in ("zona", "tema") if f in facets]
            if da_tabella:
                righe = (
                    FacetDocumento.objects.filter(campo__in=da_tabella, documento_id__in=qs.values("pk"))
                    .values_list("campo", "valore")
                    .annotate(n=Count("documento_id"))
                    .order_by()
                )
                for campo, valore, n in righe:
                    conteggi[campo][valore] += n
        return {
            facet: sorted(conteggi[facet].items(), key=lambda coppia: (-coppia[1], coppia[0]))
            for facet in ("tipo", "zona", "tema", "anno", "validata")
        }

    def cerca(self, ricerca: Ricerca) -> Risultati:
        try:
            return self._cerca(ricerca)
        except DatabaseError as exc:
            logger.exception("Ricerca nel database non riuscita")
            raise SearchUnavailable(str(exc)) from exc

    def _cerca(self, ricerca: Ricerca) -> Risultati:
        q = ricerca.q.strip()
        per_rilevanza = bool(q) and ricerca.ordina != "data"
        qs = self._filtra(self._corrispondenti(q, per_rilevanza=per_rilevanza), ricerca)
        if not per_rilevanza:
            qs = qs.order_by("-data", "-pk")
        totale = qs.count()
        inizio = max(ricerca.pagina - 1, 0) * ricerca.per_pagina
        if inizio >= totale:
            righe = []
        elif per_rilevanza and self._su_sqlite():
            DocumentoIndicizzato, _f = self._modelli()
            filtrati = self._filtra(DocumentoIndicizzato.objects.all(), ricerca)
            ha_filtri = bool(self._filtri_attivi(ricerca))
            ordine = self._migliori_sqlite(
                self._match_sqlite(q), ricerca.per_pagina, inizio=inizio, filtrati=filtrati if ha_filtri else None
            )
            per_id = DocumentoIndicizzato.objects.in_bulk(ordine)
            righe = [per_id[i] for i in ordine if i in per_id]
        else:
            righe = list(qs[inizio : inizio + ricerca.per_pagina])
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
        return Risultati(risultati=risultati, totale=totale, facets=self._conteggi(ricerca), alternative=alternative)

    def suggerisci(self, prefisso: str, *, limite: int = 8) -> list[dict]:
        DocumentoIndicizzato, _f = self._modelli()
        parole_prefisso = parole(prefisso)
        if not parole_prefisso:
            return []
        try:
            if self._su_sqlite():
                *intere, ultima = parole_prefisso
                match = "{autocomplete} : (" + " AND ".join([*(f'"{p}"' for p in intere), f'"{ultima}"*']) + ")"
                ordine = self._migliori_sqlite(match, limite * 2)
                per_id = DocumentoIndicizzato.objects.only("id", "tipo", "titolo", "url", "suggerimenti").in_bulk(
                    ordine
                )
                righe = [per_id[i] for i in ordine if i in per_id]
            else:
                righe = list(
                    self.motore.autocomplete(" ".join(parole_prefisso), DocumentoIndicizzato.objects.all())
                    .get_queryset()
                    .only("id", "tipo", "titolo", "url", "suggerimenti")[: limite * 2]
                )
        except DatabaseError as exc:
            logger.exception("Suggerimenti dal database non riusciti")
            raise SearchUnavailable(str(exc)) from exc
        voci, visti = [], set()
        for riga in righe:
            testo = self._frase_suggerita(riga.suggerimenti or [riga.titolo], parole_prefisso)
            if testo.lower() in visti:
                continue
            visti.add(testo.lower())
            voci.append({"testo": testo, "url": riga.url, "tipo": riga.tipo})
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
