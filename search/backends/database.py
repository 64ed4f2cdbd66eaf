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

    # One search is one SQL statement (plus the rows of its page): the full-text match is a
    # materialised CTE, computed once, and the total, the page and every facet count read it. The
    # facet rule (each facet counted with the other facets' filters, not its own) is one more CTE
    # over the matches per facet that has a filter of its own; the facets without one share the
    # CTE with every filter applied (with no filter at all, one set serves the total, the page and
    # all facets).

    def _sql_corrispondenze(self, q: str) -> tuple[str, list] | None:
        """SQL of (id, punteggio) of the documents matching `q`, lower punteggio first: all
        documents for an empty `q`; None when `q` has no searchable word (nothing matches)."""
        DocumentoIndicizzato, _f = self._modelli()
        tabella_doc = DocumentoIndicizzato._meta.db_table
        if not q.strip():
            return f'SELECT id, 0.0 AS punteggio FROM "{tabella_doc}"', []  # noqa: S608
        if self._su_sqlite():
            match = self._match_sqlite(q)
            if match is None:
                return None
            fts, ie = self._tabelle_fts()
            tabella_fts, tabella_voci = fts._meta.db_table, ie._meta.db_table
            # bm25 over the columns autocomplete, body, title: the title weighs three times.
            return (
                f'SELECT ie.object_id AS id, bm25("{tabella_fts}", 1.0, 1.0, 3.0) AS punteggio '  # noqa: S608
                f'FROM "{tabella_fts}" JOIN "{tabella_voci}" ie ON ie.id = "{tabella_fts}".rowid '
                f'WHERE "{tabella_fts}" MATCH %s AND ie.object_id LIKE %s',
                [match, "%:%"],
            )
        query, _termini = self._query(q)
        if query is None:
            return None
        # Wagtail's query (Italian configuration), its rank negated: higher rank first.
        qs = (
            self.motore.search(query, DocumentoIndicizzato.objects.all(), order_by_relevance=True)
            .annotate_score("_punteggio")
            .get_queryset()
            .order_by()
            .values("pk", "_punteggio")
        )
        sql, parametri = qs.query.sql_with_params()
        return f"SELECT w.pk AS id, -w._punteggio AS punteggio FROM ({sql}) w", list(parametri)  # noqa: S608

    @staticmethod
    def _sql_filtri(ricerca: Ricerca, *, tranne: str | None = None) -> tuple[str, list]:
        """WHERE conditions on the documents `d` for the filters of `ricerca` but `tranne`'s."""
        _d, FacetDocumento = DatabaseBackend._modelli()
        tabella_facet = FacetDocumento._meta.db_table
        condizioni, parametri = ["1 = 1"], []

        def dentro(valori):
            return ", ".join(["%s"] * len(valori))

        if ricerca.tipo and tranne != "tipo":
            condizioni.append(f"d.tipo IN ({dentro(ricerca.tipo)})")
            parametri += list(ricerca.tipo)
        if ricerca.anno and tranne != "anno":
            condizioni.append(f"d.anno IN ({dentro(ricerca.anno)})")
            parametri += list(ricerca.anno)
        if ricerca.validata is not None and tranne != "validata":
            condizioni.append("d.validata = %s")
            parametri.append(ricerca.validata)
        for facet, valori in (("zona", ricerca.zona), ("tema", ricerca.tema)):
            if valori and tranne != facet:
                condizioni.append(
                    f'd.id IN (SELECT documento_id FROM "{tabella_facet}" '  # noqa: S608
                    f"WHERE campo = %s AND valore IN ({dentro(valori)}))"
                )
                parametri += [facet, *valori]
        return " AND ".join(condizioni), parametri

    @staticmethod
    def _filtri_attivi(ricerca: Ricerca) -> set[str]:
        attivi = {f for f in ("tipo", "zona", "tema", "anno") if getattr(ricerca, f)}
        return attivi | ({"validata"} if ricerca.validata is not None else set())

    def _cerca(self, ricerca: Ricerca) -> Risultati:
        DocumentoIndicizzato, FacetDocumento = self._modelli()
        tabella_doc, tabella_facet = DocumentoIndicizzato._meta.db_table, FacetDocumento._meta.db_table
        q = ricerca.q.strip()
        per_rilevanza = bool(q) and ricerca.ordina != "data"
        inizio = max(ricerca.pagina - 1, 0) * ricerca.per_pagina
        corrispondenze = self._sql_corrispondenze(q)
        totale, conteggi, ordine = 0, defaultdict(Counter), []
        if corrispondenze is not None:
            sql_m, parametri_m = corrispondenze
            # The match is worth materialising only when it is a full-text one.
            materializza = "MATERIALIZED " if q else ""
            attivi = self._filtri_attivi(ricerca)
            colonne = ("tipo", "anno", "validata")
            insiemi = [("tutti", None, {f for f in (*colonne, "zona", "tema") if f not in attivi})]
            insiemi += [(f"senza_{f}", f, {f}) for f in sorted(attivi)]
            cte = [f"m AS {materializza}({sql_m})"]
            parametri_cte = list(parametri_m)
            for nome, tranne, _facets in insiemi:
                condizioni, parametri = self._sql_filtri(ricerca, tranne=tranne)
                cte.append(
                    f"{nome} AS MATERIALIZED (SELECT d.id, d.tipo, d.anno, d.validata, d.data, m.punteggio "  # noqa: S608
                    f'FROM m JOIN "{tabella_doc}" d ON d.id = m.id WHERE {condizioni})'
                )
                parametri_cte += parametri
            ordinamento = "punteggio, id DESC" if per_rilevanza else "data DESC, id DESC"
            parti = [
                "SELECT '#totale', '', COUNT(*) FROM tutti",
                f"SELECT '#pagina', id, ROW_NUMBER() OVER (ORDER BY {ordinamento}) FROM "  # noqa: S608
                f"(SELECT id, punteggio, data FROM tutti ORDER BY {ordinamento} LIMIT %s OFFSET %s) pagina",
            ]
            parametri_parti = [ricerca.per_pagina, inizio]
            valori_colonne = {
                "tipo": "s.tipo",
                "anno": "CAST(s.anno AS TEXT)",
                "validata": "CASE WHEN s.validata THEN 'true' ELSE 'false' END",
            }
            for nome, _tranne, facets in insiemi:
                for facet in colonne:
                    if facet in facets:
                        espressione = valori_colonne[facet]
                        parti.append(
                            f"SELECT '{facet}', {espressione}, COUNT(*) FROM {nome} s GROUP BY {espressione}"  # noqa: S608
                        )
                da_tabella = [f for f in ("zona", "tema") if f in facets]
                if da_tabella:
                    parti.append(
                        f'SELECT f.campo, f.valore, COUNT(*) FROM {nome} s JOIN "{tabella_facet}" f '  # noqa: S608
                        f"ON f.documento_id = s.id WHERE f.campo IN ({', '.join(['%s'] * len(da_tabella))}) "
                        "GROUP BY f.campo, f.valore"
                    )
                    parametri_parti += da_tabella
            unione = " UNION ALL ".join(f"SELECT * FROM ({p}) p{i}" for i, p in enumerate(parti))  # noqa: S608
            sql = "WITH " + ", ".join(cte) + " " + unione
            with connection.cursor() as cursore:
                cursore.execute(sql, parametri_cte + parametri_parti)
                righe_sql = cursore.fetchall()
            pagina = []
            for facet, valore, n in righe_sql:
                if facet == "#totale":
                    totale = n
                elif facet == "#pagina":
                    pagina.append((n, valore))
                else:
                    conteggi[facet][valore] += n
            ordine = [i for _n, i in sorted(pagina)]
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
            facet: sorted(conteggi[facet].items(), key=lambda coppia: (-coppia[1], coppia[0]))
            for facet in ("tipo", "zona", "tema", "anno", "validata")
        }
        return Risultati(risultati=risultati, totale=totale, facets=facets, alternative=alternative)

    def cerca(self, ricerca: Ricerca) -> Risultati:
        try:
            return self._cerca(ricerca)
        except DatabaseError as exc:
            logger.exception("Ricerca nel database non riuscita")
            raise SearchUnavailable(str(exc)) from exc

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
