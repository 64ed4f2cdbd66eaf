"""The database engine's facets and date order in memory: one picture per generation of the index.

At 100,000 documents a common word ("povertà", "servizi sociali") matches nearly all of them, and
counting facets or sorting the matches in SQL means joining tens of thousands of rows each time.
Here every document gets a slot (the id of its full-text index entry: the FTS5 rowid on SQLite),
every facet value a bitmap of slots (a Python int, one byte per slot: AND is C code over 100 KB, a
count is `int.bit_count()`), so that a search needs from SQL only the keys of its matches.

The picture belongs to one *generation* of the index: `search.StatoIndice` holds a random token that
every write of the engine changes in its own transaction (random, not a counter: a rolled back
write must not leave two different indexes with the same number). A search reads the token (one
query) and rebuilds the picture when it differs; a process's first search after a change pays for
it (about 1.7 s at 100,000 documents on SQLite, see bench/README.md).
"""

from __future__ import annotations

import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import connection

# The facets held as bitmaps (all of search.backends.base.FACETS).
CAMPI = ("tipo", "zona", "tema", "anno", "validata")


def nuova_generazione() -> None:
    """Mark the engine's documents as changed (call inside the writing transaction)."""
    from search.models import StatoIndice

    token = uuid.uuid4().hex
    if not StatoIndice.objects.filter(pk=1).update(generazione=token):
        StatoIndice.objects.create(pk=1, generazione=token)


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
    entry (a match is turned into a bitmap with no lookup). `per_data` lists the slots newest
    first, `ids[slot]` is the document, `valori[campo][valore]` is the bitmap of a facet value and
    `tutti` the bitmap of every document."""

    generazione: str
    ids: dict[int, str]
    per_data: list[int]
    valori: dict[str, dict[str, int]] = field(default_factory=dict)
    tutti: int = 0

    def di_chiavi(self, chiavi: list) -> int:
        """Bitmap of the documents whose full-text keys are `chiavi` (others' keys dropped)."""
        if not chiavi:
            return 0
        byte = bytearray(max(chiavi) + 1)
        for slot in chiavi:
            byte[slot] = 1
        return int.from_bytes(byte, "little") & self.tutti

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
        for slot in self.per_data:
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
    """The current picture of this process, rebuilt when the generation changes."""

    def __init__(self):
        self._istantanea: Istantanea | None = None
        self._lock = threading.Lock()

    def corrente(self, chiavi_sql: tuple[str, list]) -> Istantanea:
        generazione = generazione_corrente()
        istantanea = self._istantanea
        if istantanea is not None and istantanea.generazione == generazione:
            return istantanea
        with self._lock:
            istantanea = self._istantanea
            if istantanea is None or istantanea.generazione != generazione:
                istantanea = costruisci(generazione, chiavi_sql)
                self._istantanea = istantanea
        return istantanea


def costruisci(generazione: str, chiavi_sql: tuple[str, list]) -> Istantanea:
    """Read the documents' facets (four queries, plain cursors: no field converters on 100,000
    rows) into a new picture. `chiavi_sql` selects (document id, full-text key) of every
    document."""
    from search.models import DocumentoIndicizzato, FacetDocumento

    tabella_doc, tabella_facet = DocumentoIndicizzato._meta.db_table, FacetDocumento._meta.db_table
    sql, parametri = chiavi_sql
    with connection.cursor() as cursore:
        cursore.execute(sql, parametri)
        chiave_di_id = dict(cursore.fetchall())
        # Two reads of covering indexes, (data, id) and (id, tipo, anno, validata, data): the rows
        # themselves hold long texts, and dates would go through a converter each.
        cursore.execute(f'SELECT id FROM "{tabella_doc}" ORDER BY data DESC, id DESC')  # noqa: S608
        per_data_ids = [riga[0] for riga in cursore.fetchall()]
        cursore.execute(f'SELECT id, tipo, anno, validata FROM "{tabella_doc}"')  # noqa: S608
        colonne = {riga[0]: riga for riga in cursore.fetchall()}
        cursore.execute(f'SELECT documento_id, campo, valore FROM "{tabella_facet}"')  # noqa: S608
        facet = cursore.fetchall()
    per_data_ids = [id_ for id_ in per_data_ids if id_ in chiave_di_id]  # not in the full-text index: never matches
    per_data = [chiave_di_id[id_] for id_ in per_data_ids]
    righe = [colonne[id_] for id_ in per_data_ids]
    n = max(per_data, default=-1) + 1
    ids = dict(zip(per_data, map(itemgetter(0), righe), strict=True))
    slot_di_id = dict(zip(ids.values(), ids.keys(), strict=True))
    byte = defaultdict(lambda: defaultdict(lambda: bytearray(n)))
    tipo, anno, validata = byte["tipo"], byte["anno"], byte["validata"]
    for slot, (_id, t, a, v) in zip(per_data, righe, strict=True):
        tipo[t][slot] = 1
        anno[str(a)][slot] = 1
        validata["true" if v else "false"][slot] = 1
    for documento_id, campo, valore in facet:
        slot = slot_di_id.get(documento_id)
        if slot is not None:
            byte[campo][valore][slot] = 1
    valori = {campo: {v: int.from_bytes(b, "little") for v, b in byte[campo].items()} for campo in CAMPI}
    return Istantanea(
        generazione=generazione,
        ids=ids,
        per_data=per_data,
        valori=valori,
        tutti=bitmap(per_data, n),
    )
