"""The library listing (selector): filters from the URL, the page of results and the counts of every
filter. A fixed number of queries whatever the data: five for the vocabularies, one per filter for
its counts (GROUP BY), one for validated, one for the total, one for the page, two prefetches."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginaRisultati
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from buonepratiche.filters import FACCETTE, ORDINAMENTI, ORDINAMENTO_PREDEFINITO, FiltriBiblioteca, Vocabolari
from buonepratiche.models import BuonaPraticaPage

PER_PAGINA = 20


@dataclass
class Elenco:
    filtri: FiltriBiblioteca
    pagina: PaginaRisultati
    faccette: list  # [{parametro, etichetta, opzioni: [{valore, etichetta, n, scelto}]}]
    validate: int  # how many results would remain with "solo validate"
    ordinamenti: dict

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
    return base.filtra(**filtri.criteri()).for_listing().ordina(filtri.ordina)


def elenco(request, *, fissi=None, per_pagina=PER_PAGINA):
    vocabolari = Vocabolari.carica()
    filtri = FiltriBiblioteca(request.GET, vocabolari=vocabolari, fissi=fissi)
    base = pratiche_pubblicate()
    pagina = Paginator(risultati(filtri, base), per_pagina).get_page(filtri.pagina)
    if filtri.pagina.isdigit() and int(filtri.pagina) != pagina.number:
        filtri.avvisi.append(pagina_fuori_intervallo(filtri.pagina, pagina))
    faccette = []
    for faccetta in FACCETTE:
        if faccetta.parametro in filtri.fissi:
            continue
        conteggi = base.filtra(**filtri.criteri(tranne=faccetta.parametro)).conteggi(faccetta.criterio)
        faccette.append(
            {
                "parametro": faccetta.parametro,
                "etichetta": faccetta.etichetta,
                "opzioni": _opzioni(faccetta, conteggi, filtri, vocabolari),
            }
        )
    validate = base.filtra(**filtri.criteri(tranne="validata")).validate().count()
    return Elenco(filtri=filtri, pagina=pagina, faccette=faccette, validate=validate, ordinamenti=ORDINAMENTI)


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
