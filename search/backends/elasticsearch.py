"""The Elasticsearch engine of the site search (one index for every kind of document).

Index and alias
    Every index is named ``<prefix>-documenti-v<MAPPING>-<timestamp>``; the site reads and writes
    through the alias ``<prefix>-documenti``. `ricostruisci` loads a new index and swaps the alias in
    one atomic request, so searches keep answering from the old index until the new one is complete.
    While a rebuild is loading, `applica` writes to the index being built as well (and the rebuild
    uses ``create``, which never overwrites what `applica` wrote), so a change made during a rebuild
    is not lost with the old index.

Analysis
    ``titolo`` and ``testo`` are analysed by ``cop_italiano``: standard tokenizer, elision
    ("dell'ambito" -> "ambito"), Italian stop words, lowercase, ASCII folding, light stemmer, so
    "famiglia" finds "famiglie" and "poverta" finds "povertà" in one field. The stop filter runs
    before lowercase on the lowercase and capitalised forms of `search.analisi.STOP_WORDS`, so an
    acronym in capitals survives: "SIA" (sostegno per l'inclusione attiva) is searchable, "sia"
    and "Sia" are not; the database engine protects acronyms the same way (`search.analisi.radici`).
    A ``.parole`` subfield keeps the folded words unstemmed, for "forse cercavi" and a boost to
    the exact word. ``suggerimenti`` is indexed with edge n-grams of every word, so a suggestion
    completes any word of a title ("incl" offers "Patto per l'inclusione").

    Synonyms (acronyms of social work: ADI, MSNA, ISEE...) are expanded at query time by
    `search.synonyms.espandi` into alternatives matched with every word required: one file and
    one code path for both engines, so they give the same answers, and an editor's change to the
    file is live at the next search without a rebuild. Elasticsearch's own ``synonym_graph`` is a
    search-time filter too (at index time it needs ``flatten_graph``, which loses the positions
    of multi-word synonyms such as "assegno di inclusione"), and would give Elasticsearch answers
    the database engine cannot give.

Facet counts and suggestions
    Every search asks the node for the page of hits, the exact total and the five facet
    aggregations in one request, and every suggestion asks the node: nothing is kept in the web
    process or in Django's cache. Such a cache cannot know that the worker (another process) moved
    the index on, and on a real node it bought little: at 10,000 documents on Elasticsearch 9.2.4
    (2 shared cores, load average 9) a page with the aggregations took 46-107 ms median against
    29-96 ms without, a suggestion 4-9 ms. A facet with no filter of another facet is a plain
    ``terms`` aggregation, without a ``filter`` around it.

Failures
    Connection errors, timeouts, 429 and 5xx answers become `SearchUnavailable`. Reads use a short
    timeout (``ELASTICSEARCH_TIMEOUT``, 2 s) so a down or slow server never holds a visitor's
    request; writes (the outbox task, rebuilds) a longer one (``ELASTICSEARCH_WRITE_TIMEOUT``).
    A missing index (nothing indexed yet) reads as empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import lru_cache
from html import escape
from itertools import islice

from django.conf import settings
from elastic_transport import ConnectionError as ErroreDiConnessione
from elastic_transport import ConnectionTimeout, Urllib3HttpNode
from elasticsearch import ApiError, Elasticsearch, NotFoundError, dsl, helpers

from ..analisi import STOP_WORDS, completa, parole, radici
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

# Bump when the mapping or the analysis changes: `search_index --rebuild` then builds a "v<N+1>" index.
VERSIONE_MAPPING = 2

# Facet -> field of the index.
CAMPI_FACET = {"tipo": "tipo", "zona": "zone", "tema": "temi", "anno": "anno", "validata": "validata"}
# The full text: the Italian fields (other forms of a word) and the unstemmed ones (exact words).
CAMPI_TESTO = ["titolo^3", "titolo.parole^2", "testo", "testo.parole"]
# A phrase: the Italian fields, whose positions keep the gaps of the stop words they drop.
CAMPI_FRASE = ["titolo^3", "testo"]
# The query's words as a phrase: enough to put such documents above the same words scattered.
PESO_FRASE = 10
DIMENSIONE_FACET = {"tipo": 20, "zona": 200, "tema": 200, "anno": 100, "validata": 2}

# ES refuses from + size beyond this (index.max_result_window).
FINESTRA_MASSIMA = 10_000

BLOCCO_BULK = 500

# What analysis-common's `italian` analyzer elides, lowercase: the elision filter ignores case.
ARTICOLI_ELISI = ["c", "l", "all", "dall", "dell", "nell", "sull", "coll", "pell", "gl", "agl", "dagl", "degl",
                  "negl", "sugl", "un", "m", "t", "s", "v", "d"]  # fmt: skip

elisione = dsl.token_filter("cop_elisione", "elision", articles=ARTICOLI_ELISI, articles_case=True)
# The stop filter runs before folding: the accented forms of the folded stop words too.
_ACCENTATE = {"e": "è", "piu": "più", "perche": "perché"}
_VUOTE = STOP_WORDS | {_ACCENTATE[p] for p in STOP_WORDS & _ACCENTATE.keys()}
# Before lowercase and case-sensitive: "di" and "Di" go, "DI" or "SIA" (an acronym) stays.
parole_vuote = dsl.token_filter(
    "cop_parole_vuote", "stop", stopwords=sorted(_VUOTE | {p.capitalize() for p in _VUOTE}), ignore_case=False
)
radice = dsl.token_filter("cop_radice", "stemmer", language="light_italian")
inizi = dsl.token_filter("cop_inizi", "edge_ngram", min_gram=1, max_gram=20)

analisi_italiana = dsl.analyzer(
    "cop_italiano", tokenizer="standard", filter=[elisione, parole_vuote, "lowercase", "asciifolding", radice]
)
analisi_parole = dsl.analyzer("cop_parole", tokenizer="standard", filter=[elisione, "lowercase", "asciifolding"])
analisi_inizi = dsl.analyzer(
    "cop_parole_per_inizi", tokenizer="standard", filter=[elisione, "lowercase", "asciifolding", inizi]
)


class DocumentoIndice(dsl.Document):
    """The mapping: the keys of `Documento` plus its fingerprint, nothing dynamic."""

    id = dsl.Keyword()
    tipo = dsl.Keyword()
    titolo = dsl.Text(analyzer=analisi_italiana, fields={"parole": dsl.Text(analyzer=analisi_parole)})
    # Offsets in the postings: the highlighter reads the matched words' positions from the index
    # instead of analysing ~4,000 characters of every hit again.
    testo = dsl.Text(
        analyzer=analisi_italiana,
        index_options="offsets",
        fields={"parole": dsl.Text(analyzer=analisi_parole, index_options="offsets")},
    )
    sommario = dsl.Text(index=False)
    url = dsl.Keyword(index=False)
    data = dsl.Date()
    anno = dsl.Integer()
    zone = dsl.Keyword(multi=True)
    temi = dsl.Keyword(multi=True)
    validata = dsl.Boolean()
    suggerimenti = dsl.Text(analyzer=analisi_inizi, search_analyzer=analisi_parole, multi=True)
    impronta = dsl.Keyword(index=False)

    class Meta:
        dynamic = dsl.MetaField("strict")


DocumentoIndiceDelSito = DocumentoIndice  # what a test that swaps the mapping puts back

_COMPAT_MIMETYPE = re.compile(r"application/vnd\.elasticsearch\+([\w.-]+)(?:\s*;\s*compatible-with=\d+)?")


class PlainJsonNode(Urllib3HttpNode):
    """An HTTP node that sends plain ``application/json`` (and ``application/x-ndjson``).

    The elasticsearch 9 client asks for the versioned media type
    ``application/vnd.elasticsearch+json; compatible-with=9``; OpenSearch-compatible servers (osmem,
    the in-memory server of the tests) answer 406 to it. Elasticsearch 8 and 9 accept the plain
    types too (they mean "this server's own API version"), so the node is harmless there, but it is
    only used when ``ELASTICSEARCH_COMPAT_JSON`` is on (off by default; the test fixtures turn it
    on for osmem).
    """

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for nome in ("accept", "content-type"):
                if nome in headers:
                    headers[nome] = _COMPAT_MIMETYPE.sub(r"application/\1", headers[nome])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


@lru_cache(maxsize=8)
def _client(url: str, json_semplice: bool, timeout: float) -> Elasticsearch:
    """One client (and connection pool) per configuration, shared by the requests of a process."""
    opzioni = {"node_class": PlainJsonNode} if json_semplice else {}
    return Elasticsearch(url, request_timeout=timeout, max_retries=1, retry_on_timeout=False, **opzioni)


@contextmanager
def _servizio():
    """Turn "the engine cannot answer now" into SearchUnavailable; other errors are bugs and propagate."""
    try:
        yield
    except (ErroreDiConnessione, ConnectionTimeout) as exc:  # refused, reset, TLS, timeout
        raise SearchUnavailable(f"Elasticsearch non raggiungibile: {exc}") from exc
    except ApiError as exc:
        if exc.meta.status == 429 or exc.meta.status >= 500:
            raise SearchUnavailable(f"Elasticsearch non risponde ({exc.meta.status}): {exc.message}") from exc
        raise


def _indice_mancante(exc: NotFoundError) -> bool:
    return "index_not_found" in str(exc.message) or "index_not_found" in str(exc.body)


class ElasticsearchBackend(SearchBackend):
    nome = "elasticsearch"

    def __init__(
        self,
        url: str | None = None,
        *,
        prefisso: str | None = None,
        timeout: float | None = None,
        timeout_scrittura: float | None = None,
        refresh: bool | None = None,
        json_semplice: bool | None = None,
    ):
        """Every argument defaults to its setting (see cop/settings/base.py)."""
        self.url = url or settings.ELASTICSEARCH_URL
        self.prefisso = prefisso or settings.ELASTICSEARCH_INDEX_PREFIX
        self.timeout = timeout or settings.ELASTICSEARCH_TIMEOUT
        self.timeout_scrittura = timeout_scrittura or settings.ELASTICSEARCH_WRITE_TIMEOUT
        self.refresh = settings.ELASTICSEARCH_REFRESH if refresh is None else refresh
        self.json_semplice = settings.ELASTICSEARCH_COMPAT_JSON if json_semplice is None else json_semplice
        self.alias = f"{self.prefisso}-documenti"

    # --- connection and index names ---------------------------------------------------------

    @property
    def client(self) -> Elasticsearch:
        return _client(self.url, self.json_semplice, float(self.timeout))

    @property
    def client_scrittura(self) -> Elasticsearch:
        return self.client.options(request_timeout=float(self.timeout_scrittura))

    def nuovo_nome_indice(self) -> str:
        return f"{self.alias}-v{VERSIONE_MAPPING}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"

    def _ordine(self, nome: str) -> tuple[int, int]:
        """(mapping version, timestamp) of one of our index names, for "older than"."""
        match = re.fullmatch(re.escape(self.alias) + r"-v(\d+)-(\d+)", nome)
        return (int(match[1]), int(match[2])) if match else (0, 0)

    def indici(self) -> dict[str, bool]:
        """Our versioned indices: name -> whether the alias points at it."""
        risposta = self.client_scrittura.indices.get_alias(index=f"{self.alias}-v*", ignore_unavailable=True)
        return {nome: self.alias in (info.get("aliases") or {}) for nome, info in risposta.body.items()}

    def crea_indice(self, nome: str, *, caricamento: bool = False) -> None:
        indice = dsl.Index(nome)
        indice.mapping(DocumentoIndice._doc_type.mapping)
        if caricamento:  # no refresh and no replica while a rebuild loads; restored before the swap
            indice.settings(refresh_interval="-1", number_of_replicas=0)
        indice.create(using=self.client_scrittura)

    def _destinazioni(self) -> list[str]:
        """Where a write goes: the alias's index and any newer one being built by a rebuild.

        The first write to a cluster with no index creates one and points the alias at it.
        """
        indici = self.indici()
        attivi = [nome for nome, con_alias in indici.items() if con_alias]
        if not attivi:
            nome = f"{self.alias}-v{VERSIONE_MAPPING}-0"
            try:
                self.crea_indice(nome)
            except ApiError as exc:
                if exc.meta.status != 400 or "already_exists" not in str(exc.body):
                    raise
            self.client_scrittura.indices.update_aliases(actions=[{"add": {"index": nome, "alias": self.alias}}])
            return [nome]
        corrente = max(self._ordine(nome) for nome in attivi)
        return attivi + [nome for nome, con_alias in indici.items() if not con_alias and self._ordine(nome) > corrente]

    # --- writes ---------------------------------------------------------------------------------

    @staticmethod
    def _sorgente(doc: Documento) -> dict:
        return {**doc, "impronta": impronta(doc)}

    def applica(self, *, aggiornati: Iterable[Documento], eliminati: Iterable[str]) -> None:
        aggiornati, eliminati = list(aggiornati), list(eliminati)
        if not aggiornati and not eliminati:
            return
        with _servizio():
            destinazioni = self._destinazioni()
            azioni = [
                {"_op_type": "index", "_index": indice, "_id": doc["id"], "_source": self._sorgente(doc)}
                for indice in destinazioni
                for doc in aggiornati
            ] + [{"_op_type": "delete", "_index": indice, "_id": id_} for indice in destinazioni for id_ in eliminati]
            _, errori = helpers.bulk(
                self.client_scrittura,
                azioni,
                chunk_size=BLOCCO_BULK,
                raise_on_error=False,
                refresh=self.refresh,
                max_retries=2,
                initial_backoff=0.5,
            )
        # Deleting what is not there is fine (deleted twice, or never indexed).
        self._controlla_errori([e for e in errori if not ("delete" in e and e["delete"].get("status") == 404)])

    @staticmethod
    def _controlla_errori(errori: list[dict]) -> None:
        if not errori:
            return
        stati = [next(iter(e.values())).get("status", 0) for e in errori]
        if all(s == 429 or s >= 500 for s in stati):
            raise SearchUnavailable(f"Elasticsearch ha rifiutato {len(errori)} scritture: {errori[:3]}")
        raise ValueError(f"Elasticsearch ha rifiutato {len(errori)} documenti: {errori[:3]}")

    def ricostruisci(self, documenti: Iterator[Documento], *, totale: int, avanzamento: Callable[[int], None]) -> None:
        nome = self.nuovo_nome_indice()
        client = self.client_scrittura
        with _servizio():
            self.crea_indice(nome, caricamento=True)
            try:
                self._carica(nome, documenti, avanzamento)
                client.indices.put_settings(
                    index=nome, settings={"index": {"refresh_interval": None, "number_of_replicas": None}}
                )
                client.indices.refresh(index=nome)
                self._sposta_alias(nome)
            except BaseException:
                # The half-built index goes; if the server is gone too, the original error counts.
                with suppress(ErroreDiConnessione, ConnectionTimeout, ApiError):
                    client.indices.delete(index=nome, ignore_unavailable=True)
                raise
            vecchi = [n for n in self.indici() if n != nome and self._ordine(n) < self._ordine(nome)]
            if vecchi:
                client.indices.delete(index=",".join(vecchi), ignore_unavailable=True)

    def _carica(self, nome: str, documenti: Iterator[Documento], avanzamento: Callable[[int], None]) -> None:
        """Stream the documents in blocks; one block travels to the server while the next is read.

        The documents are read (and fingerprinted) in the caller's thread, which holds the
        database connection; a single sender thread posts the previous block meanwhile, so the
        rebuild takes about max(database, server) rather than their sum.
        """
        client = self.client_scrittura

        def invia(blocco: list[dict]) -> list[dict]:
            operazioni = []
            for sorgente in blocco:
                # "create": a document that `applica` wrote into the new index during the rebuild
                # is newer than the database row read here and stays (409 is expected).
                operazioni += [{"create": {"_index": nome, "_id": sorgente["id"]}}, sorgente]
            risposta = client.bulk(operations=operazioni)
            if not risposta["errors"]:
                return []
            return [
                i for i in risposta["items"] if i["create"].get("status", 200) >= 300 and i["create"]["status"] != 409
            ]

        sorgenti = map(self._sorgente, documenti)
        errori = []
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-bulk") as mittente:
            in_viaggio: tuple[Future, int] | None = None
            while blocco := list(islice(sorgenti, BLOCCO_BULK)):
                inviato = mittente.submit(invia, blocco)
                if in_viaggio:
                    errori += in_viaggio[0].result()
                    avanzamento(in_viaggio[1])
                in_viaggio = (inviato, len(blocco))
            if in_viaggio:
                errori += in_viaggio[0].result()
                avanzamento(in_viaggio[1])
        self._controlla_errori(errori)

    def _sposta_alias(self, nome: str) -> None:
        azioni = [
            {"remove": {"index": vecchio, "alias": self.alias}} for vecchio, attivo in self.indici().items() if attivo
        ]
        azioni.append({"add": {"index": nome, "alias": self.alias}})
        self.client_scrittura.indices.update_aliases(actions=azioni)

    # --- reads ----------------------------------------------------------------------------------

    def _search(self) -> dsl.Search:
        return dsl.Search(using=self.client, index=self.alias)

    def _filtri(self, ricerca: Ricerca) -> dict[str, dsl.Query]:
        filtri = {}
        for facet, valori in (
            ("tipo", ricerca.tipo),
            ("zona", ricerca.zona),
            ("tema", ricerca.tema),
            ("anno", ricerca.anno),
        ):
            if valori:
                filtri[facet] = dsl.Q("terms", **{CAMPI_FACET[facet]: list(valori)})
        if ricerca.validata is not None:
            filtri["validata"] = dsl.Q("term", validata=ricerca.validata)
        return filtri

    @staticmethod
    def _query_testo(q: str, *, parziale: bool = False) -> dsl.Query:
        """Every word of the query (or of one of its synonym expansions) in the title or the text;
        with `parziale`, most of them (`parole_richieste`). A synonym's expansion is matched as a
        phrase ("SdS": "società della salute", not "società" here and "saluti" there), and the
        query's words as a phrase score higher than the same words scattered.

        Fields with the two analyzers form two groups of ``cross_fields``: the Italian one finds
        other forms of a word ("famiglia" for "famiglie", "citta" for "città"), the unstemmed one
        ranks the exact words higher; a document matches through either.
        """
        q = " ".join(q.split())
        if not q:
            return dsl.Q("match_all")
        clausole = []
        for pezzi in espandi_in_pezzi(q) or [[(q, False)]]:
            frase = " ".join(" ".join(testo for testo, _f in pezzi).split())
            parole_frase = len(set(radici(frase)))
            if not parole_frase:  # only stop words ("di la"): nothing to look for, as on the database
                continue
            if parziale and parole_frase > 1:
                opzioni = {"operator": "or", "minimum_should_match": parole_richieste(parole_frase)}
                clausole.append(dsl.Q("multi_match", query=frase, fields=CAMPI_TESTO, type="cross_fields", **opzioni))
                continue
            libere = " ".join(testo for testo, sinonimo in pezzi if not sinonimo)
            parti = [
                dsl.Q("multi_match", query=testo, fields=CAMPI_FRASE, type="phrase")
                for testo, sinonimo in pezzi
                if sinonimo
            ]
            if radici(libere):
                parti.insert(
                    0, dsl.Q("multi_match", query=libere, fields=CAMPI_TESTO, type="cross_fields", operator="and")
                )
            clausole.append(parti[0] if len(parti) == 1 else dsl.Q("bool", must=parti))
        if not clausole:
            return dsl.Q("match_none")
        query = clausole[0] if len(clausole) == 1 else dsl.Q("bool", should=clausole, minimum_should_match=1)
        if len(radici(q)) < 2:
            return query
        in_frase = dsl.Q("multi_match", query=q, fields=CAMPI_FRASE, type="phrase", boost=PESO_FRASE)
        return dsl.Q("bool", must=[query], should=[in_frase])

    # --- search ---------------------------------------------------------------------------------

    def _richiesta(self, ricerca: Ricerca, filtri: dict[str, dsl.Query], *, con_facet: bool) -> dsl.Search:
        """The page of hits; with `con_facet` also the exact total and the facet aggregations."""
        per_pagina = max(1, min(ricerca.per_pagina, 100))
        inizio = max(0, min((max(ricerca.pagina, 1) - 1) * per_pagina, FINESTRA_MASSIMA - per_pagina))
        testo = self._query_testo(ricerca.q, parziale=ricerca.parziale)
        if ricerca.q.strip():  # the service pages after the content (a tiny factor: below every other score)
            testo = dsl.Q(
                "boosting", positive=testo, negative=dsl.Q("terms", tipo=list(TIPI_IN_FONDO)), negative_boost=1e-6
            )
        s = self._search().query(testo).extra(track_total_hits=con_facet)
        if filtri:
            s = s.post_filter("bool", filter=list(filtri.values()))
        if con_facet:
            for facet in FACETS:
                altri = [filtro for nome, filtro in filtri.items() if nome != facet]
                termini = {"field": CAMPI_FACET[facet], "size": DIMENSIONE_FACET[facet]}
                if altri:
                    s.aggs.bucket(facet, "filter", dsl.Q("bool", filter=altri)).bucket("valori", "terms", **termini)
                else:
                    s.aggs.bucket(facet, "terms", **termini)
        s = s.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], fragment_size=160, number_of_fragments=2
        ).highlight("testo", "testo.parole")
        s = s.source(excludes=["testo", "suggerimenti", "impronta"])
        if ricerca.ordina == "data":
            s = s.sort({"data": {"order": "desc"}}, "_score")
        else:
            s = s.sort("_score", {"data": {"order": "desc"}})
        return s[inizio : inizio + per_pagina]

    def cerca(self, ricerca: Ricerca) -> Risultati:
        with _servizio():
            try:
                risposta = self._richiesta(ricerca, self._filtri(ricerca), con_facet=True).execute()
            except NotFoundError as exc:
                if _indice_mancante(exc):
                    return Risultati(risultati=[], totale=0, facets={facet: [] for facet in FACETS})
                raise
        facets = {}
        for facet in FACETS:
            aggregazione = risposta.aggregations[facet]  # "terms", or "filter" holding "valori"
            facets[facet] = self._valori_facet(facet, getattr(aggregazione, "valori", aggregazione).buckets)
        totale = risposta.hits.total.value
        risultati = [self._risultato(hit) for hit in risposta.hits]
        alternative = self._alternative(ricerca.q) if totale == 0 and ricerca.q.strip() else []
        return Risultati(risultati=risultati, totale=totale, facets=facets, alternative=alternative)

    @staticmethod
    def _valori_facet(facet: str, buckets) -> list[tuple[str, int]]:
        if facet == "validata":
            valori = [(b.key_as_string, b.doc_count) for b in buckets]
        else:
            valori = [(str(b.key), b.doc_count) for b in buckets]
        valori = [(valore, n) for valore, n in valori if n]
        if facet == "anno":  # years newest first, whatever their counts
            return sorted(valori, key=lambda v: v[0], reverse=True)
        return sorted(valori, key=lambda v: (-v[1], v[0]))

    @staticmethod
    def _risultato(hit) -> Risultato:
        src = hit.to_dict()
        evidenziati = getattr(hit.meta, "highlight", None)
        frammenti = []
        if evidenziati is not None:
            frammenti = list(evidenziati.to_dict().get("testo") or evidenziati.to_dict().get("testo.parole") or [])
        data = src["data"]
        if isinstance(data, str):
            data = datetime.fromisoformat(data)
        return Risultato(
            id=src["id"],
            tipo=src["tipo"],
            titolo=src["titolo"],
            url=src["url"],
            data=data,
            zone=list(src.get("zone") or []),
            temi=list(src.get("temi") or []),
            validata=bool(src.get("validata")),
            estratto=" … ".join(frammenti) if frammenti else escape(src.get("sommario") or ""),
        )

    def _alternative(self, q: str, quante: int = 3) -> list[str]:
        """ "Forse cercavi": the query with each unknown word replaced by the closest indexed ones."""
        s = (
            self._search()
            .extra(size=0)
            .suggest("titolo", q, term={"field": "titolo.parole", "suggest_mode": "popular"})
            .suggest("testo", q, term={"field": "testo.parole", "suggest_mode": "popular"})
        )
        with _servizio():
            try:
                risposta = s.execute()
            except NotFoundError as exc:
                if _indice_mancante(exc):
                    return []
                raise
        if "suggest" not in risposta:
            return []
        # One entry per word of the query, with the options of both fields, best first.
        termini = []
        for nel_titolo, nel_testo in zip(risposta.suggest.titolo, risposta.suggest.testo, strict=True):
            opzioni = sorted([*nel_titolo.options, *nel_testo.options], key=lambda o: (-o.score, -o.freq))
            termini.append((nel_titolo.text, list(dict.fromkeys(o.text for o in opzioni))))
        frasi = []
        for i in range(quante):
            parti, cambiata = [], False
            for testo, opzioni in termini:
                if opzioni:
                    parti.append(opzioni[min(i, len(opzioni) - 1)])
                    cambiata = True
                else:
                    parti.append(testo)
            frase = " ".join(parti)
            if cambiata and frase not in frasi and frase != q.lower():
                frasi.append(frase)
        return frasi

    def suggerisci(self, prefisso: str, *, limite: int = 8) -> list[dict]:
        """Asked of the node every time (no cache: see the module's docstring)."""
        prefisso = prefisso.strip()
        if not prefisso:
            return []
        return self._suggerimenti(prefisso, limite) or []

    def _suggerimenti(self, prefisso: str, limite: int) -> list[dict] | None:
        """None when there is no index yet. Every word typed must begin a word of the phrase
        ("patto incl" offers "Patto per l'inclusione"); the best matches first, then the newest."""
        s = (
            self._search()
            .query("match", suggerimenti={"query": prefisso, "operator": "and"})
            .source(["suggerimenti", "url", "tipo"])
            .sort("_score", {"data": {"order": "desc"}})
            .extra(size=limite * 2, track_total_hits=False)
        )
        with _servizio():
            try:
                risposta = s.execute()
            except NotFoundError as exc:
                if _indice_mancante(exc):
                    return None
                raise
        iniziali = parole(prefisso)
        visti, suggerimenti = set(), []
        for hit in risposta.hits:
            frasi = list(hit.suggerimenti)
            # The phrase of the document whose words the typed ones begin (a document may offer more than one).
            testo = next((f for f in frasi if completa(f, iniziali)), frasi[0])
            chiave = (testo, hit.url)
            if chiave in visti:
                continue
            visti.add(chiave)
            suggerimenti.append({"testo": testo, "url": hit.url, "tipo": hit.tipo, "id": hit.meta.id})
        return suggerimenti[:limite]

    def ids_e_impronte(self) -> dict[str, str]:
        with _servizio():
            try:
                hits = helpers.scan(
                    self.client_scrittura,
                    index=self.alias,
                    query={"query": {"match_all": {}}, "_source": ["impronta"]},
                    size=2_000,
                    scroll="2m",
                )
                return {hit["_id"]: hit["_source"]["impronta"] for hit in hits}
            except NotFoundError as exc:
                if _indice_mancante(exc):
                    return {}
                raise

    def conta(self) -> int:
        with _servizio():
            try:
                return self.client.count(index=self.alias)["count"]
            except NotFoundError as exc:
                if _indice_mancante(exc):
                    return 0
                raise
