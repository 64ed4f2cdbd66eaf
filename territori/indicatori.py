"""The indicators of the territories, read: the platform's own (its activity, computed from what is
published here) and those the editors import (territori/importazione.py). One shape for both:

    definizioni()              # [Definizione]: the platform's first, then the imported ones by name
    definizione(codice)        # a Definizione, or None
    per_zona(definizione)      # {(zona_id, year): value}: comuni's values summed or averaged to the zone
    serie_della_zona(zona)     # [Serie]: each indicator with a value for the zone, year by year
    sulla_mappa(definizione, anno)   # the Tuscan zones in force that year with their value and step

The regional figure compared with a zone is the average of the Tuscan zones with a value that year
(for a count as for a rate: a zone is compared with a zone), and the page says how many zones it is
over; the regional total of a count is given beside it. Figures are cached under `flusso.CACHE`, whose
generation moves on with every write to what they count (territori/signals.py); an import moves it
explicitly (`dati_cambiati`), because bulk writes send no signal."""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from buonepratiche import selectors as pratiche
from cop import selectors as comunita
from cop.models import Zona
from eventi import selectors as eventi
from forum import selectors as forum

from .flusso import CACHE, LIVELLI
from .models import Indicatore, ValoreIndicatore

PIATTAFORMA = _("Comunità di pratica sull'inclusione sociale (dati della piattaforma)")


@dataclass(frozen=True)
class Definizione:
    codice: str
    nome: str
    unita: str
    fonte: str = ""
    link: str = ""
    calcolo: str = ""
    piu_alto_e_meglio: bool = True
    aggregazione: str = Indicatore.Aggregazione.SOMMA
    della_piattaforma: bool = False

    @property
    def somma(self):
        return self.aggregazione == Indicatore.Aggregazione.SOMMA

    def come_dati(self):
        """The definition as the downloads and the API give it."""
        return {
            "codice": self.codice,
            "nome": str(self.nome),
            "unita": str(self.unita),
            "fonte": str(self.fonte),
            "link": self.link or None,
            "calcolo": str(self.calcolo),
            "piu_alto_e_meglio": self.piu_alto_e_meglio,
            "aggregazione": str(self.aggregazione),
            "della_piattaforma": self.della_piattaforma,
        }


@dataclass(frozen=True)
class DellaPiattaforma:
    definizione: Definizione
    calcola: object  # () -> {(zona_id, year): count}


def _della_piattaforma(codice, nome, unita, calcolo, funzione):
    return DellaPiattaforma(
        Definizione(codice, nome, unita, fonte=PIATTAFORMA, calcolo=calcolo, della_piattaforma=True), funzione
    )


DELLA_PIATTAFORMA = (
    _della_piattaforma(
        "cop-pratiche-pubblicate",
        _("Buone pratiche pubblicate"),
        _("pratiche"),
        _(
            "Le buone pratiche pubblicate per la prima volta nell'anno che riguardano la zona "
            "(una pratica di due zone conta in entrambe)."
        ),
        pratiche.pratiche_per_zona_e_anno,
    ),
    _della_piattaforma(
        "cop-adozioni",
        _("Pratiche adottate"),
        _("adozioni"),
        _("Le adozioni di buone pratiche dichiarate nell'anno dalla zona, anche di pratiche di altre zone."),
        pratiche.adozioni_per_zona_e_anno,
    ),
    _della_piattaforma(
        "cop-eventi",
        _("Eventi e seminari"),
        _("eventi"),
        _("Gli eventi pubblicati iniziati nell'anno che riguardano la zona."),
        eventi.eventi_per_zona_e_anno,
    ),
    _della_piattaforma(
        "cop-presenze",
        _("Presenze agli eventi"),
        _("presenze"),
        _("Le presenze registrate agli eventi della zona iniziati nell'anno (solo il numero, mai chi)."),
        eventi.presenze_per_zona_e_anno,
    ),
    _della_piattaforma(
        "cop-nuovi-membri",
        _("Nuovi membri"),
        _("persone"),
        _("Le persone iscritte nell'anno che hanno indicato la zona nel profilo e hanno ancora l'account attivo."),
        comunita.nuovi_membri_per_zona_e_anno,
    ),
    _della_piattaforma(
        "cop-messaggi",
        _("Messaggi nel forum"),
        _("messaggi"),
        _("I messaggi leggibili da tutti scritti nell'anno nelle categorie del forum della zona."),
        forum.messaggi_per_zona_e_anno,
    ),
)
PER_CODICE = {voce.definizione.codice: voce for voce in DELLA_PIATTAFORMA}


def _definizione_importata(indicatore):
    return Definizione(
        codice=indicatore.codice,
        nome=indicatore.nome,
        unita=indicatore.unita,
        fonte=indicatore.fonte,
        link=indicatore.link,
        calcolo=indicatore.calcolo,
        piu_alto_e_meglio=indicatore.piu_alto_e_meglio,
        aggregazione=indicatore.aggregazione,
    )


def definizioni():
    """Every indicator: the platform's, then the imported ones by name (cached: one query at most)."""

    def calcola():
        return [_definizione_importata(i) for i in Indicatore.objects.order_by("nome", "pk")]

    return [voce.definizione for voce in DELLA_PIATTAFORMA] + CACHE.valore("indicatori", calcola=calcola)


def definizione(codice):
    return next((d for d in definizioni() if d.codice == codice), None)


def dati_cambiati():
    """After a write that sends no signal (the bulk writes of an import): every cached figure goes."""
    CACHE.invalida()


def _aggrega(valori, somma):
    return sum(valori, Decimal(0)) if somma else sum(valori, Decimal(0)) / len(valori)


def _importati(definizione):
    """{(zona_id, year): value}: the zone's own value where there is one, else its comuni's, aggregated."""
    della_zona, dei_comuni = {}, defaultdict(list)
    righe = ValoreIndicatore.objects.filter(indicatore__codice=definizione.codice).values_list(
        "zona_id", "comune", "anno", "valore"
    )
    for zona_id, comune, anno, valore in righe:
        if comune:
            dei_comuni[(zona_id, anno)].append(valore)
        else:
            della_zona[(zona_id, anno)] = valore
    for chiave, valori in dei_comuni.items():
        della_zona.setdefault(chiave, _aggrega(valori, definizione.somma))
    return della_zona


def per_zona(definizione):
    """{(zona_id, year): value} of an indicator (cached; one query, or one per source, when it is not)."""

    def calcola():
        if definizione.della_piattaforma:
            return {chiave: Decimal(n) for chiave, n in PER_CODICE[definizione.codice].calcola().items()}
        return _importati(definizione)

    return CACHE.valore("indicatore", definizione.codice, calcola=calcola)


def zone_toscane_per_anno(anni):
    """{year: {zona_id}} of the Tuscan zones in force in each year (cached; one query when it is not)."""
    zone = CACHE.valore(
        "zone_toscane", calcola=lambda: list(Zona.objects.toscane().values_list("pk", "dal_anno", "al_anno"))
    )
    return {
        anno: {pk for pk, dal, al in zone if (dal is None or dal <= anno) and (al is None or al > anno)}
        for anno in anni
    }


@dataclass
class Regionale:
    anno: int
    media: Decimal | None  # the average of the Tuscan zones with a value
    totale: Decimal | None  # their sum (for a count)
    zone_con_dato: int
    zone_in_vigore: int


def regionali(definizione, valori=None):
    """{year: Regionale} over the Tuscan zones in force each year."""
    valori = per_zona(definizione) if valori is None else valori
    anni = sorted({anno for _zona, anno in valori})
    in_vigore = zone_toscane_per_anno(anni)
    risultato = {}
    for anno in anni:
        presenti = [valori[(z, anno)] for z in in_vigore[anno] if (z, anno) in valori]
        if not presenti:
            continue
        totale = sum(presenti, Decimal(0))
        risultato[anno] = Regionale(
            anno,
            totale / len(presenti),
            totale if definizione.somma else None,
            len(presenti),
            len(in_vigore[anno]),
        )
    return risultato


@dataclass
class Punto:
    anno: int
    valore: Decimal
    regionale: Regionale | None


@dataclass
class Serie:
    definizione: Definizione
    punti: list = field(default_factory=list)  # [Punto], oldest first

    @property
    def ultimo(self):
        return self.punti[-1]


def serie_della_zona(zona):
    """[Serie] of every indicator with at least one value for `zona`: the platform's first (cached)."""
    return CACHE.valore("serie_della_zona", zona.pk, calcola=lambda: _serie_della_zona(zona))


def _serie_della_zona(zona):
    elenco = []
    for definizione in definizioni():
        valori = per_zona(definizione)
        anni = sorted(anno for zona_id, anno in valori if zona_id == zona.pk)
        if not anni:
            continue
        regione = regionali(definizione, valori)
        elenco.append(Serie(definizione, [Punto(anno, valori[(zona.pk, anno)], regione.get(anno)) for anno in anni]))
    return elenco


def anni(definizione):
    """The years with a value, latest first."""
    return sorted({anno for _zona, anno in per_zona(definizione)}, reverse=True)


@dataclass
class RigaMappa:
    zona: Zona
    valore: Decimal | None
    livello: int = 0


@dataclass
class Fascia:
    livello: int
    da: Decimal
    a: Decimal


def fasce(valori):
    """LIVELLI classes of equal width between the smallest and the largest value (one, when all equal)."""
    if not valori:
        return []
    minimo, massimo = min(valori), max(valori)
    if minimo == massimo:
        return [Fascia(LIVELLI, minimo, massimo)]
    passo = (massimo - minimo) / LIVELLI
    return [
        Fascia(i + 1, minimo + passo * i, massimo if i == LIVELLI - 1 else minimo + passo * (i + 1))
        for i in range(LIVELLI)
    ]


def livello_di(valore, elenco):
    if valore is None or not elenco:
        return 0
    if len(elenco) == 1:
        return elenco[0].livello
    minimo, massimo = elenco[0].da, elenco[-1].a
    return min(LIVELLI, 1 + math.floor(LIVELLI * (valore - minimo) / (massimo - minimo)))


def sulla_mappa(definizione, anno):
    """([RigaMappa] of the Tuscan zones in force in `anno`, by name; [Fascia]; Regionale or None)."""
    valori = per_zona(definizione)
    zone = list(Zona.objects.toscane().valide_nel(anno).order_by("nome"))
    righe = [RigaMappa(z, valori.get((z.pk, anno))) for z in zone]
    elenco = fasce([r.valore for r in righe if r.valore is not None])
    for riga in righe:
        riga.livello = livello_di(riga.valore, elenco)
    return righe, elenco, regionali(definizione, valori).get(anno)


def righe_da_scaricare(definizione, *, zona=None, anno=None):
    """Every value of an indicator as rows (zone, comune, year, value): the zones' and, for an imported
    indicator, the comuni's too; the zones by name, then the years. `zona`, `anno`: only theirs."""
    zone = {z.pk: z for z in Zona.objects.all()}
    righe = [
        {"zona": zone[zona_id], "comune": "", "anno": a, "valore": valore}
        for (zona_id, a), valore in per_zona(definizione).items()
        if zona_id in zone
    ]
    if not definizione.della_piattaforma:
        dei_comuni = ValoreIndicatore.objects.filter(indicatore__codice=definizione.codice).exclude(comune="")
        righe += [
            {"zona": zone[zona_id], "comune": comune, "anno": a, "valore": valore}
            for zona_id, comune, a, valore in dei_comuni.values_list("zona_id", "comune", "anno", "valore")
        ]
    righe = [r for r in righe if zona in (None, r["zona"]) and anno in (None, r["anno"])]
    return sorted(righe, key=lambda r: (r["zona"].nome, r["comune"], r["anno"]))


def valori_come_dati(definizione, *, zona=None, anno=None):
    """The rows of `righe_da_scaricare` as the JSON download and the API give them."""
    return [
        {"zona": r["zona"].slug, "comune": r["comune"] or None, "anno": r["anno"], "valore": float(r["valore"])}
        for r in righe_da_scaricare(definizione, zona=zona, anno=anno)
    ]
