"""Italian text analysis shared by both engines: plain text from HTML, accent folding, stop words,
a light stemmer, and the one highlighter (escape, <mark> around matched words, an excerpt).

The database backend indexes `radici(testo)` and searches `radici(query)`, so that "poverta"
finds "povertà" and "famiglia" finds "famiglie" on SQLite as on PostgreSQL; the highlighter marks
the words of the original text whose root is one of the query's roots, whatever engine matched."""

import html
import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

_TAG = re.compile(r"<[^>]*>")
_PAROLA = re.compile(r"\w+")

# The Snowball list for Italian (what PostgreSQL's "italian" configuration drops), folded, plus
# the elided forms that remain after splitting on the apostrophe ("dell'ambito" -> "dell", "ambito").
_ELENCO_STOP = """
    a ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla dalle
    di d del dello dei degli dell degl della delle in nel nello nei negli nell negl nella nelle
    su sul sullo sui sugli sull sugl sulla sulle per tra fra contro io tu lui lei noi voi loro
    mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre vostro vostra
    vostri vostre mi ti ci vi lo la li le gli ne il un uno una un ma ed se perche anche come dov
    dove che chi cui non piu quale quanto quanti quanta quante quello quelli quella quelle questo
    questi questa queste si tutto tutti c e i l o ho hai ha abbiamo avete hanno abbia abbiate
    abbiano sono sei siamo siete era eri eravamo erano fui fu furono sia siate siano essere
    stato stata stati state
"""
STOP_WORDS = frozenset(_ELENCO_STOP.split())


def testo_semplice(valore):
    """Plain text from HTML (rich text, rendered Markdown): tags become spaces, entities are
    decoded, runs of white space collapse. Much faster than an HTML parser on 100,000 documents."""
    if not valore:
        return ""
    return " ".join(html.unescape(_TAG.sub(" ", str(valore))).split())


_SEGNI_DIACRITICI = re.compile(r"[\u0300-\u036f]")


def piega(testo):
    """Lower case without accents: "Povertà" -> "poverta" (like Elasticsearch's asciifolding).
    Decomposition and removal of the combining marks both run in C: cheap on long texts."""
    testo = testo.lower()
    if testo.isascii():
        return testo
    return _SEGNI_DIACRITICI.sub("", unicodedata.normalize("NFKD", testo))


def radice(parola):
    """Lucene's ItalianLightStemmer (Savoy's light stemmer) on a folded word: plural and gender
    endings go, so "famiglia"/"famiglie" -> "famigl", "poverta" -> "povert". Words under six
    letters are kept as they are (as in Lucene)."""
    n = len(parola)
    if n < 6:
        return parola
    ultima, penultima = parola[-1], parola[-2]
    if ultima == "e":
        return parola[:-2] if penultima in "ih" else parola[:-1]
    if ultima == "i":
        return parola[:-2] if penultima in "hi" else parola[:-1]
    if ultima in "ao":
        return parola[:-2] if penultima == "i" else parola[:-1]
    return parola


def parole(testo):
    """The folded words of a text, stop words included (for autocomplete and vocabularies)."""
    return _PAROLA.findall(piega(testo))


@lru_cache(maxsize=200_000)
def _radice_o_vuota(parola):
    """The root of a folded word, "" for a stop word. Memoised: the words of a corpus repeat
    heavily (a text of 3,800 characters has ~550 words, a few hundred distinct; Italian prose of
    a whole site, some tens of thousands), and a cache hit costs a fraction of the test and the
    slicing; bounded, so that odd texts cannot grow it without end."""
    return "" if parola in STOP_WORDS else radice(parola)


def vuota(parola):
    """Whether a word of the original text is a stop word: "di", "Di" and "sia" are; an acronym in
    capitals that spells one is not ("SIA", sostegno per l'inclusione attiva)."""
    return not (len(parola) > 1 and parola.isupper()) and piega(parola) in STOP_WORDS


# A stop word in capitals somewhere in a text: only then does `radici` look at each word's case.
_SIGLA_VUOTA = re.compile(
    r"\b(?:" + "|".join(sorted((p.upper() for p in STOP_WORDS if len(p) > 1), key=len, reverse=True)) + r")\b"
)


# The root of an acronym that spells a stop word ("SIA") ends with this mark: "sia0". The database
# engine's PostgreSQL configuration ("italian") would drop "sia" again as a stop word; "sia0" it keeps,
# and no Italian word ends in a digit.
MARCA_SIGLA = "0"


def radice_di(parola):
    """The root of a word of the original text ("" for a stop word); an acronym in capitals that
    spells a stop word gets `MARCA_SIGLA`."""
    piegata = piega(parola)
    if piegata not in STOP_WORDS:
        return radice(piegata)
    return piegata + MARCA_SIGLA if not vuota(parola) else ""


def radici(testo):
    """The roots of the words of a text, without stop words (acronyms in capitals kept, see
    `vuota` and `MARCA_SIGLA`), in order (repeats kept)."""
    if _SIGLA_VUOTA.search(testo) is None:
        return [r for r in map(_radice_o_vuota, parole(testo)) if r]
    return [r for r in map(radice_di, _PAROLA.findall(testo)) if r]


def completa(testo, iniziali):
    """Whether each typed word (`iniziali`, from `parole`) begins a word of `testo`: how a
    suggestion matches what is being typed ("patto incl" -> "Patto per l'inclusione")."""
    parole_testo = parole(testo)
    return all(any(p.startswith(i) for p in parole_testo) for i in iniziali)


def testo_radici(testo):
    """`radici` as one string: what the database engine matches (see search/backends/database.py)."""
    return " ".join(radici(testo))


# --- Highlighting -------------------------------------------------------------------------------

LUNGHEZZA_ESTRATTO = 200


def _varianti():
    """{ascii letter: regex class of the letter and its accented forms}."""
    varianti = {}
    for codice in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(codice))[0].lower()
        if base.isascii() and base.isalpha():
            varianti.setdefault(base, {base}).add(chr(codice))
    return {lettera: "[" + "".join(sorted(forme)) + "]" for lettera, forme in varianti.items()}


_VARIANTI = _varianti()


def _modello_radice(radice_piegata):
    """A regex for words of the original text that fold to something starting with the root."""
    return "".join(_VARIANTI.get(c, re.escape(c)) for c in radice_piegata)


def evidenzia(testo, termini, *, lunghezza=LUNGHEZZA_ESTRATTO, ripiego=None):
    """Safe HTML: about `lunghezza` characters of `testo` around its first word whose root is in
    `termini` (roots, see `radici`), every such word wrapped in <mark>, everything else escaped.
    Without a match: the start of `ripiego` when given (e.g. the summary), else of `testo`.
    A regular expression finds the candidates, so a long transcript costs little."""
    testo = " ".join((testo or "").split())
    trovate = list(_parole_trovate(testo, termini, lunghezza))
    if not trovate and ripiego is not None:
        testo = " ".join(ripiego.split())
    if trovate:
        centro = trovate[0][0]
        inizio = max(0, centro - lunghezza // 3)
        if inizio:
            spazio = testo.find(" ", inizio)
            inizio = spazio + 1 if 0 <= spazio < centro else inizio
    else:
        inizio = 0
    fine = min(len(testo), inizio + lunghezza)
    if fine < len(testo):
        spazio = testo.rfind(" ", inizio, fine)
        fine = spazio if spazio > inizio else fine
    parti = ["…"] if inizio else []
    posizione = inizio
    for da, a in trovate:
        if da < inizio:
            continue
        if a > fine:
            break
        parti.append(escape(testo[posizione:da]))
        parti.append(f"<mark>{escape(testo[da:a])}</mark>")
        posizione = a
    parti.append(escape(testo[posizione:fine]))
    if fine < len(testo):
        parti.append("…")
    return mark_safe("".join(parti))  # noqa: S308 - every piece of text above is escaped


def _parole_trovate(testo, termini, lunghezza):
    """(start, end) of the words of `testo` whose root is in `termini`, up to the end of the
    excerpt that the first one opens."""
    termini = {t for t in termini if t}
    if not termini or not testo:
        return
    modelli = {t.removesuffix(MARCA_SIGLA) if t[:-1] in STOP_WORDS else t for t in termini}
    alternative = "|".join(_modello_radice(t) for t in sorted(modelli, key=len, reverse=True))
    candidati = re.compile(r"(?<!\w)(?:" + alternative + r")\w*", re.IGNORECASE)
    limite = None
    for m in candidati.finditer(testo):
        if limite is not None and m.start() > limite:
            return
        if radice_di(m.group()) in termini:
            if limite is None:
                limite = m.start() + lunghezza
            yield m.start(), m.end()


__all__ = [
    "STOP_WORDS",
    "completa",
    "evidenzia",
    "parole",
    "piega",
    "radice",
    "radici",
    "testo_radici",
    "testo_semplice",
    "vuota",
]
