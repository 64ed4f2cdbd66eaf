"""The library's filter state: read from the URL, checked against the vocabularies, written back
into links. Unknown or malformed parameters are dropped and reported (`avvisi`), never an error.

    filtri = FiltriBiblioteca(request.GET, vocabolari=Vocabolari.carica())
    BuonaPraticaPage.objects.live().public().filtra(**filtri.criteri())
"""

from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buonepratiche.models import BuonaPraticaPage, Destinatario, FonteFinanziamento, Metodologia
from cop.filtri import AnnoField, Filtri, NumeroField, SiNoField, VoceField, avviso, voci_del_modello, voci_di_scelte
from cop.models import Organizzazione, Tema, Zona

ORDINAMENTI = {
    "recenti": gettext_lazy("Più recenti"),
    "titolo": gettext_lazy("Titolo (A-Z)"),
    "adottate": gettext_lazy("Più adottate"),
}
ORDINAMENTO_PREDEFINITO = "recenti"


@dataclass(frozen=True)
class Faccetta:
    """One filter with a fixed vocabulary: its URL parameter, the keyword of `filtra()`, its label."""

    parametro: str
    criterio: str
    etichetta: str


FACCETTE = (
    Faccetta("zona", "zone", gettext_lazy("Territorio")),
    Faccetta("tema", "temi", gettext_lazy("Tema")),
    Faccetta("destinatari", "destinatari", gettext_lazy("Destinatari")),
    Faccetta("fonte", "fonti", gettext_lazy("Fonte di finanziamento")),
    Faccetta("metodologia", "metodologie", gettext_lazy("Metodologia")),
    Faccetta("soggetto", "soggetti", gettext_lazy("Tipo di soggetto coinvolto")),
    Faccetta("stato", "stati", gettext_lazy("Stato")),
    Faccetta("anno", "anni", gettext_lazy("Anno di avvio")),
)
FACCETTE_PER_PARAMETRO = {f.parametro: f for f in FACCETTE}


@dataclass
class Vocabolari:
    """Value → label of every fixed-vocabulary filter (five small queries, vocabularies only)."""

    etichette: dict = field(default_factory=dict)  # parametro -> {valore: etichetta}
    id_per_slug: dict = field(default_factory=dict)  # parametro -> {slug: pk} for the M2M vocabularies

    MODELLI = {
        "zona": Zona,
        "tema": Tema,
        "destinatari": Destinatario,
        "fonte": FonteFinanziamento,
        "metodologia": Metodologia,
    }

    @classmethod
    def carica(cls):
        vocabolari = cls()
        for parametro, modello in cls.MODELLI.items():
            if parametro == "zona":
                righe = _zone_con_regione()
            else:
                righe = list(modello.objects.values_list("pk", "slug", "nome"))
            vocabolari.etichette[parametro] = {slug: nome for _pk, slug, nome in righe}
            vocabolari.id_per_slug[parametro] = {slug: pk for pk, slug, _nome in righe}
        vocabolari.etichette["soggetto"] = dict(Organizzazione.Tipo.choices)
        vocabolari.etichette["stato"] = dict(BuonaPraticaPage.Stato.choices)
        return vocabolari

    def etichetta(self, parametro, valore):
        if parametro == "anno":
            return valore
        return self.etichette[parametro].get(valore, valore)

    def voci(self, parametro):
        """`VoceField.voci` of a filter: slug or choice value -> (what `filtra()` takes, label)."""
        ids = self.id_per_slug.get(parametro)
        return {v: (ids[v] if ids else v, etichetta) for v, etichetta in self.etichette[parametro].items()}


def _zone_con_regione():
    """Zones labelled as everywhere else (outside Tuscany with their region, ended ones with the year)."""
    return [(z.pk, z.slug, str(z)) for z in Zona.objects.only("pk", "slug", "nome", "regione", "al_anno")]


# --- the form: the same fields on the site (lenient) and in the API (`rigoroso`) ------------------------


def _voce(faccetta, voci, *, elenco=None):
    if elenco is None:
        aiuto = gettext_lazy(
            "{etichetta}: slug di una voce (vedi /api/v1/vocabolari/). Ripetibile: basta una delle voci."
        )
    else:
        aiuto = gettext_lazy("{etichetta}. Ripetibile: basta uno dei valori.")
    return VoceField(
        label=faccetta.etichetta,
        help_text=format_lazy(aiuto, etichetta=faccetta.etichetta),
        voci=voci,
        elenco=elenco,
        ripetibile=True,
    )


class FiltriBibliotecaForm(Filtri):
    """The library's filters, sorting and page: `/buone-pratiche/` and `/api/v1/pratiche/`. Vocabularies
    by slug, cleaned to what `BuonaPraticaQuerySet.filtra` takes (primary keys, choice values, years)."""

    zona = _voce(FACCETTE[0], voci_del_modello(Zona))
    tema = _voce(FACCETTE[1], voci_del_modello(Tema))
    destinatari = _voce(FACCETTE[2], voci_del_modello(Destinatario))
    fonte = _voce(FACCETTE[3], voci_del_modello(FonteFinanziamento))
    metodologia = _voce(FACCETTE[4], voci_del_modello(Metodologia))
    soggetto = _voce(FACCETTE[5], voci_di_scelte(Organizzazione.Tipo.choices), elenco=Organizzazione.Tipo.values)
    stato = _voce(FACCETTE[6], voci_di_scelte(BuonaPraticaPage.Stato.choices), elenco=BuonaPraticaPage.Stato.values)
    anno = AnnoField(
        label=FACCETTE[7].etichetta,
        help_text=gettext_lazy("Anno di avvio (o di pubblicazione, se l'avvio non è indicato). Ripetibile."),
        ripetibile=True,
    )
    validata = SiNoField(
        label=gettext_lazy("Solo pratiche validate"),
        help_text=gettext_lazy("true: solo le buone pratiche validate; false o assente: tutte."),
    )
    ordina = VoceField(
        label=gettext_lazy("Ordina per"),
        help_text=gettext_lazy(
            "Ordinamento: recenti (pubblicate per ultime, predefinito), titolo (A-Z), adottate (più adottate)."
        ),
        voci=voci_di_scelte(ORDINAMENTI),
        elenco=ORDINAMENTI,
    )
    page = NumeroField(label=gettext_lazy("Pagina"), minimo=1)

    def __init__(self, data=None, *, vocabolari=None, **kwargs):
        super().__init__(data, **kwargs)
        if vocabolari is not None:
            for parametro in Vocabolari.MODELLI:
                self.fields[parametro].voci = vocabolari.voci(parametro)


class FiltriBiblioteca:
    """The filters, sorting and page asked for in a query string, cleaned.

    `fissi` are filters set by the route (`zona/<slug>/`): always applied, not shown as removable."""

    def __init__(self, dati: QueryDict, *, vocabolari: Vocabolari, fissi=None):
        self.vocabolari = vocabolari
        self.fissi = dict(fissi or {})
        self.form = FiltriBibliotecaForm(dati, vocabolari=vocabolari)
        scelti = self.form.scelti
        self.valori = {f.parametro: list(scelti.get(f.parametro, [])) for f in FACCETTE}
        self.validata = bool(self.form.valori.get("validata"))
        self.ordina = self.form.valori.get("ordina", ORDINAMENTO_PREDEFINITO)
        self.pagina = str(self.form.valori.get("page", 1))
        self.avvisi = [avviso(ignorato) for ignorato in self.form.ignorati]
        for parametro, valori in self.fissi.items():
            self.valori[parametro] = [v for v in self.valori[parametro] if v not in valori]

    # --- to the queryset -----------------------------------------------------------------------------

    def criteri(self, *, tranne=None):
        """Keyword arguments of `BuonaPraticaQuerySet.filtra`, without the facet `tranne` (for its counts)."""
        criteri = {}
        for faccetta in FACCETTE:
            valori = list(self.fissi.get(faccetta.parametro, []))
            if faccetta.parametro != tranne:
                valori += self.valori[faccetta.parametro]
            if not valori:
                continue
            if faccetta.parametro in self.vocabolari.id_per_slug:
                ids = self.vocabolari.id_per_slug[faccetta.parametro]
                criteri[faccetta.criterio] = [ids[v] for v in valori]
            elif faccetta.parametro == "anno":
                criteri[faccetta.criterio] = [int(v) for v in valori]
            else:
                criteri[faccetta.criterio] = valori
        if self.validata and tranne != "validata":
            criteri["validata"] = True
        return criteri

    # --- back into links -----------------------------------------------------------------------------

    def querydict(self, **cambia):
        q = QueryDict(mutable=True)
        for faccetta in FACCETTE:
            q.setlist(faccetta.parametro, self.valori[faccetta.parametro])
        if self.validata:
            q["validata"] = "1"
        if self.ordina != ORDINAMENTO_PREDEFINITO:
            q["ordina"] = self.ordina
        for chiave, valore in cambia.items():
            q.pop(chiave, None)
            if valore is not None:
                q[chiave] = valore
        return q

    def querystring(self, **cambia):
        """The clean query string of this state (without the page), e.g. for pagination and exports."""
        return self.querydict(**cambia).urlencode()

    @property
    def attivi(self):
        """The filters chosen by the user, each with the link that removes it."""
        attivi = []
        for faccetta in FACCETTE:
            for valore in self.valori[faccetta.parametro]:
                q = self.querydict()
                q.setlist(faccetta.parametro, [v for v in self.valori[faccetta.parametro] if v != valore])
                attivi.append(
                    {
                        "etichetta": f"{faccetta.etichetta}: {self.vocabolari.etichetta(faccetta.parametro, valore)}",
                        "rimuovi": q.urlencode(),
                    }
                )
        if self.validata:
            attivi.append({"etichetta": _("Solo pratiche validate"), "rimuovi": self.querystring(validata=None)})
        return attivi

    @property
    def ha_filtri(self):
        return self.validata or any(self.valori.values())
