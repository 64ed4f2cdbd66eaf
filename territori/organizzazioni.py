"""The organisations of the territories: the directory `/organizzazioni/` with its filters in the URL, and
what an organisation's page shows (the practices it promotes or is a partner of, its events).

    elenco(request)  # -> Elenco(form, pagina, faccette, avvisi, attivi, querystring)
    scheda(organizzazione)  # -> Scheda(pratiche, eventi)
"""

from dataclasses import dataclass

from django.core.paginator import Page as PaginaRisultati
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buonepratiche import selectors as pratiche
from cop.filtri import (
    CampoFiltro,
    FiltriElenco,
    NumeroField,
    VoceField,
    avviso,
    breve,
    voci_del_modello,
    voci_di_scelte,
)
from cop.models import Organizzazione, Zona
from eventi import selectors as eventi
from gruppi import selectors as gruppi

PER_PAGINA = 20
PRATICHE_NELLA_SCHEDA = 20
EVENTI_NELLA_SCHEDA = 10
LUNGHEZZA_MASSIMA_NOME = 100


class NomeField(CampoFiltro):
    """Words of the name: at most `LUNGHEZZA_MASSIMA_NOME` characters are read."""

    def pulisci(self, valore):
        return " ".join(valore.split())[:LUNGHEZZA_MASSIMA_NOME]


class FiltriOrganizzazioniForm(FiltriElenco):
    """The directory's filters and page."""

    nome = NomeField(label=gettext_lazy("Nome"), help_text=gettext_lazy("Parte del nome dell'organizzazione."))
    zona = VoceField(
        label=gettext_lazy("Zona"),
        help_text=gettext_lazy("Zona: slug. Ripetibile: basta uno dei valori."),
        voci=voci_del_modello(Zona),
        ripetibile=True,
    )
    tipo = VoceField(
        label=gettext_lazy("Tipo"),
        help_text=gettext_lazy("Tipo di organizzazione. Ripetibile: basta uno dei valori."),
        voci=voci_di_scelte(Organizzazione.Tipo.choices),
        elenco=Organizzazione.Tipo.values,
        ripetibile=True,
    )
    page = NumeroField(label=gettext_lazy("Pagina"), minimo=1)
    alias = {"pagina": "page"}

    FACCETTE = (("zona", "zone"), ("tipo", "tipi"))  # (parameter, keyword of OrganizzazioneQuerySet.filtra)


@dataclass
class Elenco:
    form: FiltriOrganizzazioniForm
    pagina: PaginaRisultati
    faccette: list  # as components/pannello_filtri.html wants them
    avvisi: list

    @property
    def totale(self):
        return self.pagina.paginator.count

    @property
    def querystring(self):
        return self.form.querydict().urlencode()

    @property
    def nascosti(self):
        """The name searched, kept by the filter panel's form."""
        return [("nome", valore) for valore in self.form.scelti.get("nome", [])]


def elenco(request, *, per_pagina=PER_PAGINA):
    """The directory: published organisations only, in a fixed number of queries (the zones' vocabulary,
    one count per facet, the count and the page, the zones of the page's organisations)."""
    form = FiltriOrganizzazioniForm(request.GET)
    valori = form.valori
    base = Organizzazione.objects.pubblicate()
    if valori.get("nome"):
        base = base.filter(nome__icontains=valori["nome"])
    paginator = Paginator(base.filtra(**form.criteri()).per_elenco().order_by("nome", "pk"), per_pagina)
    chiesta = valori.get("page", 1)
    pagina = paginator.get_page(chiesta)
    avvisi = [avviso(ignorato) for ignorato in form.ignorati]
    if chiesta != pagina.number:
        avvisi.append(
            _("La pagina %(chiesta)s non esiste: ecco la pagina %(numero)s.")
            % {"chiesta": breve(str(chiesta)), "numero": pagina.number}
        )
    return Elenco(form=form, pagina=pagina, faccette=_faccette(form, base), avvisi=avvisi)


def _faccette(form, base):
    zone = {z.pk: z for z in Zona.objects.only("pk", "slug", "nome", "regione", "al_anno")}
    faccette = []
    for parametro, criterio in form.FACCETTE:
        conteggi = base.filtra(**form.criteri(tranne=parametro)).conteggi(criterio)
        scelti = set(form.scelti.get(parametro, []))
        if parametro == "zona":
            voci = sorted(((z.slug, z.nome, conteggi.get(pk, 0)) for pk, z in zone.items()), key=lambda v: v[1])
        else:
            voci = [(valore, etichetta, conteggi.get(valore, 0)) for valore, etichetta in Organizzazione.Tipo.choices]
        opzioni = [
            {"valore": valore, "etichetta": etichetta, "n": n, "scelto": valore in scelti}
            for valore, etichetta, n in voci
            if n or valore in scelti
        ]
        faccette.append({"parametro": parametro, "etichetta": form.fields[parametro].label, "opzioni": opzioni})
    return faccette


@dataclass
class Scheda:
    pratiche: pratiche.PraticheOrganizzazione
    eventi: eventi.EventiZona
    gruppi: list


def scheda(organizzazione, user):
    """What an organisation's page shows besides its own fields (a fixed number of queries): its working
    groups only those `user` may know of."""
    return Scheda(
        pratiche=pratiche.pratiche_dell_organizzazione(organizzazione, PRATICHE_NELLA_SCHEDA),
        eventi=eventi.eventi_dell_organizzazione(organizzazione, EVENTI_NELLA_SCHEDA),
        gruppi=gruppi.gruppi_dell_organizzazione(organizzazione, user),
    )
