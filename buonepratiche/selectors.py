"""Reads of the good-practice library that are more than one queryset method: what the practice
page shows of evaluations and adoptions, the transfers between zones, a member's data export."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Prefetch
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from buonepratiche import permissions
from buonepratiche.biblioteca import pratiche_pubblicate
from buonepratiche.models import (
    Adozione,
    BuonaPraticaPage,
    BuonePraticheIndexPage,
    PraticaSalvata,
    PunteggioCriterio,
    SoggettoCoinvolto,
    ValutazionePratica,
)
from cop.models import Zona


@dataclass
class RiepilogoValutazioni:
    valutazioni: list
    media: object  # Decimal or None
    soglia: object
    validata: bool


def valutazioni_visibili(pratica, user):
    """The evaluations of `pratica` if `user` may see them (its author and the editors), else None.
    Two queries: the evaluations with their evaluators, their scores."""
    from buonepratiche.services.valutazioni import media_pratica, soglia_attuale

    if not permissions.can_see_evaluation(user, pratica):
        return None
    valutazioni = list(
        ValutazionePratica.objects.filter(pratica_id=pratica.pk)
        .select_related("valutatore")
        .prefetch_related(Prefetch("punteggi", queryset=PunteggioCriterio.objects.order_by("pk")))
    )
    return RiepilogoValutazioni(
        valutazioni=valutazioni,
        media=media_pratica([v.media for v in valutazioni]),
        soglia=soglia_attuale(),
        validata=pratica.validata,
    )


@dataclass
class AdozioniPratica:
    adottata_in: list = field(default_factory=list)  # Adozione rows of this practice, by other zones
    deriva_da: list = field(default_factory=list)  # Adozione rows that name this practice as derived
    zone_adottanti: set = field(default_factory=set)


def adozioni_della_pratica(pratica):
    """Both directions of replication for the practice page, in four queries (the view restrictions
    first): the practices named on either side are those a visitor may open (`pratiche_pubblicate`)."""
    pubblicate = pratiche_pubblicate()
    adottata_in = list(
        Adozione.objects.filter(pratica_id=pratica.pk)
        .annotate(derivata_visibile=Exists(pubblicate.filter(pk=OuterRef("pratica_derivata_id"))))
        .select_related("zona_adottante", "pratica_derivata")
        .order_by("zona_adottante__nome")
    )
    deriva_da = list(
        Adozione.objects.filter(pratica_derivata_id=pratica.pk, pratica__in=pubblicate.values("pk"))
        .select_related("pratica")
        .prefetch_related(Prefetch("pratica__zone", queryset=Zona.objects.order_by("nome")))
        .order_by("creata_il")
    )
    return AdozioniPratica(
        adottata_in=adottata_in,
        deriva_da=deriva_da,
        zone_adottanti={a.zona_adottante_id for a in adottata_in},
    )


def trasferimenti(pubblicate=None):
    """Every adoption between zones of a practice a visitor may open (`pratiche_pubblicate`: live, no
    view restriction), newest first: from (the practice's zones) → to (the adopting zone).
    `derivata_visibile` tells whether the practice the zone derived from it may be named too. Four
    queries for any page of the list: the view restrictions, the rows, the origin zones, the count.
    `pubblicate`: the caller's `pratiche_pubblicate()`, to read the view restrictions once."""
    pubblicate = pratiche_pubblicate() if pubblicate is None else pubblicate
    return (
        Adozione.objects.filter(pratica__in=pubblicate.values("pk"))
        .annotate(derivata_visibile=Exists(pubblicate.filter(pk=OuterRef("pratica_derivata_id"))))
        .select_related("pratica", "zona_adottante", "pratica_derivata")
        .prefetch_related(Prefetch("pratica__zone", queryset=Zona.objects.order_by("nome")))
        .order_by("-creata_il", "-pk")
    )


def flussi_tra_zone(*, tema=None, anno=None):
    """{(origin zone id, adopting zone id): practices adopted} of the practices a visitor may open, in one
    GROUP BY query (plus the view restrictions): a practice of two zones counts from both. `tema`: a
    Tema the practice is about; `anno`: the year of the adoption."""
    adozioni = Adozione.objects.filter(pratica__in=pratiche_pubblicate().values("pk"))
    if tema is not None:
        adozioni = adozioni.filter(pratica__temi=tema)
    if anno is not None:
        adozioni = adozioni.filter(creata_il__year=anno)
    righe = (
        adozioni.filter(pratica__zone__isnull=False)
        .exclude(pratica__zone=F("zona_adottante"))
        .order_by()
        .values_list("pratica__zone", "zona_adottante")
        .annotate(n=Count("pratica", distinct=True))
    )
    return {(da, a): n for da, a, n in righe}


def anni_delle_adozioni():
    """The years with adoptions, latest first (the year filter of the flow's map)."""
    return [data.year for data in Adozione.objects.order_by().datetimes("creata_il", "year", order="DESC")]


def dati_utente(user):
    """What the library keeps about `user`, for the data export of the profile (GDPR art. 15/20):
    the practices they proposed, the evaluations they wrote, the adoptions they declared."""
    proposte = BuonaPraticaPage.objects.filter(owner=user).order_by("first_published_at", "pk")
    valutazioni = (
        ValutazionePratica.objects.filter(valutatore=user).select_related("pratica").prefetch_related("punteggi")
    )
    adozioni = Adozione.objects.filter(dichiarata_da=user).select_related(
        "pratica", "zona_adottante", "pratica_derivata"
    )
    salvate = PraticaSalvata.objects.filter(user=user).select_related("pratica").order_by("salvata_il", "pk")
    return {
        "pratiche_salvate": [
            {"pratica": s.pratica.title, "indirizzo": s.pratica.url_path, "salvata_il": s.salvata_il.isoformat()}
            for s in salvate
        ],
        "buone_pratiche_proposte": [
            {
                "titolo": pratica.title,
                "indirizzo": pratica.url_path,
                "pubblicata": pratica.live,
                "in_revisione": pratica.has_unpublished_changes,
                "prima_pubblicazione": pratica.first_published_at.isoformat() if pratica.first_published_at else None,
            }
            for pratica in proposte
        ],
        "valutazioni_buone_pratiche": [
            {
                "pratica": valutazione.pratica.title,
                "data": valutazione.creata_il.isoformat(),
                "media": str(valutazione.media),
                "nota_generale": valutazione.nota_generale,
                "punteggi": {
                    str(p.get_criterio_display()): {"punteggio": p.punteggio, "nota": p.nota}
                    for p in valutazione.punteggi.all()
                },
            }
            for valutazione in valutazioni
        ],
        "adozioni_dichiarate": [
            {
                "pratica": adozione.pratica.title,
                "zona": adozione.zona_adottante.nome,
                "pratica_derivata": adozione.pratica_derivata.title if adozione.pratica_derivata else None,
                "nota": adozione.nota,
                "data": adozione.creata_il.isoformat(),
            }
            for adozione in adozioni
        ],
    }


# --- Territories: what the zone page and the "Flusso" read of the library (search/flusso.py) -----------


def ultime_pratiche(limite, *, zona=None):
    """The newest published practices, of one zone or of all, in three queries whatever their number
    (view restrictions, the practices, their zones)."""
    pratiche = pratiche_pubblicate()
    if zona is not None:
        pratiche = pratiche.filtra(zone=[zona.pk])
    return list(
        pratiche.defer_streamfields()
        .prefetch_related(Prefetch("zone", queryset=Zona.objects.order_by("nome")))
        .order_by("-first_published_at", "-pk")[:limite]
    )


@dataclass
class AdozioniZona:
    adottate_dalla_zona: list  # Adozione rows: practices of other territories this zone adopted
    adottate_altrove: list  # Adozione rows: practices of this zone that other zones adopted


def adozioni_della_zona(zona, limite):
    """Both directions of replication of a zone, published practices only, newest first (four queries:
    view restrictions, each direction, the origin zones of the first)."""
    pubblicate = pratiche_pubblicate()
    adottate_dalla_zona = list(
        trasferimenti(pubblicate).filter(zona_adottante=zona).exclude(pratica__zone=zona)[:limite]
    )
    adottate_altrove = list(
        Adozione.objects.filter(pratica__in=pubblicate.filtra(zone=[zona.pk]).values("pk"))
        .exclude(zona_adottante=zona)
        .select_related("pratica", "zona_adottante")
        .order_by("-creata_il", "-pk")[:limite]
    )
    return AdozioniZona(adottate_dalla_zona=adottate_dalla_zona, adottate_altrove=adottate_altrove)


def ultimi_trasferimenti(limite):
    return list(trasferimenti()[:limite])


def conteggi_zona_tema():
    """{(zona_id, tema_id): number of published practices}, in one GROUP BY query (plus the view
    restrictions). A practice of two zones and two themes counts in the four cells."""
    righe = (
        pratiche_pubblicate()
        .filter(zone__isnull=False, temi__isnull=False)
        .order_by()
        .values_list("zone", "temi")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(zona, tema): n for zona, tema, n in righe}


def conteggi_zona():
    """{zona_id: number of published practices of the zone}, in one GROUP BY query (plus the view
    restrictions). A practice of two zones counts in both."""
    righe = pratiche_pubblicate().filter(zone__isnull=False).order_by().values_list("zone").annotate(n=Count("pk"))
    return dict(righe)


def url_biblioteca(request, *, zona=None):
    """The library's address (its route for `zona`, if given), or None when the site has no library."""
    indice = BuonePraticheIndexPage.objects.live().public().defer_streamfields().first()
    if indice is None:
        return None
    url = indice.get_url(request)
    return url + indice.reverse_subpage("zona", args=[zona.slug]) if zona is not None else url


# --- Organisations: what an organisation's page reads of the library (territori/organizzazioni.py) -------


@dataclass
class PraticheOrganizzazione:
    promosse: list  # practices it promotes, newest first (at most `limite`)
    partner: list  # practices it is a partner of
    numero_promosse: int
    numero_partner: int


def pratiche_dell_organizzazione(organizzazione, limite):
    """The published practices that name `organizzazione`, as promoter and as partner (a fixed number of
    queries: view restrictions, each role's count and page, their zones and themes)."""
    esito = {}
    for ruolo in SoggettoCoinvolto.Ruolo:
        pratiche = pratiche_pubblicate().filter(
            pk__in=SoggettoCoinvolto.objects.filter(organizzazione=organizzazione, ruolo=ruolo).values("pratica_id")
        )
        esito[ruolo] = (pratiche.count(), list(pratiche.per_elenco().order_by("-first_published_at", "-pk")[:limite]))
    promotore, partner = esito[SoggettoCoinvolto.Ruolo.PROMOTORE], esito[SoggettoCoinvolto.Ruolo.PARTNER]
    return PraticheOrganizzazione(
        promosse=promotore[1], partner=partner[1], numero_promosse=promotore[0], numero_partner=partner[0]
    )


def pratiche_per_zona_e_anno():
    """{(zona_id, year): practices first published that year}, of the practices a visitor may open, in one
    GROUP BY query (plus the view restrictions): the platform's indicator of published practices."""
    righe = (
        pratiche_pubblicate()
        .filter(zone__isnull=False, first_published_at__isnull=False)
        .order_by()
        .annotate(anno=ExtractYear("first_published_at"))
        .values_list("zone", "anno")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(zona, anno): n for zona, anno, n in righe}


def adozioni_per_zona_e_anno():
    """{(zona_id, year): adoptions declared that year by the zone}, of practices a visitor may open."""
    righe = (
        Adozione.objects.filter(pratica__in=pratiche_pubblicate().values("pk"))
        .order_by()
        .annotate(anno=ExtractYear("creata_il"))
        .values_list("zona_adottante", "anno")
        .annotate(n=Count("pk"))
    )
    return {(zona, anno): n for zona, anno, n in righe}


def pratiche_salvate(user):
    """`user`'s saved practices, latest saved first: those online for everyone as cards
    (`per_elenco`), with `salvata_il`; ids of those no longer online apart (they can be removed)."""
    salvate = list(PraticaSalvata.objects.filter(user=user).values_list("pratica_id", "salvata_il"))
    quando = dict(salvate)
    online = {p.pk: p for p in BuonaPraticaPage.objects.filter(pk__in=quando).live().public().per_elenco()}
    for pratica in online.values():
        pratica.salvata_il = quando[pratica.pk]
    visibili = [online[pk] for pk, _quando in salvate if pk in online]
    non_piu_online = (
        BuonaPraticaPage.objects.filter(pk__in=[pk for pk in quando if pk not in online]).only("pk", "title")
        if len(online) < len(quando)
        else []
    )
    return visibili, list(non_piu_online)


# --- Member profiles: what a member's page shows of the library (cop/membri.py) -------------------------


def attivita_membro(user, viewer, limite):
    """The live, public practices `user` proposed (anyone may see them): the latest `limite` and how many
    (two queries, plus the view restrictions)."""
    from cop.membri import SezioneAttivita, Voce

    pratiche = pratiche_pubblicate().filter(owner=user).defer_streamfields()
    ultime = pratiche.order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:limite]
    return [
        SezioneAttivita(
            chiave="pratiche",
            titolo=_("Buone pratiche proposte"),
            voci=[Voce(p.title, p.url, p.first_published_at) for p in ultime],
            totale=pratiche.count(),
        )
    ]
