"""The flow between territories: what a zone's page shows, the activity of the whole region, the
zones × themes counts and the transfers of practices between zones.

The one module that puts the apps side by side. Each app answers for its own content through its
`selectors` (what is published, what a visitor may see); this module only merges and counts them.
`cop` (zones, themes, profiles) stays below every app: the zone page lives here, not in `cop`."""

import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.utils.translation import gettext, gettext_lazy

from buonepratiche import selectors as pratiche
from cop import mappa
from cop.cache import CacheVersionata
from cop.models import TOSCANA, AggiornamentoPage, Tema, Zona
from cop.selectors import numero_membri
from eventi import selectors as eventi
from forum import selectors as forum
from gruppi import selectors as gruppi

from .models import Servizio

# How a forum topic reaches the zones and themes of the page it discusses ("Discuti"): the lookups
# from wagtailcore.Page of the page types that have zones and themes.
ZONE_DELLA_PAGINA = ("buonapraticapage__zone", "eventopage__zone")
TEMI_DELLA_PAGINA = ("buonapraticapage__temi", "eventopage__temi")

MAI = datetime.datetime.min.replace(tzinfo=datetime.UTC)  # sorts an item with no date last
VOCI_PER_SEZIONE = 6
VOCI_ATTIVITA = 20
VOCI_FEED = 30
TRASFERIMENTI_FLUSSO = 8


# --- Activity: one list of what happened, newest first ------------------------------------------------


@dataclass
class Voce:
    tipo: str  # "pratica", "evento", "discussione", "aggiornamento"
    etichetta: str
    titolo: str
    url: str
    data: object  # an aware datetime
    descrizione: str = ""
    zone: list = field(default_factory=list)


ETICHETTE = {
    "pratica": gettext_lazy("Buona pratica"),
    "evento": gettext_lazy("Evento"),
    "discussione": gettext_lazy("Discussione"),
    "aggiornamento": gettext_lazy("Aggiornamento"),
}


def _voci_pratiche(request, limite, zona):
    return [
        Voce(
            "pratica",
            ETICHETTE["pratica"],
            p.title,
            p.get_url(request),
            p.first_published_at,
            p.abstract,
            list(p.zone.all()),
        )
        for p in pratiche.ultime_pratiche(limite, zona=zona)
    ]


def _voci_eventi(request, limite, zona):
    return [
        Voce(
            "evento",
            ETICHETTE["evento"],
            e.title,
            e.get_url(request),
            e.first_published_at or e.last_published_at or e.inizio,
            e.quando,
            list(e.zone.all()),
        )
        for e in eventi.ultimi_eventi(limite, zona=zona)
    ]


def _voci_discussioni(request, limite, zona):
    return [
        Voce(
            "discussione",
            ETICHETTE["discussione"],
            d.titolo,
            d.get_absolute_url(),
            d.creata_il,
            d.categoria.nome,
            [d.categoria.zona] if d.categoria.zona_id else [],
        )
        for d in forum.ultime_discussioni_pubbliche(limite, zona=zona, zone_della_pagina=ZONE_DELLA_PAGINA)
    ]


def _voci_aggiornamenti(request, limite, zona):
    """News updates ("Aggiornamenti"): all of them in the region's flow, those naming a zone in that
    zone's too."""
    aggiornamenti = AggiornamentoPage.objects.pubblicati()
    if zona is not None:
        aggiornamenti = aggiornamenti.filtra(zone=[zona.pk])
    return [
        Voce(
            "aggiornamento",
            ETICHETTE["aggiornamento"],
            a.title,
            a.get_url(request),
            a.first_published_at,
            a.intro,
            list(a.zone.all()),
        )
        for a in aggiornamenti.defer_streamfields()
        .prefetch_related(Prefetch("zone", queryset=Zona.objects.order_by("nome")))
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:limite]
    ]


FONTI = (_voci_pratiche, _voci_eventi, _voci_discussioni, _voci_aggiornamenti)


def attivita_recente(request, limite=VOCI_ATTIVITA, *, zona=None):
    """The latest `limite` items of every source merged by date (a fixed number of queries: each
    source reads at most `limite` rows)."""
    voci = [voce for fonte in FONTI for voce in fonte(request, limite, zona)]
    voci.sort(key=lambda voce: voce.data or MAI, reverse=True)
    return voci[:limite]


# --- The zone page --------------------------------------------------------------------------------


@dataclass
class ZonaInSintesi:
    pratiche: list
    url_pratiche: str | None
    eventi: eventi.EventiZona
    url_eventi: str | None
    discussioni: list
    adozioni: pratiche.AdozioniZona
    membri: int


def zona_in_sintesi(request, zona, limite=VOCI_PER_SEZIONE):
    """Every section of the zone page, in a fixed number of queries whatever the zone's content."""
    return ZonaInSintesi(
        pratiche=pratiche.ultime_pratiche(limite, zona=zona),
        url_pratiche=pratiche.url_biblioteca(request, zona=zona),
        eventi=eventi.eventi_della_zona(zona, limite),
        url_eventi=eventi.url_elenco_eventi(request, zona=zona),
        discussioni=forum.discussioni_della_zona(zona, limite, zone_della_pagina=ZONE_DELLA_PAGINA),
        adozioni=CACHE.valore(
            "adozioni_della_zona", zona.pk, limite, calcola=lambda: pratiche.adozioni_della_zona(zona, limite)
        ),
        membri=numero_membri(zona),
    )


# --- Zones × themes ------------------------------------------------------------------------------------
#
# Three GROUP BY queries (practices, events, topics) and the two vocabularies, cached under a generation
# key that any publication, unpublication or change of a topic, post, category, zone or theme moves on
# (`cop.cache.CacheVersionata`, as the library's counts).

CACHE = CacheVersionata("territori:flusso")
LIVELLI = 4  # colour steps of the heat map, besides 0


def conteggi():
    """{"zone": [{id, slug, nome, regione}], "temi": [{id, slug, nome}], "celle": {(zona_id, tema_id):
    (pratiche, eventi, discussioni)}}, from the cache or from five queries."""

    def calcola():
        per_fonte = (
            pratiche.conteggi_zona_tema(),
            eventi.conteggi_zona_tema(),
            forum.conteggi_zona_tema(zone_della_pagina=ZONE_DELLA_PAGINA, temi_della_pagina=TEMI_DELLA_PAGINA),
        )
        celle = {
            coppia: tuple(fonte.get(coppia, 0) for fonte in per_fonte)
            for coppia in set().union(*(fonte.keys() for fonte in per_fonte))
        }
        # Today's Tuscan zones, and any other zone (historic, or outside Tuscany) with content.
        con_contenuti = {zona_id for zona_id, _tema in celle}
        zone = (
            Zona.objects.filter(Q(pk__in=con_contenuti) | Q(pk__in=Zona.objects.toscane().attuali().values("pk")))
            .order_by("regione", "nome")
            .values("id", "slug", "nome", "regione")
        )
        temi = Tema.objects.order_by("nome").values("id", "slug", "nome")
        return {"zone": list(zone), "temi": list(temi), "celle": celle}

    return CACHE.valore("conteggi", calcola=calcola)


def pratiche_per_zona():
    """{zona_id: published practices}, from the cache or from one query (the map of /zone/)."""
    return CACHE.valore("pratiche_per_zona", calcola=pratiche.conteggi_zona)


BISOGNI_NELLA_PAGINA = 20
SERVIZI_NELLA_PAGINA = 30


@dataclass
class ServiziZona:
    voci: list  # the first SERVIZI_NELLA_PAGINA, by name
    numero: int
    per_comune: list  # [(comune, n)] by comune, for the table beside the map
    massimo: int

    def valori_comuni(self):
        """{chiave_comune: (colour step, label)} shading the zone's comuni on its map."""
        from django.utils.translation import ngettext

        return {
            mappa.chiave_comune(comune): (
                livello(n, self.massimo),
                ngettext("%(comune)s: %(n)s servizio", "%(comune)s: %(n)s servizi", n) % {"comune": comune, "n": n},
            )
            for comune, n in self.per_comune
        }


def servizi_della_zona(zona, *, tema=None, destinatari=None, limite=SERVIZI_NELLA_PAGINA):
    """The zone's active services for a theme and a target group (three queries and the two M2M prefetches)."""
    servizi = Servizio.objects.attivi().filter(zona=zona)
    if tema is not None:
        servizi = servizi.filter(temi=tema)
    if destinatari is not None:
        servizi = servizi.filter(destinatari=destinatari)
    voci = list(
        servizi.select_related("organizzazione").prefetch_related("temi", "destinatari").order_by("nome", "pk")[:limite]
    )
    per_comune = list(
        servizi.exclude(comune="").order_by("comune").values_list("comune").annotate(n=Count("pk", distinct=True))
    )
    numero = len(voci) if len(voci) < limite else servizi.count()
    return ServiziZona(voci, numero, per_comune, max((n for _c, n in per_comune), default=0))


def servizi_per_zona():
    """{zona_id: active services}, from the cache or from one query."""

    def calcola():
        return dict(Servizio.objects.attivi().order_by().values_list("zona").annotate(n=Count("pk")))

    return CACHE.valore("servizi_per_zona", calcola=calcola)


@dataclass
class BisogniZona:
    voci: list  # the first BISOGNI_NELLA_PAGINA
    numero: int


def bisogni_della_zona(zona, user, *, tema=None, destinatari=None, limite=BISOGNI_NELLA_PAGINA):
    """The needs emerged in the zone's groups that `user` may read (two queries)."""
    bisogni = gruppi.bisogni_della_zona(zona, user, tema=tema, destinatari=destinatari)
    voci = list(bisogni[:limite])
    return BisogniZona(voci, len(voci) if len(voci) < limite else bisogni.count())


@dataclass
class ZonaSullaMappa:
    zona: Zona
    pratiche: int
    livello: int
    bisogni: int = 0  # needs emerged in the zone's open groups
    servizi: int = 0  # active services


def bisogni_per_zona():
    """{zona_id: needs emerged in open groups}, from the cache or from one query."""
    return CACHE.valore("bisogni_per_zona", calcola=gruppi.bisogni_pubblici_per_zona)


def zone_sulla_mappa():
    """(today's Tuscan zones, the places outside Tuscany, the legend): each with its published practices
    and, for the Tuscan zones, the colour step of the map (two queries when the counts are cached)."""
    conteggi, bisogni, servizi = pratiche_per_zona(), bisogni_per_zona(), servizi_per_zona()
    zone = list(Zona.objects.toscane().attuali())
    massimo = max((conteggi.get(zona.pk, 0) for zona in zone), default=0)

    def riga(zona, passo):
        return ZonaSullaMappa(zona, conteggi.get(zona.pk, 0), passo, bisogni.get(zona.pk, 0), servizi.get(zona.pk, 0))

    toscane = [riga(z, livello(conteggi.get(z.pk, 0), massimo)) for z in zone]
    fuori = [riga(z, 0) for z in Zona.objects.exclude(regione=TOSCANA).order_by("regione", "nome")]
    return toscane, fuori, legenda(massimo)


@dataclass
class Cella:
    tema: dict  # {id, slug, nome}
    pratiche: int
    eventi: int
    discussioni: int
    livello: int
    url: str | None

    @property
    def totale(self):
        return self.pratiche + self.eventi + self.discussioni

    @property
    def descrizione(self):
        """The cell's figures in words (its link's title and what a screen reader hears): made here once,
        not by a translation tag in each of the map's hundreds of cells."""
        return gettext("%(p)s pratiche, %(e)s eventi, %(d)s discussioni") % {
            "p": self.pratiche,
            "e": self.eventi,
            "d": self.discussioni,
        }


@dataclass
class Matrice:
    temi: list
    righe: list  # [{"zona": {id, slug, nome, regione}, "celle": [Cella]}]
    legenda: list  # [{"livello", "da", "a"}]
    massimo: int

    @property
    def vuota(self):
        return self.massimo == 0


def livello(n, massimo):
    """The colour step of a count: 0 for none, then 1..LIVELLI in equal parts of the maximum."""
    if n <= 0 or massimo <= 0:
        return 0
    return min(LIVELLI, math.ceil(LIVELLI * n / massimo))


def legenda(massimo):
    """The range of counts of each colour step (steps with no whole number in them are left out)."""
    voci = [{"livello": 0, "da": 0, "a": 0}]
    for passo in range(1, LIVELLI + 1):
        da = math.floor(massimo * (passo - 1) / LIVELLI) + 1
        a = math.floor(massimo * passo / LIVELLI)
        if massimo > 0 and da <= a:
            voci.append({"livello": passo, "da": da, "a": a})
    return voci


def matrice(url_ricerca):
    """The zones × themes table: `url_ricerca(zona_slug, tema_slug)` gives each cell's link."""
    dati = conteggi()
    celle = dati["celle"]
    massimo = max((sum(valori) for valori in celle.values()), default=0)
    righe = []
    for zona in dati["zone"]:
        riga = []
        for tema in dati["temi"]:
            p, e, d = celle.get((zona["id"], tema["id"]), (0, 0, 0))
            n = p + e + d
            url = url_ricerca(zona["slug"], tema["slug"]) if n else None
            riga.append(Cella(tema, p, e, d, livello(n, massimo), url))
        righe.append({"zona": zona, "celle": riga})
    return Matrice(temi=dati["temi"], righe=righe, legenda=legenda(massimo), massimo=massimo)


FRECCE_SULLA_MAPPA = 40


@dataclass
class Flusso:
    da: dict  # {id, slug, nome, regione, al_anno} of the zone the practices come from
    a: dict  # ... of the zone that adopted them
    numero: int


def flussi(*, tema=None, anno=None):
    """[Flusso] of practices adopted from one zone by another, most first, for a theme and a year of the
    adoptions (cached per filter; two queries and the view restrictions when not)."""

    def calcola():
        conteggi = pratiche.flussi_tra_zone(tema=tema, anno=anno)
        ids = {zona_id for coppia in conteggi for zona_id in coppia}
        zone = {z["id"]: z for z in Zona.objects.filter(pk__in=ids).values("id", "slug", "nome", "regione", "al_anno")}
        righe = [Flusso(zone[da], zone[a], n) for (da, a), n in conteggi.items()]
        return sorted(righe, key=lambda f: (-f.numero, f.da["nome"], f.a["nome"]))

    return CACHE.valore("flussi", tema.pk if tema else "", anno or "", calcola=calcola)


def anni_delle_adozioni():
    return CACHE.valore("anni_delle_adozioni", calcola=pratiche.anni_delle_adozioni)


def trasferimenti_recenti(limite=TRASFERIMENTI_FLUSSO):
    """The latest adoptions between zones (cached: the query reads every public practice)."""
    return CACHE.valore("trasferimenti_recenti", limite, calcola=lambda: pratiche.ultimi_trasferimenti(limite))
