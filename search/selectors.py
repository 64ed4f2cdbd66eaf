"""What the search page shows, from the engine's answer: result cards with names instead of slugs,
facet options with counts, the page of a paginator. Queries besides the engine's: the two vocabularies
(cached) and one per kind of content on the page, to check that each result is still visible
(`ancora_visibili`), whatever the number of results."""

import html
import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Page as PaginaWagtail

from search import documents
from search.analisi import completa, parole, piega, radici
from search.backends.base import Risultati, Risultato, SearchUnavailable
from search.forms import ETICHETTE_FACET, ETICHETTE_TIPO, MAX_PAGINA, MULTIPLI, ParametriRicerca, vocabolari
from search.models import Modifica
from search.synonyms import sigle

logger = logging.getLogger(__name__)

MARK_RE = re.compile(r"</?mark>")
VERO = (True, 1, "1", "true", "True")


@dataclass
class Voce:
    """One result card."""

    tipo: str
    etichetta_tipo: str
    titolo: str
    url: str
    data: datetime
    zone: list[str]  # names
    temi: list[str]  # names
    validata: bool
    estratto: SafeString


@dataclass
class PaginaRicerca:
    parametri: ParametriRicerca
    non_disponibile: bool = False
    pagina: Page | None = None  # of Voce
    totale: int = 0
    faccette: list = field(default_factory=list)  # [{parametro, etichetta, opzioni: [{valore, etichetta, n, scelto}]}]
    opzionali: list = field(default_factory=list)  # the "solo validate" checkbox
    alternative: list = field(default_factory=list)  # [{testo, querystring}]
    avvisi: list = field(default_factory=list)
    parziale: bool = False  # no document held every word: these hold most of them
    informazioni: list = field(default_factory=list)  # how the page changed a search that found nothing

    @property
    def q(self):
        return self.parametri.ricerca.q


class _Finestra(Sequence):
    """What `Paginator` needs of the engine's answer: the total as length, and the hits of the page
    asked for as the slice it takes (the only slice it ever takes)."""

    def __init__(self, voci, totale):
        self.voci = voci
        self.totale = totale

    def __len__(self):
        return self.totale

    def __getitem__(self, indice):
        return self.voci


def estratto_sicuro(testo):
    """The engine promises escaped text with <mark> tags only: keep it as HTML when that holds, and
    show it as plain text (marks dropped) when it does not."""
    if "<" not in MARK_RE.sub("", testo) and ">" not in MARK_RE.sub("", testo):
        return mark_safe(testo)  # noqa: S308 - checked just above: escaped text and <mark> tags only
    logger.warning("Estratto con HTML diverso da <mark> dal motore di ricerca: mostrato come testo.")
    return escape(html.unescape(strip_tags(testo)))


# --- What the index says against what the database says now ------------------------------------------


@dataclass
class Visibili:
    """Of the ids of a page of results, those whose source a visitor can open now, and those whose
    latest change the index has not applied yet (a post hidden by a moderator a moment ago is still
    in its topic's indexed text): their excerpt is not shown."""

    ids: set = field(default_factory=set)
    senza_testo: set = field(default_factory=set)


def _oggetti_per_sorgente(ids):
    """{source: {model: {pk: id}}} of the ids whose kind has a source; the others are dropped."""
    gruppi = defaultdict(lambda: defaultdict(dict))
    for doc_id in ids:
        try:
            etichetta, pk = documents.dividi_id(doc_id)
        except ValueError:
            continue
        sorgente, modello = documents.registro.per_etichetta(etichetta)
        if sorgente is None:
            continue
        try:
            gruppi[sorgente][modello][modello._meta.pk.to_python(pk)] = doc_id
        except ValidationError:
            continue
    return gruppi


def ancora_visibili(ids) -> Visibili:
    """Which of `ids` (the documents of one page of results or suggestions) a visitor may still see,
    whatever the index says: the index catches up with a change only when the worker has run, and
    until then an unpublished or restricted page, a hidden post, would still be found. The search shows
    public content only (what the sources index, search/documents.py), so the test is the sources' own
    definition of public: live pages with no view restriction, the posts an anonymous visitor reads.

    One query per kind on the page, whatever the number of results (the view restrictions and the
    pages, every page type at once; the topics), and one of the pending outbox records."""
    visibili = Visibili()
    pagine = {}
    for sorgente, per_modello in _oggetti_per_sorgente(ids).items():
        if isinstance(sorgente, documents.SorgenteDiPagine):
            for pks in per_modello.values():
                pagine.update(pks)
            continue
        for modello, pks in per_modello.items():
            qs = sorgente.queryset(modello).filter(pk__in=list(pks))
            visibili.ids.update(pks[pk] for pk in qs.values_list("pk", flat=True))
    if pagine:
        aperte = PaginaWagtail.objects.live().public().filter(pk__in=list(pagine)).values_list("pk", flat=True)
        visibili.ids.update(pagine[pk] for pk in aperte)
    if visibili.ids:
        in_sospeso = Modifica.objects.filter(documento__in=visibili.ids).values_list("documento", flat=True)
        visibili.senza_testo.update(in_sospeso)
    return visibili


def suggerimenti_dei_vocabolari(prefisso, *, limite=2):
    """Zones, themes and acronyms whose name has a word beginning with each word typed ("Casen" ->
    Casentino, "rdc" -> RdC): each leads to the search filtered by it (zones, themes) or for it."""
    iniziali = parole(prefisso)
    if not iniziali:
        return []

    nomi = vocabolari()
    url = reverse("search:cerca")
    voci = [
        {"testo": nome, "url": f"{url}?{urlencode({'zona': slug})}", "tipo": "zona"}
        for slug, nome in nomi.zone.items()
        if completa(nome, iniziali)
    ]
    voci += [
        {"testo": nome, "url": f"{url}?{urlencode({'tema': slug})}", "tipo": "tema"}
        for slug, nome in nomi.temi.items()
        if completa(nome, iniziali)
    ]
    voci += [
        {"testo": f"{sigla} ({espansione})", "url": f"{url}?{urlencode({'q': sigla})}", "tipo": "sigla"}
        for sigla, espansione in sigle()
        if completa(sigla, iniziali)
    ]
    # Names that begin with what was typed first ("Casen": Casentino before Aretina-Casentino-...).
    inizio = piega(" ".join(prefisso.split()))
    voci.sort(key=lambda voce: not piega(voce["testo"]).startswith(inizio))
    return voci[:limite]


def suggerimenti_visibili(voci, limite):
    """The engine's suggestions whose document is still visible (see `ancora_visibili`), at most `limite`."""
    visibili = ancora_visibili(v["id"] for v in voci)
    return [v for v in voci if v["id"] in visibili.ids][:limite]


def _voce(risultato: Risultato, vocabolari, *, con_testo=True):
    return Voce(
        tipo=risultato.tipo,
        etichetta_tipo=str(ETICHETTE_TIPO.get(risultato.tipo, ETICHETTE_TIPO["pagina"])),
        titolo=risultato.titolo,
        url=risultato.url,
        data=risultato.data,
        zone=[vocabolari.zone[s] for s in risultato.zone if s in vocabolari.zone],
        temi=[vocabolari.temi[s] for s in risultato.temi if s in vocabolari.temi],
        validata=risultato.validata,
        estratto=estratto_sicuro(risultato.estratto or "") if con_testo else "",
    )


def _opzioni(nome, conteggi, parametri):
    """Values with at least one result, plus those chosen (even if now at zero), in vocabulary order
    (years newest first). Values the vocabularies no longer know (a deleted zone) are left out."""
    numeri = {str(valore): n for valore, n in conteggi}
    scelti = parametri.valori(nome)
    if nome == "anno":
        valori = sorted({v for v in numeri if v.isdigit()} | set(scelti), key=int, reverse=True)
    else:
        valori = [v for v in parametri.vocabolari.per_facet(nome) if v in numeri or v in scelti]
    return [
        {"valore": v, "etichetta": parametri.etichetta(nome, v), "n": numeri.get(v, 0), "scelto": v in scelti}
        for v in valori
    ]


def _alternative_utili(backend, parametri, alternative):
    """The engine's "did you mean" phrases worth offering: they correct at most half of the words
    (not a whole sentence rewritten), never a word typed in capitals (an acronym, "MSNA", is not a
    typo), and find something with the same filters (one count each, only on a page with no results)."""
    parole_q = parametri.ricerca.q.split()
    utili = []
    for frase in alternative:
        parole_frase = frase.split()
        if len(parole_frase) == len(parole_q):
            cambiate = [a for a, b in zip(parole_q, parole_frase, strict=True) if piega(a) != piega(b)]
            if len(cambiate) > max(1, len(parole_q) // 2) or any(len(a) > 1 and a.isupper() for a in cambiate):
                continue
        prova = replace(parametri.ricerca, q=frase, pagina=1, per_pagina=1, parziale=False)
        if backend.cerca(prova).totale:
            utili.append(frase)
    return utili


def _cerca(backend, parametri):
    """The engine's answer for the page asked for, or for the last page when that is past the end,
    and what the page tells about it. A search that finds nothing is tried again, and the page says
    how: first with the words that name a kind of content as a filter on that kind ("buone pratiche
    povertà"), then, for two words or more, with most of the words (`Ricerca.parziale`)."""
    informazioni = []
    q = parametri.ricerca.q
    risultati = backend.cerca(parametri.ricerca)
    if not risultati.totale:
        prima = parametri.ricerca
        parole_tipo = parametri.con_tipi_dalle_parole()
        per_tipo = backend.cerca(parametri.ricerca) if parole_tipo else None
        if per_tipo is not None and per_tipo.totale:
            risultati = per_tipo
            informazioni.append(
                _(
                    "Nessun contenuto contiene le parole «%(q)s»: «%(tipo)s» è diventato un filtro sul tipo di "
                    "contenuto."
                )
                % {"q": q, "tipo": parole_tipo}
            )
        else:
            parametri.ricerca = prima
    if not risultati.totale and len(set(radici(parametri.ricerca.q))) > 1:
        parziali = backend.cerca(replace(parametri.ricerca, parziale=True))
        if parziali.totale:
            parametri.in_parte()
            risultati = parziali
            informazioni.append(
                _(
                    "Nessun contenuto contiene tutte le parole di «%(q)s»: ecco quelli che ne contengono la "
                    "maggior parte, i più pertinenti per primi."
                )
                % {"q": parametri.ricerca.q}
            )
    if not risultati.totale and risultati.alternative:
        risultati = replace(risultati, alternative=_alternative_utili(backend, parametri, risultati.alternative))
    ricerca = parametri.ricerca
    ultima = max(1, -(-risultati.totale // ricerca.per_pagina))
    avvisi = []
    if ricerca.pagina > ultima:
        parametri.alla_pagina(ultima)
        risultati = backend.cerca(parametri.ricerca)
        avvisi.append(
            _("La pagina %(chiesta)s non esiste: ecco la pagina %(numero)s.")
            % {"chiesta": parametri.pagina_chiesta[:12], "numero": ultima}
        )
    elif parametri.pagina_chiesta and ricerca.pagina == MAX_PAGINA and parametri.pagina_chiesta != str(MAX_PAGINA):
        avvisi.append(
            _("Si possono consultare al massimo %(n)s pagine di risultati: restringi la ricerca con i filtri.")
            % {"n": MAX_PAGINA}
        )
    return risultati, avvisi, informazioni


def pagina_di_ricerca(parametri: ParametriRicerca, *, backend) -> PaginaRicerca:
    stato = PaginaRicerca(parametri=parametri)
    try:
        risultati, avvisi, informazioni = _cerca(backend, parametri)
    except SearchUnavailable as errore:
        logger.warning("Ricerca non disponibile: %s", errore)
        stato.non_disponibile = True
        stato.avvisi = parametri.avvisi
        return stato
    stato.avvisi = parametri.avvisi + avvisi
    stato.parziale = parametri.ricerca.parziale
    stato.informazioni = informazioni
    _riempi(stato, risultati)
    return stato


def _riempi(stato: PaginaRicerca, risultati: Risultati):
    parametri = stato.parametri
    vocabolari = parametri.vocabolari
    ricerca = parametri.ricerca
    visibili = ancora_visibili(r.id for r in risultati.risultati)
    voci = [
        _voce(r, vocabolari, con_testo=r.id not in visibili.senza_testo)
        for r in risultati.risultati
        if r.id in visibili.ids
    ]
    paginator = Paginator(_Finestra(voci, risultati.totale), ricerca.per_pagina)
    stato.pagina = paginator.get_page(ricerca.pagina)
    stato.totale = risultati.totale
    stato.faccette = [
        {
            "parametro": nome,
            "etichetta": ETICHETTE_FACET[nome],
            "opzioni": _opzioni(nome, risultati.facets.get(nome, []), parametri),
        }
        for nome in MULTIPLI
    ]
    validate = sum(n for valore, n in risultati.facets.get("validata", []) if valore in VERO)
    if validate or ricerca.validata:
        stato.opzionali = [
            {
                "parametro": "validata",
                "valore": "1",
                "etichetta": ETICHETTE_FACET["validata"],
                "n": validate,
                "scelto": bool(ricerca.validata),
            }
        ]
    stato.alternative = [
        {"testo": alternativa, "querystring": parametri.querystring(q=alternativa)}
        for alternativa in risultati.alternative
        if alternativa
    ]
