"""Reading the news ("Aggiornamenti"): the listing with its filters in the URL, the feeds, the home
section and the digest's source. Unknown or malformed parameters are dropped and reported (`avvisi`),
never an error, as in the library of good practices.

    elenco(request)  # -> Elenco(filtri, pagina, faccette)
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.core.paginator import Page as PaginaRisultati
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .filtri import Filtri, NumeroField, VoceField, avviso, voci_del_modello, voci_di_scelte
from .indirizzo import FeedPubblico, url_assoluto
from .models import AggiornamentoPage, Tema, Zona

PER_PAGINA = 10
NUMERO_IN_HOME = 3
NUMERO_VOCI_FEED = 30
FORMATI_FEED = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


@dataclass(frozen=True)
class Faccetta:
    parametro: str  # in the URL
    criterio: str  # keyword of AggiornamentoQuerySet.filtra
    etichetta: str


FACCETTE = (
    Faccetta("tema", "temi", gettext_lazy("Tema")),
    Faccetta("ambito", "ambiti", gettext_lazy("Ambito")),
    Faccetta("zona", "zone", gettext_lazy("Zona")),
)


def aggiornamenti_pubblicati():
    return AggiornamentoPage.objects.pubblicati()


class FiltriAggiornamentiForm(Filtri):
    """The news listing's filters and page: `/aggiornamenti/` and `/api/v1/aggiornamenti/`."""

    tema = VoceField(
        label=FACCETTE[0].etichetta,
        help_text=gettext_lazy("Tema: slug (vedi /api/v1/vocabolari/). Ripetibile: basta uno dei valori."),
        voci=voci_del_modello(Tema),
        ripetibile=True,
    )
    ambito = VoceField(
        label=FACCETTE[1].etichetta,
        help_text=gettext_lazy("Ambito. Ripetibile: basta uno dei valori."),
        voci=voci_di_scelte(AggiornamentoPage.Ambito.choices),
        elenco=AggiornamentoPage.Ambito.values,
        ripetibile=True,
    )
    zona = VoceField(
        label=FACCETTE[2].etichetta,
        help_text=gettext_lazy("Zona: slug (vedi /api/v1/vocabolari/). Ripetibile: basta uno dei valori."),
        voci=voci_del_modello(Zona),
        ripetibile=True,
    )
    page = NumeroField(label=gettext_lazy("Pagina"), minimo=1)

    def __init__(self, data=None, *, vocabolari=None, **kwargs):
        super().__init__(data, **kwargs)
        for parametro, voci in (vocabolari or {}).items():
            self.fields[parametro].voci = voci


class FiltriAggiornamenti:
    """The filters and page asked for in a query string, checked against the vocabularies (two queries)."""

    def __init__(self, dati: QueryDict):
        self.vocabolari = {
            "tema": {slug: (pk, nome) for pk, slug, nome in Tema.objects.values_list("pk", "slug", "nome")},
            "zona": {slug: (pk, nome) for pk, slug, nome in Zona.objects.values_list("pk", "slug", "nome")},
            "ambito": {valore: (valore, etichetta) for valore, etichetta in AggiornamentoPage.Ambito.choices},
        }
        form = FiltriAggiornamentiForm(dati, vocabolari=self.vocabolari)
        self.valori = {f.parametro: list(form.scelti.get(f.parametro, [])) for f in FACCETTE}
        self.pagina = str(form.valori.get("page", 1))
        self.avvisi = [avviso(ignorato) for ignorato in form.ignorati]

    def criteri(self, *, tranne=None):
        """Keyword arguments of `AggiornamentoQuerySet.filtra`, without the facet `tranne` (for its counts)."""
        return {
            f.criterio: [self.vocabolari[f.parametro][v][0] for v in self.valori[f.parametro]]
            for f in FACCETTE
            if f.parametro != tranne and self.valori[f.parametro]
        }

    def querydict(self):
        q = QueryDict(mutable=True)
        for faccetta in FACCETTE:
            q.setlist(faccetta.parametro, self.valori[faccetta.parametro])
        return q

    @property
    def querystring(self):
        return self.querydict().urlencode()

    @property
    def attivi(self):
        """The chosen filters, each with the query string that removes it."""
        attivi = []
        for faccetta in FACCETTE:
            for valore in self.valori[faccetta.parametro]:
                q = self.querydict()
                q.setlist(faccetta.parametro, [v for v in self.valori[faccetta.parametro] if v != valore])
                nome = self.vocabolari[faccetta.parametro][valore][1]
                attivi.append({"etichetta": f"{faccetta.etichetta}: {nome}", "rimuovi": q.urlencode()})
        return attivi


@dataclass
class Elenco:
    filtri: FiltriAggiornamenti
    pagina: PaginaRisultati
    faccette: list  # as components/pannello_filtri.html wants them

    @property
    def totale(self):
        return self.pagina.paginator.count


def elenco(request, *, per_pagina=PER_PAGINA):
    """The listing's state: a fixed number of queries (vocabularies, one count per facet, the page)."""
    filtri = FiltriAggiornamenti(request.GET)
    base = aggiornamenti_pubblicati()
    paginator = Paginator(base.filtra(**filtri.criteri()).per_elenco(), per_pagina)
    pagina = paginator.get_page(filtri.pagina)
    if int(filtri.pagina) != pagina.number:
        filtri.avvisi.append(
            _("La pagina %(chiesta)s non esiste: ecco la pagina %(numero)s.")
            % {"chiesta": filtri.pagina, "numero": pagina.number}
        )
    faccette = []
    for faccetta in FACCETTE:
        conteggi = base.filtra(**filtri.criteri(tranne=faccetta.parametro)).conteggi(faccetta.criterio)
        scelti = filtri.valori[faccetta.parametro]
        opzioni = [
            {"valore": valore, "etichetta": nome, "n": conteggi.get(chiave, 0), "scelto": valore in scelti}
            for valore, (chiave, nome) in filtri.vocabolari[faccetta.parametro].items()
            if chiave in conteggi or valore in scelti
        ]
        faccette.append({"parametro": faccetta.parametro, "etichetta": faccetta.etichetta, "opzioni": opzioni})
    return Elenco(filtri=filtri, pagina=pagina, faccette=faccette)


# --- Feeds ---------------------------------------------------------------------------------------------


class FeedAggiornamenti(FeedPubblico, Feed):
    def __init__(self, *, formato):
        super().__init__()
        self.feed_type = FORMATI_FEED[formato]

    def title(self):
        return _("Aggiornamenti della CoP Inclusione sociale")

    def description(self):
        return _("Novità nazionali, regionali e di zona sulle politiche di inclusione sociale.")

    def items(self):
        return aggiornamenti_pubblicati().per_elenco()[:NUMERO_VOCI_FEED]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return url_assoluto(item.get_url(self.request))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_ambito_display()] + [t.nome for t in item.temi.all()] + [z.nome for z in item.zone.all()]


def risposta_feed(request, *, indice, formato):
    if formato not in FORMATI_FEED:
        raise Http404(_("Formato del feed sconosciuto."))
    feed = FeedAggiornamenti(formato=formato)
    feed.request = request
    feed.link = url_assoluto(indice.get_url(request))
    return feed(request)


# --- Other parts of the site ---------------------------------------------------------------------------


def ultimi_per_home(request):
    """The home section "Aggiornamenti": the newest updates (two queries: view restrictions, pages)."""
    return list(
        aggiornamenti_pubblicati()
        .only("id", "title", "slug", "url_path", "path", "depth", "intro", "data", "ambito", "first_published_at")
        .order_by("-data", "-first_published_at", "-pk")[:NUMERO_IN_HOME]
    )


def novita_per_riepilogo(*, dal, adesso):
    """The digest's source: updates first published since `dal` (three queries whatever their number)."""
    from .riepilogo import Voce

    return [
        Voce(
            titolo=pagina.title,
            percorso=pagina.get_url(),
            data=pagina.first_published_at,
            sommario=pagina.intro,
            dettaglio=pagina.get_ambito_display(),
            zone=frozenset(z.pk for z in pagina.zone.all()),
            temi=frozenset(t.pk for t in pagina.temi.all()),
        )
        for pagina in aggiornamenti_pubblicati()
        .filter(first_published_at__gt=dal, first_published_at__lte=adesso)
        .prefetch_related("zone", "temi")
        .order_by("-first_published_at", "-pk")
    ]
