"""The library's filter state: read from the URL, checked against the vocabularies, written back
into links. Unknown or malformed parameters are dropped and reported (`avvisi`), never an error.

    filtri = FiltriBiblioteca(request.GET, vocabolari=Vocabolari.carica())
    BuonaPraticaPage.objects.live().public().filtra(**filtri.criteri())
"""

import re
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buonepratiche.models import BuonaPraticaPage, Destinatario, FonteFinanziamento, Metodologia, SoggettoCoinvolto
from cop.models import Tema, Zona

ORDINAMENTI = {
    "recenti": gettext_lazy("Più recenti"),
    "titolo": gettext_lazy("Titolo (A-Z)"),
    "adottate": gettext_lazy("Più adottate"),
}
ORDINAMENTO_PREDEFINITO = "recenti"
ANNO_RE = re.compile(r"^(19[5-9]\d|20\d\d)$")
PARAMETRI_PAGINAZIONE = {"page"}


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
PARAMETRI_NOTI = set(FACCETTE_PER_PARAMETRO) | {"validata", "ordina"} | PARAMETRI_PAGINAZIONE


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
        vocabolari.etichette["soggetto"] = dict(SoggettoCoinvolto.Tipo.choices)
        vocabolari.etichette["stato"] = dict(BuonaPraticaPage.Stato.choices)
        return vocabolari

    def valido(self, parametro, valore):
        if parametro == "anno":
            return bool(ANNO_RE.match(valore))
        return valore in self.etichette[parametro]

    def etichetta(self, parametro, valore):
        if parametro == "anno":
            return valore
        return self.etichette[parametro].get(valore, valore)


def _zone_con_regione():
    """Zones labelled as everywhere else (outside Tuscany with their region, ended ones with the year)."""
    return [(z.pk, z.slug, str(z)) for z in Zona.objects.only("pk", "slug", "nome", "regione", "al_anno")]


class FiltriBiblioteca:
    """The filters, sorting and page asked for in a query string, cleaned.

    `fissi` are filters set by the route (`zona/<slug>/`): always applied, not shown as removable."""

    def __init__(self, dati: QueryDict, *, vocabolari: Vocabolari, fissi=None):
        self.vocabolari = vocabolari
        self.fissi = dict(fissi or {})
        self.valori = {f.parametro: [] for f in FACCETTE}
        self.validata = False
        self.ordina = ORDINAMENTO_PREDEFINITO
        self.pagina = "1"
        self.avvisi = []
        self._leggi(dati)

    def _avviso(self, parametro, valore):
        self.avvisi.append(
            _("Il filtro «%(parametro)s=%(valore)s» non è valido ed è stato ignorato.")
            % {"parametro": parametro, "valore": valore[:40]}
        )

    def _leggi(self, dati):
        for parametro in dati:
            if parametro not in PARAMETRI_NOTI:
                self.avvisi.append(
                    _("Il parametro «%(parametro)s» non è riconosciuto ed è stato ignorato.")
                    % {"parametro": parametro[:40]}
                )
        for faccetta in FACCETTE:
            for valore in dati.getlist(faccetta.parametro):
                valore = valore.strip()
                if not valore:
                    continue
                if not self.vocabolari.valido(faccetta.parametro, valore):
                    self._avviso(faccetta.parametro, valore)
                elif valore not in self.valori[faccetta.parametro]:
                    self.valori[faccetta.parametro].append(valore)
        for valore in dati.getlist("validata"):
            if valore in ("1", "si", "sì", "true"):
                self.validata = True
            elif valore not in ("", "0"):
                self._avviso("validata", valore)
        ordina = dati.get("ordina", "").strip()
        if ordina in ORDINAMENTI:
            self.ordina = ordina
        elif ordina:
            self._avviso("ordina", ordina)
        pagina = dati.get("page", "1").strip()
        if pagina.isdigit() and int(pagina) >= 1:
            self.pagina = pagina
        elif pagina:
            self._avviso("page", pagina)
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
