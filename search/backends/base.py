"""The one interface of the search engine; two implementations (database, Elasticsearch).

Everything above this module (search page, suggestions, "Flusso", commands) talks to
`get_backend()` and these dataclasses only. A document is a plain dict built by a source in
`search.documents` (see `Documento` below): both backends store and search the same fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypedDict

# Kinds of document, as shown in the "Tipo" facet; the keys are stable identifiers.
# A forum reply is part of its topic's document (search.documents.SorgenteDiscussioni).
TIPI = ("pratica", "evento", "discussione", "aggiornamento", "pagina", "servizio")

# Kinds found after every other one when the results are ordered by relevance: the privacy and
# cookie notices, the legal notes and the accessibility statement (they hold common words such as
# "dati", "servizi", "comunità", and nobody searching the site's content wants them first).
TIPI_IN_FONDO = ("servizio",)

# Facets, in the order the page shows them. Multi-valued for zona/tema.
FACETS = ("tipo", "zona", "tema", "anno", "validata")

ORDINAMENTI = ("rilevanza", "data")


class Documento(TypedDict):
    """What a source produces for one public object; exactly these keys."""

    id: str  # "<app_label.model>:<pk>", stable; the key in the index and in the outbox
    tipo: str  # one of TIPI
    titolo: str
    testo: str  # plain text, no HTML; body, sections, transcript, post text
    sommario: str  # short plain text shown when there is no highlight
    url: str  # path on the site, e.g. "/buone-pratiche/slug/"
    data: datetime  # the date users think of (published, event start, post created); aware
    anno: int
    zone: list[str]  # Zona slugs
    temi: list[str]  # Tema slugs
    validata: bool  # practices only; False elsewhere
    suggerimenti: list[str]  # phrases offered while typing (usually the title)


class SearchUnavailable(Exception):
    """The engine cannot answer now (down, timeout). The page shows a notice, not a 500."""


@dataclass(frozen=True)
class Ricerca:
    """A search as the page asks it. Filters are AND across facets, OR within one facet."""

    q: str = ""
    tipo: tuple[str, ...] = ()
    zona: tuple[str, ...] = ()
    tema: tuple[str, ...] = ()
    anno: tuple[int, ...] = ()
    validata: bool | None = None
    ordina: str = "rilevanza"  # or "data" (newest first)
    pagina: int = 1  # 1-based
    per_pagina: int = 20
    # Most of the words, not all (`parole_richieste`): the page asks it when every word gives nothing.
    parziale: bool = False


def parole_richieste(n: int) -> int:
    """How many of a query's `n` words a document needs in a partial search: all but one up to four
    words, three in four beyond (a long question typed in full), at least one."""
    return max(1, n - 1 if n <= 4 else -(-3 * n // 4))


@dataclass
class Risultato:
    id: str
    tipo: str
    titolo: str
    url: str
    data: datetime
    zone: list[str]
    temi: list[str]
    validata: bool
    # Safe HTML: the text is escaped and only <mark> tags are added around matched words.
    estratto: str


@dataclass
class Risultati:
    risultati: list[Risultato]
    totale: int
    # facet name -> list of (value, count), counts computed with the other facets' filters applied
    # to the query but not this facet's own (so a chosen value does not hide its siblings).
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # When nothing is found: alternative spellings/terms to offer ("Forse cercavi").
    alternative: list[str] = field(default_factory=list)


@dataclass
class Differenze:
    """Outcome of `check`: ids in the database but not the index, the reverse, and stale ones."""

    mancanti: list[str]
    in_piu: list[str]
    diversi: list[str]

    @property
    def in_ordine(self) -> bool:
        return not (self.mancanti or self.in_piu or self.diversi)


class SearchBackend:
    """Both engines implement all of this; the shared suite in search/tests runs against each."""

    nome = ""

    def applica(self, *, aggiornati: Iterable[Documento], eliminati: Iterable[str]) -> None:
        """Write documents (insert or replace by id) and delete ids, in bulk. Raises SearchUnavailable."""
        raise NotImplementedError

    def cerca(self, ricerca: Ricerca) -> Risultati:
        raise NotImplementedError

    def suggerisci(self, prefisso: str, *, limite: int = 8) -> list[dict]:
        """Suggestions while typing: [{"testo": ..., "url": ..., "tipo": ..., "id": the document's id}]."""
        raise NotImplementedError

    def ricostruisci(self, documenti: Iterator[Documento], *, totale: int, avanzamento: Callable[[int], None]) -> None:
        """Build a fresh index from the database and make it live at once (alias swap for ES)."""
        raise NotImplementedError

    def ids_e_impronte(self) -> dict[str, str]:
        """id -> fingerprint of every stored document, for `check`."""
        raise NotImplementedError

    def conta(self) -> int:
        raise NotImplementedError


def impronta(doc: Documento) -> str:
    """Fingerprint of a document, identical whichever engine stores it."""
    import hashlib
    import json

    def _default(value):
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        raise TypeError(type(value))

    normalised = {k: (sorted(v) if isinstance(v, list) else v) for k, v in doc.items()}
    return hashlib.sha1(
        json.dumps(normalised, sort_keys=True, default=_default).encode(), usedforsecurity=False
    ).hexdigest()
