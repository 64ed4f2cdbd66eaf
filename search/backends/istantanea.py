"""The database engine's facets and date order in memory: one picture per generation of the index.

At 100,000 documents a common word ("povertà", "servizi sociali") matches nearly all of them, and
counting facets or sorting the matches in SQL means joining tens of thousands of rows each time.
Here every document gets a slot (the id of its full-text index entry: the FTS5 rowid on SQLite),
every facet value a bitmap of slots (a Python int, one byte per slot: AND is C code over 100 KB, a
count is `int.bit_count()`), so that a search needs from SQL only the keys of its matches.

The picture belongs to one *generation* of the index: `search.StatoIndice` holds a random token that
every write of the engine changes in its own transaction (random, not a counter: a rolled back
write must not leave two different indexes with the same number), and `search.CambioIndice` lists,
in the same transaction, the documents that write changed. A search reads the token (one query);
when it differs, the picture is updated with the documents changed since its generation (four
small queries and a few bitmap operations), or rebuilt from every document when those are not
known: the first picture of a process, a rebuild of the index, more than LIMITE_CAMBI documents,
a generation no longer in the log (about 1.7 s at 100,000 documents on SQLite, see bench/README.md).
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import connection
from modelsearch.conf import get_app_config
from modelsearch.utils import get_content_type_pk

# The facets held as bitmaps (all of search.backends.base.FACETS).
CAMPI = ("tipo", "zona", "tema", "anno", "validata")
# A picture is updated with at most this many changed documents; beyond, rebuilt.
LIMITE_CAMBI = 2000
# Rows of search.CambioIndice kept: a picture older than this many writes is rebuilt.
CAMBI_TENUTI = 500


def nuova_generazione(documenti: Iterable[str] | None = None) -> None:
    """Mark the engine's documents as changed (call inside the writing transaction): `documenti`
    the ids written or deleted, None for all of them (a rebuild)."""
    from search.models import CambioIndice, StatoIndice

    token = uuid.uuid4().hex
    # The row lock of this UPDATE orders concurrent writers: their log rows follow their commits.
    if not StatoIndice.objects.filter(pk=1).update(generazione=token):
        StatoIndice.objects.create(pk=1, generazione=token)
    if documenti is not None:
        documenti = list(dict.fromkeys(documenti))
        if len(documenti) > LIMITE_CAMBI:
            documenti = None
    cambio = CambioIndice.objects.create(generazione=token, documenti=documenti)
    CambioIndice.objects.filter(pk__lte=cambio.pk - CAMBI_TENUTI)._raw_delete(connection.alias)


def generazione_corrente() -> str:
    from search.models import StatoIndice

    return StatoIndice.objects.filter(pk=1).values_list("generazione", flat=True).first() or ""


def bitmap(slot: Iterable[int], n: int) -> int:
    """The bitmap (one byte per slot) of `slot` among `n` slots."""
    byte = bytearray(n)
    for p in slot:
        byte[p] = 1
    return int.from_bytes(byte, "little")


@dataclass
class Istantanea:
    """Documents of one generation, each in a *slot*: its full-text key, the id of its index
    entry (a match is turned into a bitmap with no lookup). `ordine` lists (date, id, slot) oldest
    first, `ids[slot]` is the document and `slot_di_id` the way back, `valori[campo][valore]` is the
    bitmap of a facet value and `tutti` the bitmap of every document."""

    generazione: str
    ids: dict[int, str]
    slot_di_id: dict[str, int]
    ordine: list[tuple]
    valori: dict[str, dict[str, int]]
    tutti: int

    def di_chiavi(self, chiavi: list) -> int:
        """Bitmap of the documents whose full-text keys are `chiavi` (others' keys dropped)."""
        if not chiavi:
            return 0
        return bitmap(chiavi, max(chiavi) + 1) & self.tutti

    def slot(self, chiave: int) -> int | None:
        return chiave if chiave in self.ids else None

    def filtro(self, campo: str, valori: Iterable[str]) -> int:
        """Documents with any of `valori` for `campo` (OR within a facet)."""
        risultato = 0
        for valore in valori:
            risultato |= self.valori.get(campo, {}).get(str(valore), 0)
        return risultato

    def conteggi(self, campo: str, insieme: int) -> dict[str, int]:
        """Count of each value of `campo` among the documents of `insieme` (zeros left out)."""
        conteggi = {}
        for valore, bits in self.valori.get(campo, {}).items():
            n = (bits & insieme).bit_count()
            if n:
                conteggi[valore] = n
        return conteggi

    def per_data_in(self, insieme: int, *, inizio: int, quante: int) -> list[int]:
        """Slots of `insieme` from the `inizio`-th to the `inizio + quante`-th, newest first."""
        if not insieme or quante <= 0:
            return []
        byte = insieme.to_bytes((insieme.bit_length() + 7) // 8, "little")
        fine = len(byte)
        trovate, saltate = [], 0
        for _data, _id, slot in reversed(self.ordine):
            if slot < fine and byte[slot]:
                if saltate < inizio:
                    saltate += 1
                    continue
                trovate.append(slot)
                if len(trovate) == quante:
                    break
        return trovate

    @staticmethod
    def contiene(insieme: int, slot: int) -> bool:
        return bool(insieme >> (slot * 8) & 1)


class Istantanee:
    """The current picture of this process, updated (or rebuilt) when the generation changes."""

    def __init__(self):
        self._istantanea: Istantanea | None = None
        self._lock = threading.Lock()

    def corrente(self) -> Istantanea:
        generazione = generazione_corrente()
        istantanea = self._istantanea
        if istantanea is not None and istantanea.generazione == generazione:
            return istantanea
        with self._lock:
            istantanea = self._istantanea
            if istantanea is None:
                istantanea = costruisci(generazione)
            elif istantanea.generazione != generazione:
                istantanea = aggiorna(istantanea, generazione) or costruisci(generazione)
            self._istantanea = istantanea
        return istantanea


def a_blocchi(elementi: Iterable, n: int) -> Iterator[list]:
    """`elementi` in lists of `n` (the last one shorter)."""
    iteratore = iter(elementi)
    while blocco := list(islice(iteratore, n)):
        yield blocco


def _leggi(ids: list[str] | None = None) -> tuple[dict, list, list]:
    """({document id: full-text key}, [(id, date, tipo, anno, validata)], [(id, campo, valore)])
    of every document, or of `ids`: three queries (per block of ids) with plain cursors, no field
    converters on 100,000 rows, reading covering indexes (the rows themselves hold long texts)."""
    from search.models import DocumentoIndicizzato, FacetDocumento

    ie = get_app_config().get_model("IndexEntry")._meta.db_table
    tipo_documento = get_content_type_pk(DocumentoIndicizzato)
    letture = [  # (SELECT ..., its conditions, their parameters, the document id column)
        (f'SELECT object_id, id FROM "{ie}"', ["content_type_id = %s"], [tipo_documento], "object_id"),  # noqa: S608
        (f'SELECT id, data, tipo, anno, validata FROM "{DocumentoIndicizzato._meta.db_table}"', [], [], "id"),  # noqa: S608
        (f'SELECT documento_id, campo, valore FROM "{FacetDocumento._meta.db_table}"', [], [], "documento_id"),  # noqa: S608
    ]
    risultati = []
    with connection.cursor() as cursore:
        for select, condizioni, parametri, colonna in letture:
            righe = []
            for blocco in [None] if ids is None else a_blocchi(ids, 500):
                dove = (
                    condizioni if blocco is None else [*condizioni, f"{colonna} IN ({', '.join(['%s'] * len(blocco))})"]
                )
                sql = select + (" WHERE " + " AND ".join(dove) if dove else "")
                cursore.execute(sql, parametri + (blocco or []))
                righe.extend(cursore.fetchall())
            risultati.append(righe)
    chiavi, documenti, facet = risultati
    return dict(chiavi), documenti, facet


def _bitmap_dei_valori(righe: list, facet: list, slot_di_id: dict[str, int]) -> dict[str, dict[str, int]]:
    """{campo: {valore: bitmap}} of these documents (`righe` as `_leggi` gives them, in slots)."""
    n = max(slot_di_id.values(), default=-1) + 1
    byte = defaultdict(lambda: defaultdict(lambda: bytearray(n)))
    tipo, anno, validata = byte["tipo"], byte["anno"], byte["validata"]
    for id_, _data, t, a, v in righe:
        slot = slot_di_id.get(id_)
        if slot is not None:
            tipo[t][slot] = 1
            anno[str(a)][slot] = 1
            validata["true" if v else "false"][slot] = 1
    for documento_id, campo, valore in facet:
        slot = slot_di_id.get(documento_id)
        if slot is not None:
            byte[campo][valore][slot] = 1
    return {campo: {v: int.from_bytes(b, "little") for v, b in byte[campo].items()} for campo in CAMPI}


def _ordine(righe: list, slot_di_id: dict[str, int]) -> list[tuple]:
    """(date, id, slot) of the documents of `righe` that have a slot, oldest first."""
    return sorted((data, id_, slot_di_id[id_]) for id_, data, *_resto in righe if id_ in slot_di_id)


def costruisci(generazione: str) -> Istantanea:
    """The picture of every document (three queries)."""
    chiave_di_id, righe, facet = _leggi()
    # A document with no full-text entry never matches: it has no slot.
    slot_di_id = {id_: chiave_di_id[id_] for id_, *_resto in righe if id_ in chiave_di_id}
    return Istantanea(
        generazione=generazione,
        ids={slot: id_ for id_, slot in slot_di_id.items()},
        slot_di_id=slot_di_id,
        ordine=_ordine(righe, slot_di_id),
        valori=_bitmap_dei_valori(righe, facet, slot_di_id),
        tutti=bitmap(slot_di_id.values(), max(slot_di_id.values(), default=-1) + 1),
    )


def documenti_cambiati(da: str, a: str) -> set[str] | None:
    """The documents that the writes after generation `da` up to generation `a` changed; None when
    that is not known (a rebuild, too many documents, `da` no longer in the log)."""
    from search.models import CambioIndice

    dopo = CambioIndice.objects.filter(pk__gt=CambioIndice.objects.filter(generazione=da).values("pk")[:1]).order_by(
        "pk"
    )
    documenti = set()
    for generazione, ids in dopo.values_list("generazione", "documenti"):
        if ids is None:
            return None
        documenti.update(ids)
        if len(documenti) > LIMITE_CAMBI:
            return None
        if generazione == a:
            return documenti
    return None  # `a` not reached: `da` pruned from the log, or not there at all


def aggiorna(vecchia: Istantanea, generazione: str) -> Istantanea | None:
    """The picture of `generazione` made from `vecchia` by reading again only the documents changed
    since; None when they are not known. `vecchia` is not touched (other threads may read it).
    Rows read may already hold later writes: the next search applies those writes again."""
    cambiati = documenti_cambiati(vecchia.generazione, generazione)
    if cambiati is None:
        return None
    chiave_di_id, righe, facet = _leggi(sorted(cambiati)) if cambiati else ({}, [], [])
    via = {vecchia.slot_di_id[id_] for id_ in cambiati if id_ in vecchia.slot_di_id}
    maschera = ~bitmap(via, max(via) + 1) if via else -1
    nuovi = {id_: chiave_di_id[id_] for id_, *_resto in righe if id_ in chiave_di_id}
    aggiunti = _bitmap_dei_valori(righe, facet, nuovi)
    valori = {}
    for campo in CAMPI:
        prima, dopo = vecchia.valori.get(campo, {}), aggiunti.get(campo, {})
        valori[campo] = {v: (prima.get(v, 0) & maschera) | dopo.get(v, 0) for v in prima.keys() | dopo.keys()}
    slot_di_id = {id_: slot for id_, slot in vecchia.slot_di_id.items() if slot not in via}
    slot_di_id.update(nuovi)
    ordine = [voce for voce in vecchia.ordine if voce[2] not in via]
    ordine.extend(_ordine(righe, nuovi))
    ordine.sort()  # two sorted runs: one merge
    return Istantanea(
        generazione=generazione,
        ids={slot: id_ for id_, slot in slot_di_id.items()},
        slot_di_id=slot_di_id,
        ordine=ordine,
        valori=valori,
        tutti=(vecchia.tutti & maschera) | bitmap(nuovi.values(), max(nuovi.values(), default=-1) + 1),
    )
