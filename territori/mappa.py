"""Tuscany's zones drawn on the server as SVG: no tiles, no third-party request, no JavaScript.

The boundaries are ISTAT's administrative limits (June 2023, CC BY 4.0), simplified and dissolved by
zone (territori/confini/, see its README). They are projected once per process: an equirectangular
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


@dataclass
class Mappa:
    larghezza: float
    altezza: float
    zone: list = field(default_factory=list)  # [ZonaDisegnata]
    comuni: list = field(default_factory=list)  # [Forma]: the comuni of the highlighted zone
    sovrapposte: list = field(default_factory=list)  # [Forma]: zones drawn over today's (one that ended)
    attribuzione: str = ATTRIBUZIONE

    @property
    def viewbox(self):
        return f"0 0 {self.larghezza:g} {self.altezza:g}"


def regione(zone, *, evidenzia=(), comuni_di=None, sovrapponi=()):
    """The region drawn with today's zones. `zone`: {slug: (url, label, colour step)} (a zone not in it
    is drawn, unlinked, without a step); `evidenzia`: slugs drawn highlighted; `comuni_di`: a zone whose
    comuni are drawn; `sovrapponi`: slugs of zones (ended ones) drawn highlighted over today's."""
    p = proiezione()
    forme = forme_delle_zone()
    mappa = Mappa(larghezza=p.larghezza, altezza=p.altezza)
    for slug, forma in forme.items():
        if forma.al_anno is not None:
            continue
        url, etichetta, livello = zone.get(slug, (None, forma.nome, 0))
        mappa.zone.append(ZonaDisegnata(forma, url, etichetta, livello, evidenziata=slug in evidenzia))
    mappa.zone.sort(key=lambda z: z.evidenziata)  # drawn last: its border is not covered by its neighbours'
    if comuni_di is not None:
        mappa.comuni = forme_dei_comuni().get(comuni_di, [])
    mappa.sovrapposte = [forme[slug] for slug in sovrapponi if slug in forme]
    return mappa


def ha_confine(slug):
    return slug in forme_delle_zone()


def mappe_della_zona(zona):
    """[(title, Mappa)]: the zone highlighted with its comuni; for a zone that ended (a split), the region
    before, with the zone, and after, with the zones that followed it; none for a place with no boundary."""
    if not ha_confine(zona.slug):
        return []
    successori = [s for s in zona.successori.all() if ha_confine(s.slug)]
    if zona.al_anno and successori:
        dopo = {s.slug: (s.get_absolute_url(), s.nome, 0) for s in successori}
        return [
            (_("Fino al %(anno)s") % {"anno": zona.al_anno}, regione({}, sovrapponi=[zona.slug])),
            (_("Dal %(anno)s") % {"anno": zona.al_anno}, regione(dopo, evidenzia=dopo)),
        ]
    return [(None, regione({}, evidenzia=[zona.slug], comuni_di=zona.slug))]
