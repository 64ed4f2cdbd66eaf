"""Tuscany's zones drawn on the server as SVG: no tiles, no third-party request, no JavaScript.

The boundaries are ISTAT's administrative limits (June 2023, CC BY 4.0), simplified and dissolved by
zone (cop/confini/, see its README). They are projected once per process: an equirectangular
projection scaled by the cosine of the region's middle latitude, which keeps Tuscany's shape (the
region spans two degrees of latitude: the error in scale from north to south stays under 3%).

A zone that changes (a split, a new zone) needs only its row in the database and its boundary in the
GeoJSON file: the drawing follows `Zona.slug`, and a boundary with `al_anno` is a zone that ended.

    regione(valori, evidenzia=...)  # the region, each zone with its colour step, link and label
    mappe_della_zona(zona)          # a zone's page: the zone and its comuni, or before and after a split
"""

import functools
import json
import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

CARTELLA = Path(__file__).resolve().parent / "confini"
LARGHEZZA = 600  # the drawing's width in SVG units; its height follows the region's shape
ATTRIBUZIONE = "Limiti amministrativi © ISTAT, CC BY 4.0"


@dataclass(frozen=True)
class Forma:
    slug: str
    nome: str
    d: str  # the SVG path
    al_anno: int | None = None
    centro: tuple = (0.0, 0.0)  # the centroid of its largest ring, in SVG units: where arrows start and end


@dataclass
class Proiezione:
    lon_min: float
    lat_max: float
    scala: float  # SVG units per degree of longitude at the middle latitude
    coseno: float
    larghezza: float
    altezza: float

    def punto(self, lon, lat):
        return ((lon - self.lon_min) * self.coseno * self.scala, (self.lat_max - lat) * self.scala)


def _anelli(geometria):
    if geometria["type"] == "Polygon":
        return geometria["coordinates"]
    return [anello for poligono in geometria["coordinates"] for anello in poligono]


def _leggi(nome):
    with (CARTELLA / nome).open(encoding="utf-8") as file:
        return json.load(file)["features"]


@functools.cache
def proiezione():
    """Fitted to today's zones (the dissolved one lies inside them)."""
    punti = [
        punto
        for zona in _leggi("zone_distretto_toscana.geojson")
        if not zona["properties"].get("al_anno")
        for anello in _anelli(zona["geometry"])
        for punto in anello
    ]
    lon_min, lon_max = min(p[0] for p in punti), max(p[0] for p in punti)
    lat_min, lat_max = min(p[1] for p in punti), max(p[1] for p in punti)
    coseno = math.cos(math.radians((lat_min + lat_max) / 2))
    scala = LARGHEZZA / ((lon_max - lon_min) * coseno)
    return Proiezione(lon_min, lat_max, scala, coseno, LARGHEZZA, round((lat_max - lat_min) * scala, 1))


def _centro(geometria, proiezione):
    """The area centroid (shoelace formula) of the largest ring, projected."""
    migliore, area_migliore = (0.0, 0.0), -1.0
    for anello in _anelli(geometria):
        punti = [proiezione.punto(lon, lat) for lon, lat in anello]
        doppia_area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(punti, punti[1:] + punti[:1], strict=True):
            prodotto = x0 * y1 - x1 * y0
            doppia_area += prodotto
            cx += (x0 + x1) * prodotto
            cy += (y0 + y1) * prodotto
        if doppia_area and abs(doppia_area) > area_migliore:
            area_migliore = abs(doppia_area)
            migliore = (cx / (3 * doppia_area), cy / (3 * doppia_area))
    return migliore


def _percorso(geometria, proiezione):
    """The SVG path of a (multi)polygon, one decimal: about 0.05 km on the drawing's scale."""
    parti = []
    for anello in _anelli(geometria):
        punti = []
        for lon, lat in anello:
            x, y = proiezione.punto(lon, lat)
            punto = f"{x:.1f} {y:.1f}"
            if not punti or punti[-1] != punto:
                punti.append(punto)
        parti.append("M" + "L".join(punti) + "Z")
    return "".join(parti)


@functools.cache
def forme_delle_zone():
    """{slug: Forma} of every zone in the file, today's and those that ended."""
    p = proiezione()
    return {
        f["properties"]["slug"]: Forma(
            slug=f["properties"]["slug"],
            nome=f["properties"]["nome"],
            d=_percorso(f["geometry"], p),
            al_anno=int(f["properties"]["al_anno"]) if f["properties"].get("al_anno") else None,
            centro=_centro(f["geometry"], p),
        )
        for f in _leggi("zone_distretto_toscana.geojson")
    }


@functools.cache
def forme_dei_comuni():
    """{zone slug: [Forma of each comune]}."""
    p = proiezione()
    comuni = {}
    for f in _leggi("comuni_toscana.geojson"):
        proprieta = f["properties"]
        forma = Forma(slug=proprieta["istat"], nome=proprieta["nome"], d=_percorso(f["geometry"], p))
        comuni.setdefault(proprieta["zona"], []).append(forma)
    return {zona: sorted(forme, key=lambda forma: forma.nome) for zona, forme in comuni.items()}


@dataclass
class ZonaDisegnata:
    forma: Forma
    url: str | None = None
    etichetta: str = ""  # the link's name: the zone and its figures
    livello: int = 0  # the colour step (0: none)
    evidenziata: bool = False
    contorno: bool = False  # highlighted by its outline only: its comuni carry the colours


@dataclass
class Mappa:
    larghezza: float
    altezza: float
    zone: list = field(default_factory=list)  # [ZonaDisegnata]
    comuni: list = field(default_factory=list)  # [Forma]: the comuni of the highlighted zone
    sovrapposte: list = field(default_factory=list)  # [Forma]: zones drawn over today's (one that ended)
    frecce: list = field(default_factory=list)  # [Freccia], thinnest first (the thickest on top)
    scatole: list = field(default_factory=list)  # [Scatola]: places outside Tuscany
    attribuzione: str = ATTRIBUZIONE

    @property
    def viewbox(self):
        return f"0 0 {self.larghezza:g} {self.altezza:g}"


@dataclass
class ComuneDisegnato:
    forma: Forma
    livello: int = 0  # the colour step of its figure (0: none, drawn transparent)
    etichetta: str = ""


def chiave_comune(nome):
    """Names of comuni compared as ISTAT and the zones' list may write them ("Montecatini-Terme")."""
    return " ".join(nome.replace("-", " ").casefold().split())


def _disegnata_nel(forma, anno):
    """A zone of today is drawn; one that ended, only on the map of a year before its end."""
    return forma.al_anno is None or (anno is not None and anno < forma.al_anno)


def regione(zone, *, evidenzia=(), comuni_di=None, sovrapponi=(), valori_comuni=None, anno=None):
    """The region drawn with today's zones, or with those of `anno` (a zone that ended after it is drawn
    over the zones that followed it). `zone`: {slug: (url, label, colour step)} (a zone not in it
    is drawn, unlinked, without a step); `evidenzia`: slugs drawn highlighted; `comuni_di`: a zone whose
    comuni are drawn; `sovrapponi`: slugs of zones (ended ones) drawn highlighted over today's;
    `valori_comuni`: {chiave_comune(name): (colour step, label)} shading the comuni drawn."""
    p = proiezione()
    forme = forme_delle_zone()
    mappa = Mappa(larghezza=p.larghezza, altezza=p.altezza)
    for slug, forma in forme.items():
        if not _disegnata_nel(forma, anno):
            continue
        url, etichetta, livello = zone.get(slug, (None, forma.nome, 0))
        evidenziata = slug in evidenzia
        contorno = evidenziata and valori_comuni is not None
        mappa.zone.append(ZonaDisegnata(forma, url, etichetta, livello, evidenziata=evidenziata, contorno=contorno))
    # Drawn last: a highlighted zone (its border is not covered by its neighbours'), a zone of `anno` that
    # ended later (over the zones that followed it).
    mappa.zone.sort(key=lambda z: (z.forma.al_anno is not None, z.evidenziata))
    if comuni_di is not None:
        valori = valori_comuni or {}
        mappa.comuni = [
            ComuneDisegnato(forma, *valori.get(chiave_comune(forma.nome), (0, forma.nome)))
            for forma in forme_dei_comuni().get(comuni_di, [])
        ]
    mappa.sovrapposte = [forme[slug] for slug in sovrapponi if slug in forme]
    return mappa


def ha_confine(slug):
    return slug in forme_delle_zone()


def mappe_della_zona(zona, valori_comuni=None):
    """[(title, Mappa)]: the zone highlighted with its comuni (shaded by `valori_comuni`, see `regione`);
    for a zone that ended (a split), the region before, with the zone, and after, with the zones that
    followed it; none for a place with no boundary."""
    if not ha_confine(zona.slug):
        return []
    successori = [s for s in zona.successori.all() if ha_confine(s.slug)]
    if zona.al_anno and successori:
        dopo = {s.slug: (s.get_absolute_url(), s.nome, 0) for s in successori}
        return [
            (_("Fino al %(anno)s") % {"anno": zona.al_anno}, regione({}, sovrapponi=[zona.slug])),
            (_("Dal %(anno)s") % {"anno": zona.al_anno}, regione(dopo, evidenzia=dopo)),
        ]
    return [(None, regione({}, evidenzia=[zona.slug], comuni_di=zona.slug, valori_comuni=valori_comuni))]


# --- Arrows: the flow of practices from the zone they come from to each zone that adopted them -----------

# The boxes of the places outside Tuscany: up to three a row under the region, the whole width shared,
# their names wrapped to the box (about 7.5 units a character at 14 px).
PER_RIGA = 3
SPAZIO = 12
UNITA_PER_CARATTERE = 7.5
ALTEZZA_RIGA = 22


@dataclass
class Freccia:
    d: str
    spessore: float
    titolo: str  # "Da Pisana a Elba: 2 buone pratiche adottate"
    numero: int


@dataclass
class Scatola:
    """A place outside Tuscany, drawn as a box with its whole name (the link's name: it is not cut)."""

    x: float
    y: float
    nome: str
    url: str
    larghezza: float

    @property
    def righe(self):
        """[(y, text)] of the name's lines."""
        righe = textwrap.wrap(self.nome, max(8, int((self.larghezza - 16) / UNITA_PER_CARATTERE))) or [self.nome]
        return [(round(self.y + 22 + i * ALTEZZA_RIGA, 1), riga) for i, riga in enumerate(righe)]

    @property
    def altezza(self):
        return 12 + ALTEZZA_RIGA * len(self.righe)

    @property
    def centro(self):
        return (self.x + self.larghezza / 2, self.y)

    @property
    def testo_x(self):
        return self.x + self.larghezza / 2


def _arco(da, a, rientro=9):
    """A quadratic curve from `da` to `a`, bent to its left (A→B and B→A do not overlap), its ends drawn
    back from the centres so the arrowhead stays visible."""
    (x0, y0), (x1, y1) = da, a
    lunghezza = math.hypot(x1 - x0, y1 - y0) or 1
    ux, uy = (x1 - x0) / lunghezza, (y1 - y0) / lunghezza
    x0, y0 = x0 + ux * rientro, y0 + uy * rientro
    x1, y1 = x1 - ux * rientro, y1 - uy * rientro
    curva = 0.18 * lunghezza
    cx, cy = (x0 + x1) / 2 + uy * curva, (y0 + y1) / 2 - ux * curva
    return f"M{x0:.1f} {y0:.1f}Q{cx:.1f} {cy:.1f} {x1:.1f} {y1:.1f}"


def _scatole(fuori, *, y, larghezza_mappa):
    """({slug: Scatola}, the y under them): up to PER_RIGA a row, each row as tall as its longest name."""
    scatole = {}
    per_riga = min(PER_RIGA, len(fuori)) or 1
    larghezza = round((larghezza_mappa - SPAZIO * (per_riga - 1)) / per_riga, 1)
    for inizio in range(0, len(fuori), per_riga):
        riga = [
            (slug, Scatola(round(i * (larghezza + SPAZIO), 1), y, nome, url, larghezza))
            for i, (slug, nome, url) in enumerate(fuori[inizio : inizio + per_riga])
        ]
        scatole.update(riga)
        y += max(scatola.altezza for _slug, scatola in riga) + SPAZIO
    return scatole, y


def flusso(flussi, *, zone, fuori):
    """The region (today's zones, each a link) with an arrow for each (origin, adopting zone) pair.

    `flussi`: [(origin slug, adopting slug, count, label)]; `zone`: {slug: url} of today's zones;
    `fuori`: [(slug, name, url)] of the places outside Tuscany that have an arrow, drawn as boxes under
    the region. An arrow whose end has no shape nor box (a zone that ended) is not drawn (the table has it)."""
    mappa = regione({slug: (url, nome, 0) for slug, (url, nome) in zone.items()})
    scatole, y = _scatole(fuori, y=mappa.altezza + 20, larghezza_mappa=mappa.larghezza)
    mappa.scatole = list(scatole.values())
    mappa.altezza = round(y if scatole else mappa.altezza, 1)
    centri = {slug: forma.centro for slug, forma in forme_delle_zone().items() if forma.al_anno is None}
    centri.update({slug: scatola.centro for slug, scatola in scatole.items()})
    massimo = max((numero for _da, _a, numero, _titolo in flussi), default=0)
    mappa.frecce = [
        Freccia(_arco(centri[da], centri[a]), round(1.5 + 4.5 * numero / massimo, 1), titolo, numero)
        for da, a, numero, titolo in sorted(flussi, key=lambda f: f[2])
        if da in centri and a in centri
    ]
    return mappa


def mappa_dei_flussi(righe, zone_attuali):
    """The flow's map from `territori.flusso.flussi()` rows; `zone_attuali`: today's Tuscan zones."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    from .models import TOSCANA

    def url(slug):
        return reverse("zona_detail", args=[slug])

    fuori = {}
    for riga in righe:
        for zona in (riga.da, riga.a):
            if zona["regione"] != TOSCANA:
                fuori.setdefault(zona["slug"], (zona["slug"], zona["nome"], url(zona["slug"])))
    frecce = [
        (
            riga.da["slug"],
            riga.a["slug"],
            riga.numero,
            ngettext(
                "Da %(da)s a %(a)s: %(n)s buona pratica adottata",
                "Da %(da)s a %(a)s: %(n)s buone pratiche adottate",
                riga.numero,
            )
            % {"da": riga.da["nome"], "a": riga.a["nome"], "n": riga.numero},
        )
        for riga in righe
    ]
    return flusso(frecce, zone={z.slug: (url(z.slug), z.nome) for z in zone_attuali}, fuori=list(fuori.values()))
