"""The search page's state: read from the URL into a `Ricerca`, checked against the vocabularies and
written back into links. Bad values are dropped or clamped and listed in `avvisi`, never an error.

    parametri = ParametriRicerca(request.GET, vocabolari=vocabolari())
    get_backend().cerca(parametri.ricerca)
"""

import re
import unicodedata
from dataclasses import dataclass, replace

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cop.cache import CacheVersionata
from cop.filtri import AnnoField, CampoFiltro, Filtri, NumeroField, SiNoField, VoceField, voci_di_scelte
from cop.models import Tema, Zona
from search.backends.base import FACETS, ORDINAMENTI, TIPI, Ricerca

MAX_Q = 200
PER_PAGINA = 20
# No engine pages that deep (Elasticsearch's default window is 10,000 hits); filters narrow it instead.
MAX_PAGINA = 10_000 // PER_PAGINA
MAX_IGNORATI_ELENCATI = 10

ETICHETTE_TIPO = {
    "pratica": gettext_lazy("Buona pratica"),
    "evento": gettext_lazy("Evento"),
    "discussione": gettext_lazy("Discussione"),
    "aggiornamento": gettext_lazy("Aggiornamento"),
    "pagina": gettext_lazy("Pagina"),
    "servizio": gettext_lazy("Informazioni sul sito"),
}
assert set(ETICHETTE_TIPO) == set(TIPI)  # noqa: S101 - a new kind in the interface needs its label here

# Words that name a kind of content: a search that finds nothing with them tries them as a filter on
# that kind ("buone pratiche povertà" -> the good practices about «povertà»). Longest first.
PAROLE_DEI_TIPI = {
    "buone pratiche": ("pratica",),
    "buona pratica": ("pratica",),
    "pratiche": ("pratica",),
    "eventi": ("evento",),
    "evento": ("evento",),
    "seminari": ("evento",),
    "seminario": ("evento",),
    "webinar": ("evento",),
    "convegni": ("evento",),
    "convegno": ("evento",),
    "discussioni": ("discussione",),
    "discussione": ("discussione",),
    "forum": ("discussione",),
    "aggiornamenti": ("aggiornamento",),
    "notizie": ("aggiornamento",),
}
_PAROLE_DEI_TIPI_RE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(p) for p in sorted(PAROLE_DEI_TIPI, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)

# What the suggestions that are not documents are (search.selectors.suggerimenti_dei_vocabolari).
ETICHETTE_SUGGERIMENTI = {
    "zona": gettext_lazy("Zona-distretto"),
    "tema": gettext_lazy("Tema"),
    "sigla": gettext_lazy("Sigla"),
}

ETICHETTE_FACET = {
    "tipo": gettext_lazy("Tipo di contenuto"),
    "zona": gettext_lazy("Territorio"),
    "tema": gettext_lazy("Tema"),
    "anno": gettext_lazy("Anno"),
    "validata": gettext_lazy("Solo buone pratiche validate"),
}
ETICHETTE_ORDINA = {"rilevanza": gettext_lazy("Pertinenza"), "data": gettext_lazy("Più recenti")}
assert set(ETICHETTE_ORDINA) == set(ORDINAMENTI)  # noqa: S101

MULTIPLI = ("tipo", "zona", "tema", "anno")


# --- Vocabularies: zone and theme slugs -> names, cached ---------------------------------------------

CACHE_VOCABOLARI = CacheVersionata("search:vocabolari")


@dataclass(frozen=True)
class Vocabolari:
    zone: dict  # slug -> label, in the zones' order (region, name)
    temi: dict  # slug -> name, in alphabetical order

    @classmethod
    def carica(cls):
        """Two queries, whatever the number of zones and themes."""
        zone = {z.slug: str(z) for z in Zona.objects.only("slug", "nome", "regione", "al_anno")}
        temi = dict(Tema.objects.values_list("slug", "nome"))
        return cls(zone=zone, temi=temi)

    def per_facet(self, nome):
        if nome == "tipo":
            return {k: str(v) for k, v in ETICHETTE_TIPO.items()}
        if nome == "zona":
            return self.zone
        if nome == "tema":
            return self.temi
        return None


def vocabolari():
    return CACHE_VOCABOLARI.valore("nomi", calcola=Vocabolari.carica)


# --- The state of the page ----------------------------------------------------------------------------


def pulisci_testo(valore):
    """Control characters out (a NUL breaks PostgreSQL), runs of spaces folded into one."""
    valore = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in valore)
    return " ".join(valore.split())


def _breve(valore, n=40):
    valore = pulisci_testo(valore)
    return valore if len(valore) <= n else valore[: n - 1] + "…"


class TestoField(CampoFiltro):
    """Words typed in a search box: control characters out, spaces folded (`pulisci_testo`)."""

    def pulisci(self, valore):
        return pulisci_testo(valore)


class FiltriRicercaForm(Filtri):
    """The search page's parameters. `q` may be repeated (its values are joined); `pagina` is the
    Italian alias of `page`, and a page past `MAX_PAGINA` is clamped there."""

    alias = {"pagina": "page"}

    q = TestoField(label=gettext_lazy("Parole"), ripetibile=True)
    tipo = VoceField(label=ETICHETTE_FACET["tipo"], voci=voci_di_scelte(ETICHETTE_TIPO), ripetibile=True)
    zona = VoceField(label=ETICHETTE_FACET["zona"], voci={}, ripetibile=True)
    tema = VoceField(label=ETICHETTE_FACET["tema"], voci={}, ripetibile=True)
    anno = AnnoField(label=ETICHETTE_FACET["anno"], ripetibile=True)
    validata = SiNoField(label=ETICHETTE_FACET["validata"])
    ordina = VoceField(label=gettext_lazy("Ordina per"), voci=voci_di_scelte(ETICHETTE_ORDINA))
    page = NumeroField(label=gettext_lazy("Pagina"), minimo=1, massimo=MAX_PAGINA, limita=True)

    def __init__(self, data=None, *, vocabolari, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["zona"].voci = voci_di_scelte(vocabolari.zone)
        self.fields["tema"].voci = voci_di_scelte(vocabolari.temi)


# How a parameter not taken is named in the notice ("pagina «0»", "il parametro «colore»").
NOMI_NEGLI_AVVISI = {"page": "pagina"}


def _ignorato(ignorato):
    if ignorato.valore is None:
        return _("il parametro «%(parametro)s»") % {"parametro": _breve(ignorato.parametro)}
    parametro = NOMI_NEGLI_AVVISI.get(ignorato.parametro, ignorato.parametro)
    return _("%(parametro)s «%(valore)s»") % {"parametro": parametro, "valore": _breve(ignorato.valore)}


class ParametriRicerca:
    """The query, filters, sorting and page asked for in a query string, cleaned."""

    def __init__(self, dati: QueryDict, *, vocabolari: Vocabolari, per_pagina=PER_PAGINA):
        self.vocabolari = vocabolari
        form = FiltriRicercaForm(dati, vocabolari=vocabolari)
        valori = form.valori
        self.ignorati = [_ignorato(ignorato) for ignorato in form.ignorati]  # shown as one notice
        self.avvisi_extra = []
        # The page as asked for, when valid: the page says so when it moves it (past the last, or clamped).
        self.pagina_chiesta = form.scelti.get("page", [""])[0]
        self.ricerca = Ricerca(
            q=self._parole(valori.get("q", [])),
            tipo=tuple(valori.get("tipo", ())),
            zona=tuple(valori.get("zona", ())),
            tema=tuple(valori.get("tema", ())),
            anno=tuple(valori.get("anno", ())),
            validata=valori.get("validata") or None,
            ordina=valori.get("ordina", ORDINAMENTI[0]),
            pagina=valori.get("page", 1),
            per_pagina=per_pagina,
        )

    def _parole(self, valori):
        q = pulisci_testo(" ".join(valori))  # a value that was only control characters leaves no space
        if len(q) > MAX_Q:
            q = q[:MAX_Q].rsplit(" ", 1)[0] if " " in q[:MAX_Q] else q[:MAX_Q]
            self.avvisi_extra.append(
                _("La ricerca era troppo lunga: sono stati usati solo i primi %(n)s caratteri.") % {"n": MAX_Q}
            )
        return q

    def con_tipi_dalle_parole(self):
        """The words that name kinds of content (`PAROLE_DEI_TIPI`) taken out of the query and made
        the kind filter; returns those words ("" when there are none, or a kind is already chosen)."""
        if self.ricerca.tipo:
            return ""
        trovate, tipi = [], []

        def togli(match):
            trovate.append(match.group(1))
            tipi.extend(PAROLE_DEI_TIPI[match.group(1).lower()])
            return " "

        resto = " ".join(_PAROLE_DEI_TIPI_RE.sub(togli, self.ricerca.q).split())
        if not trovate:
            return ""
        self.ricerca = replace(self.ricerca, q=resto, tipo=tuple(dict.fromkeys(tipi)))
        return " ".join(trovate)

    def in_parte(self):
        """The same search, answered with most of its words (see `search.selectors._cerca`)."""
        self.ricerca = replace(self.ricerca, parziale=True)

    def alla_pagina(self, numero):
        """The same search at another page (when the one asked for is past the last)."""
        self.ricerca = replace(self.ricerca, pagina=numero)

    @property
    def avvisi(self):
        avvisi = []
        if self.ignorati:
            elencati = ", ".join(self.ignorati[:MAX_IGNORATI_ELENCATI])
            altri = len(self.ignorati) - MAX_IGNORATI_ELENCATI
            if altri > 0:
                elencati += " " + _("e altri %(n)s") % {"n": altri}
            avvisi.append(
                _("Alcuni parametri non sono validi e sono stati ignorati: %(elenco)s.") % {"elenco": elencati}
            )
        return avvisi + self.avvisi_extra

    # --- back into links -----------------------------------------------------------------------------

    def valori(self, nome):
        """The chosen values of a multi-valued filter, as strings (as they appear in the URL)."""
        return [str(v) for v in getattr(self.ricerca, nome)]

    def querydict(self, *, con_filtri=True, con_ordina=True, **cambia):
        """The state as a QueryDict; `cambia` sets (a value or a list) or removes (None) parameters."""
        dati = QueryDict(mutable=True)
        if self.ricerca.q:
            dati["q"] = self.ricerca.q
        if con_filtri:
            for nome in MULTIPLI:
                dati.setlist(nome, self.valori(nome))
            if self.ricerca.validata:
                dati["validata"] = "1"
        if con_ordina and self.ricerca.ordina != ORDINAMENTI[0]:
            dati["ordina"] = self.ricerca.ordina
        for chiave, valore in cambia.items():
            if valore is None:
                dati.pop(chiave, None)
            else:
                dati.setlist(chiave, valore if isinstance(valore, list) else [valore])
        return dati

    def querystring(self, **kwargs):
        """The clean query string of this state, without the page (the pagination bar adds it)."""
        return self.querydict(**kwargs).urlencode()

    def nascosti(self, **kwargs):
        """(name, value) pairs for the hidden fields of a form that changes the rest of the state."""
        return [(k, v) for k, valori in self.querydict(**kwargs).lists() for v in valori]

    @property
    def querystring_senza_filtri(self):
        return self.querystring(con_filtri=False)

    @property
    def azzera_filtri(self):
        """The link (relative to the page) that keeps the words and drops every filter; "" without filters."""
        return f"?{self.querystring_senza_filtri}" if self.ha_filtri else ""

    @property
    def nascosti_casella(self):
        """What the search box keeps when the words change: filters and sorting."""
        return self.nascosti(q=None)

    @property
    def nascosti_pannello(self):
        """What the filter panel keeps: the words and the sorting."""
        return self.nascosti(con_filtri=False)

    @property
    def nascosti_ordina(self):
        """What the sorting form keeps: the words and the filters."""
        return self.nascosti(con_ordina=False)

    @property
    def ha_filtri(self):
        r = self.ricerca
        return bool(r.tipo or r.zona or r.tema or r.anno or r.validata)

    def etichetta(self, nome, valore):
        if nome == "anno":
            return str(valore)
        return self.vocabolari.per_facet(nome).get(valore, valore)

    @property
    def attivi(self):
        """The filters chosen, each with its label and the query string that removes it."""
        attivi = []
        for nome in MULTIPLI:
            scelti = self.valori(nome)
            for valore in scelti:
                attivi.append(
                    {
                        "etichetta": f"{ETICHETTE_FACET[nome]}: {self.etichetta(nome, valore)}",
                        "rimuovi": self.querystring(**{nome: [v for v in scelti if v != valore]}),
                    }
                )
        if self.ricerca.validata:
            attivi.append({"etichetta": str(ETICHETTE_FACET["validata"]), "rimuovi": self.querystring(validata=None)})
        return attivi


assert set(MULTIPLI) | {"validata"} == set(FACETS)  # noqa: S101
