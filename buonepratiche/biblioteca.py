"""The library listing (selector): filters from the URL, the page of results and the counts of every
filter. A fixed number of queries whatever the data and the page: the page and its two prefetches,
plus, when not cached yet for this state of the library, five for the vocabularies, one GROUP BY per
filter for its counts, one for "validata" and one for the total."""

import hashlib
import json
from dataclasses import dataclass

from django.core.paginator import Page as PaginaRisultati
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from buonepratiche.filters import FACCETTE, ORDINAMENTI, ORDINAMENTO_PREDEFINITO, FiltriBiblioteca, Vocabolari
from buonepratiche.models import BuonaPraticaPage
from cop.cache import CacheVersionata

PER_PAGINA = 20


@dataclass
class Elenco:
    filtri: FiltriBiblioteca
    pagina: PaginaRisultati
    faccette: list  # [{parametro, etichetta, opzioni: [{valore, etichetta, n, scelto}]}]
    validate: int  # how many results would remain with "solo validate"
    ordinamenti: dict
    chiave_pannello: str = ""  # the filter panel is the same for the same counts, sorting and route

    @property
    def totale(self):
        return self.pagina.paginator.count

    @property
    def querystring(self):
        return self.filtri.querystring()

    @property
    def nascosti(self):
        """What the filter form keeps of the state besides the filters: the sorting."""
        return [("ordina", self.filtri.ordina)] if self.filtri.ordina != ORDINAMENTO_PREDEFINITO else []

    @property
    def filtri_nascosti(self):
        """What the sorting form keeps: every filter."""
        return [(k, v) for k, valori in self.filtri.querydict(ordina=None).lists() for v in valori]

    @property
    def opzionali(self):
        return [
            {
                "parametro": "validata",
                "valore": "1",
                "etichetta": _("Solo pratiche validate"),
                "n": self.validate,
                "scelto": self.filtri.validata,
            }
        ]

    @property
    def querystring_esportazione(self):
        """The state for the export links, with the route's fixed filter (zone or theme) written out."""
        q = self.filtri.querydict()
        for parametro, valori in self.filtri.fissi.items():
            q.setlist(parametro, list(valori) + q.getlist(parametro))
        return q.urlencode()


def pratiche_pubblicate():
    """Live, public practices: the base of every listing, feed and export."""
    return BuonaPraticaPage.objects.live().public()


def risultati(filtri, base=None):
    """The filtered, annotated and sorted practices of a filter state (also used by the exports)."""
    base = pratiche_pubblicate() if base is None else base
    return base.filtra(**filtri.criteri()).per_elenco().ordina(filtri.ordina)


def elenco(request, *, fissi=None, per_pagina=PER_PAGINA):
    filtri = FiltriBiblioteca(request.GET, vocabolari=vocabolari(), fissi=fissi)
    base = pratiche_pubblicate()
    conteggi, chiave = conteggi_per(filtri, base)
    paginator = Paginator(risultati(filtri, base), per_pagina)
    paginator.count = conteggi["totale"]  # counted with the filters (and cached with them)
    pagina = paginator.get_page(filtri.pagina)
    if filtri.pagina.isdigit() and int(filtri.pagina) != pagina.number:
        filtri.avvisi.append(pagina_fuori_intervallo(filtri.pagina, pagina))
    faccette = [
        {
            "parametro": faccetta.parametro,
            "etichetta": faccetta.etichetta,
            "opzioni": _opzioni(faccetta, conteggi["faccette"][faccetta.parametro], filtri, filtri.vocabolari),
        }
        for faccetta in FACCETTE
        if faccetta.parametro not in filtri.fissi
    ]
    return Elenco(
        filtri=filtri,
        pagina=pagina,
        faccette=faccette,
        validate=conteggi["validate"],
        ordinamenti=ORDINAMENTI,
        chiave_pannello=f"{chiave}:{filtri.ordina}:{request.path}",
    )


# --- Counts and vocabularies, cached per "generation" of the library ------------------------------------
#
# The counts of every filter cost one GROUP BY query each over all published practices: they depend
# only on the filters (not on the page or the sorting), so they are cached under a key made of the
# filter state and a generation number that every change of a practice, its partners, evaluations,
# vocabularies or threshold moves on (`cop.cache.CacheVersionata`, connected in signals.py).

CACHE = CacheVersionata("buonepratiche")
invalida = CACHE.invalida


def vocabolari():
    return CACHE.valore("vocabolari", calcola=Vocabolari.carica)


def conteggi_per(filtri, base):
    """{"totale", "validate", "faccette": {parametro: {valore: n}}} of a filter state (10 queries, or none
    when cached) and its cache key."""
    stato = json.dumps([filtri.criteri(), filtri.fissi], sort_keys=True, default=str)
    impronta = hashlib.sha256(stato.encode()).hexdigest()

    def calcola():
        return {
            "totale": base.filtra(**filtri.criteri()).count(),
            "validate": base.filtra(**filtri.criteri(tranne="validata")).validate().count(),
            "faccette": {
                faccetta.parametro: base.filtra(**filtri.criteri(tranne=faccetta.parametro)).conteggi(faccetta.criterio)
                for faccetta in FACCETTE
                if faccetta.parametro not in filtri.fissi
            },
        }

    return CACHE.valore("conteggi", impronta, calcola=calcola), CACHE.chiave("conteggi", impronta)


def pagina_fuori_intervallo(chiesta, pagina):
    return _("La pagina %(chiesta)s non esiste: ecco la pagina %(numero)s.") % {
        "chiesta": chiesta,
        "numero": pagina.number,
    }


def _opzioni(faccetta, conteggi, filtri, vocabolari):
    """Options with at least one practice, plus those chosen (even if now at zero), in vocabulary order."""
    scelti = filtri.valori[faccetta.parametro]
    if faccetta.parametro == "anno":
        valori = sorted({str(a) for a in conteggi if a is not None} | set(scelti), reverse=True)
        numeri = {str(a): n for a, n in conteggi.items()}
    elif faccetta.parametro in vocabolari.id_per_slug:
        per_id = vocabolari.id_per_slug[faccetta.parametro]
        valori = [slug for slug, pk in per_id.items() if pk in conteggi or slug in scelti]
        numeri = {slug: conteggi.get(pk, 0) for slug, pk in per_id.items()}
    else:
        valori = [v for v in vocabolari.etichette[faccetta.parametro] if v in conteggi or v in scelti]
        numeri = conteggi
    return [
        {
            "valore": valore,
            "etichetta": vocabolari.etichetta(faccetta.parametro, valore),
            "n": numeri.get(valore, 0),
            "scelto": valore in scelti,
        }
        for valore in valori
    ]


NUMERO_PRATICHE_HOME = 3


def ultime_pratiche_per_home(request):
    """The home section "Ultime buone pratiche": the newest published practices, in two queries
    (view restrictions, the practices) whatever their number."""
    return list(
        pratiche_pubblicate()
        .defer_streamfields()
        .only("id", "title", "slug", "url_path", "path", "depth", "abstract", "first_published_at")
        .order_by("-first_published_at", "-pk")[:NUMERO_PRATICHE_HOME]
    )
