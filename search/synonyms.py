"""The synonyms of Italian social work (search/sinonimi.txt, Solr format), applied at query time.

Both engines call `espandi(q)` and search the alternatives it returns (OR). Expanding the query
rather than the indexed text means that an editor's change to the file is live at the next search,
with no reindex, and that it works the same on the database backend and on an Elasticsearch
server (the in-memory test server does not apply synonym token filters)."""

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from cop.cache import CacheVersionata

from .analisi import piega, radice, vuota

FILE_PREDEFINITO = Path(__file__).resolve().parent / "sinonimi.txt"
MASSIMO_ALTERNATIVE = 12

_PAROLA = re.compile(r"\w+")

# (comune, name of its zone) of every zone: moved on when a zone is saved or deleted (search.signals).
COMUNI = CacheVersionata("search:comuni")


@dataclass(frozen=True)
class Regola:
    da: tuple[tuple[str, ...], ...]  # root sequences that trigger the rule
    a: tuple[str, ...]  # phrases that replace the matched words
    mantieni: bool  # "a, b" keeps the original words; "a => b" replaces them


def chiave(frase):
    """The roots of a phrase without stop words: how phrases are compared ("Unità di valutazione"
    and "unita' valutazione" are the same key)."""
    return tuple(radice(piega(p)) for p in _PAROLA.findall(frase) if not vuota(p))


def leggi_regole(testo):
    """Rules from the Solr synonyms format: comment lines with #, `a, b, c` (equivalent) and
    `a, b => c, d` (explicit mapping)."""
    regole = []
    for riga in testo.splitlines():
        riga = riga.split("#", 1)[0].strip()
        if not riga:
            continue
        if "=>" in riga:
            sinistra, destra = riga.split("=>", 1)
            da = [f.strip() for f in sinistra.split(",") if f.strip()]
            a = [f.strip() for f in destra.split(",") if f.strip()]
            mantieni = False
        else:
            da = a = [f.strip() for f in riga.split(",") if f.strip()]
            mantieni = True
        chiavi = tuple(k for k in (chiave(f) for f in da) if k)
        if chiavi and a:
            regole.append(Regola(da=chiavi, a=tuple(a), mantieni=mantieni))
    return regole


_cache = {"percorso": None, "mtime": None, "indice": {}}


def _percorso():
    return Path(getattr(settings, "SEARCH_SINONIMI", FILE_PREDEFINITO))


def indice_sinonimi():
    """{root sequence: [phrases]} of the file's rules and of the comuni of the zones (`comuni_e_zone`)."""
    dal_file = _indice_del_file()
    coppie = comuni_e_zone()
    if not coppie:
        return dal_file
    return _con_i_comuni(dal_file, coppie)


def comuni_e_zone():
    """(comune, zone name) of every zone whose data lists its comuni: a comune typed also finds its
    zone's content, by the zone's name ("Poppi" -> Casentino, "Firenze" -> Fiorentina), as a synonym
    that keeps the comune itself. One cached read of the zones."""
    from cop.models import Zona

    def calcola():
        return [
            (comune, zona.nome)
            for zona in Zona.objects.only("nome", "comuni").order_by("nome")
            for comune in zona.elenco_comuni
            if chiave(comune) and chiave(comune) != chiave(zona.nome)
        ]

    return tuple(tuple(coppia) for coppia in COMUNI.valore(calcola=calcola))


@lru_cache(maxsize=4)
def _con_i_comuni(dal_file, coppie):
    indice = {k: list(frasi) for k, frasi in dal_file.items()}
    for comune, zona in coppie:
        frasi = indice.setdefault(chiave(comune), [None])
        if None not in frasi:
            frasi.insert(0, None)
        if chiave(zona) not in {chiave(f) for f in frasi if f is not None}:
            frasi.append(zona)
    return _Indice(indice)


class _Indice(dict):
    """A dict that can key `lru_cache` (by identity: the file's index is one object per version)."""

    __hash__ = object.__hash__


def _indice_del_file():
    """{root sequence: [phrases]} from the file, re-read when the file changes."""
    percorso = _percorso()
    try:
        mtime = percorso.stat().st_mtime_ns
    except FileNotFoundError:
        return _Indice()
    if _cache["percorso"] != percorso or _cache["mtime"] != mtime:
        indice = {}
        for regola in leggi_regole(percorso.read_text(encoding="utf-8")):
            for k in regola.da:
                frasi = indice.setdefault(k, [])
                if regola.mantieni and None not in frasi:
                    frasi.append(None)  # None: the original words stay as one alternative
                chiavi_presenti = {chiave(f) for f in frasi if f is not None}
                for frase in regola.a:
                    c = chiave(frase)
                    if (regola.mantieni and c == k) or c in chiavi_presenti:
                        continue  # the original itself, or a form that searches the same roots
                    chiavi_presenti.add(c)
                    frasi.append(frase)
        _cache.update(percorso=percorso, mtime=mtime, indice=_Indice(indice))
    return _cache["indice"]


def _e_sigla(frase):
    """One word with two capitals or more: "ADI", "RdC", "PrInS"."""
    return " " not in frase and sum(c.isupper() for c in frase) >= 2


@lru_cache(maxsize=4)
def _sigle_del_file(percorso, _mtime):
    coppie = []
    for riga in percorso.read_text(encoding="utf-8").splitlines():
        riga = riga.split("#", 1)[0].strip()
        frasi = [f.strip() for f in re.split(r",|=>", riga) if f.strip()]
        espansione = next((f for f in frasi if not _e_sigla(f)), None)
        if espansione:
            coppie += [(f, espansione) for f in frasi if _e_sigla(f) and all(f != s for s, _e in coppie)]
    return tuple(coppie)


def sigle():
    """(acronym, what it stands for) of every acronym in the file: ("RdC", "reddito di cittadinanza")."""
    percorso = _percorso()
    try:
        return _sigle_del_file(percorso, percorso.stat().st_mtime_ns)
    except FileNotFoundError:
        return ()


def espandi(q):
    """The query and its alternatives with synonyms substituted, the original first:
    espandi("ADI Firenze") == ["ADI Firenze", "assegno di inclusione Firenze"].
    At most MASSIMO_ALTERNATIVE phrases; an empty query gives []."""
    return [" ".join(" ".join(testo for testo, _frase in pezzi).split()) for pezzi in espandi_in_pezzi(q)]


def espandi_in_pezzi(q):
    """`espandi` with each alternative in pieces: (text, whether it is a substituted synonym), so
    that an engine can match the synonym as a phrase ("SdS" finds "società della salute", not
    "salute" here and "società" there). espandi_in_pezzi("ADI Firenze") ==
    [[("ADI Firenze", False)], [("assegno di inclusione", True), (" Firenze", False)]]."""
    q = " ".join((q or "").split())
    if not q:
        return []
    indice = indice_sinonimi()
    if not indice:
        return [[(q, False)]]
    # The query's words that count (no stop words), with their span in the original string.
    parole = [(radice(piega(m.group())), m.start(), m.end()) for m in _PAROLA.finditer(q) if not vuota(m.group())]
    lunghezze = sorted({len(k) for k in indice}, reverse=True)
    sostituzioni = []  # (start, end, [phrases or None for "keep"])
    i = 0
    while i < len(parole):
        for n in lunghezze:
            k = tuple(r for r, _s, _e in parole[i : i + n])
            if len(k) == n and k in indice:
                frasi = indice[k]
                sostituzioni.append((parole[i][1], parole[i + n - 1][2], frasi))
                i += n
                break
        else:
            i += 1
    if not sostituzioni:
        return [[(q, False)]]
    risultato, viste = [], set()
    for combinazione in itertools.product(*(frasi for _s, _e, frasi in sostituzioni)):
        pezzi, posizione = [], 0
        for (inizio, fine, _frasi), scelta in zip(sostituzioni, combinazione, strict=True):
            pezzi.append((q[posizione:inizio], False))
            pezzi.append((q[inizio:fine], False) if scelta is None else (scelta, True))
            posizione = fine
        pezzi.append((q[posizione:], False))
        pezzi = [(testo, frase) for testo, frase in pezzi if testo.strip()]
        frase = " ".join(" ".join(testo for testo, _f in pezzi).split())
        if frase not in viste:
            viste.add(frase)
            risultato.append(pezzi)
        if len(risultato) >= MASSIMO_ALTERNATIVE:
            break
    return risultato or [[(q, False)]]
