"""Reads that other parts of the site use (the home page, the zone pages, the "Flusso")."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, F, Prefetch
from django.db.models.functions import ExtractYear
from django.utils import timezone

from cop.models import Zona

from .models import EventiIndexPage, EventoPage, Iscrizione

EVENTI_IN_HOME = 3


def prossimi_eventi_per_home(request):
    """The next upcoming events, for the home page's "Prossimi eventi" (one query)."""
    return list(EventoPage.objects.pubblicati().prossimi().defer_streamfields()[:EVENTI_IN_HOME])


def url_miei_eventi(request):
    """The "I miei eventi" route of the site's event index, or None when the site has none."""
    from django.core.cache import cache
    from wagtail.models import Site

    site = Site.find_for_request(request)
    if site is None:
        return None

    def trova():
        indice = EventiIndexPage.objects.live().descendant_of(site.root_page).first()
        return indice.url + indice.reverse_subpage("miei_eventi") if indice else ""

    # Shown in the header of every page for members: looked up once every five minutes, not per request.
    return cache.get_or_set(f"eventi:url-miei-eventi:{site.pk}", trova, 300) or None


# --- Territories: what the zone page and the "Flusso" read of the events (search/flusso.py) ------------


@dataclass
class EventiZona:
    prossimi: list  # upcoming (or in progress), soonest first
    passati: list  # the most recent past ones, latest first


def eventi_della_zona(zona, limite):
    """Upcoming events of a zone first, then the recent past (three queries: view restrictions, each list)."""
    eventi = EventoPage.objects.pubblicati().filter(zone=zona).defer_streamfields()
    adesso = timezone.now()
    return EventiZona(prossimi=list(eventi.prossimi(adesso)[:limite]), passati=list(eventi.passati(adesso)[:limite]))


def prossimi_eventi_della_zona(zona, limite=10):
    """The zone's upcoming events (or in progress), published or not, soonest first: for its referente."""
    return list(EventoPage.objects.filter(zone=zona).prossimi().defer_streamfields()[:limite])


def ultimi_eventi(limite, *, zona=None):
    """The events most recently published (announced), of one zone or of all, with their zones."""
    eventi = EventoPage.objects.pubblicati()
    if zona is not None:
        eventi = eventi.filter(zone=zona)
    return list(
        eventi.defer_streamfields()
        .prefetch_related(Prefetch("zone", queryset=Zona.objects.order_by("nome")))
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:limite]
    )


def conteggi_zona_tema():
    """{(zona_id, tema_id): number of published events, past and upcoming}, in one GROUP BY query."""
    righe = (
        EventoPage.objects.pubblicati()
        .filter(zone__isnull=False, temi__isnull=False)
        .order_by()
        .values_list("zone", "temi")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(zona, tema): n for zona, tema, n in righe}


def url_elenco_eventi(request, *, zona=None):
    """The events listing's address (filtered by `zona`, if given), or None when the site has none."""
    indice = EventiIndexPage.objects.live().public().first()
    if indice is None:
        return None
    url = indice.get_url(request)
    return f"{url}?{urlencode({'zona': zona.slug})}" if zona is not None else url


def eventi_dell_organizzazione(organizzazione, limite):
    """The published events an organisation promotes or takes part in: upcoming first, then the recent past."""
    eventi = EventoPage.objects.pubblicati().filter(organizzazioni=organizzazione).per_elenco()
    adesso = timezone.now()
    return EventiZona(prossimi=list(eventi.prossimi(adesso)[:limite]), passati=list(eventi.passati(adesso)[:limite]))


def eventi_per_zona_e_anno():
    """{(zona_id, year): published events that started that year}, in one GROUP BY query."""
    righe = (
        EventoPage.objects.pubblicati()
        .filter(zone__isnull=False)
        .order_by()
        .annotate(anno=ExtractYear("inizio"))
        .values_list("zone", "anno")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(zona, anno): n for zona, anno, n in righe}


def presenze_per_zona_e_anno():
    """{(zona_id, year): attendees recorded at the zone's published events of that year}: counts only,
    never who."""
    righe = (
        Iscrizione.objects.filter(presente=True, evento__in=EventoPage.objects.pubblicati().values("pk"))
        .filter(evento__zone__isnull=False)
        .order_by()
        .annotate(anno=ExtractYear("evento__inizio"))
        .values_list("evento__zone", "anno")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(zona, anno): n for zona, anno, n in righe}


def attivita_membro(user, viewer, limite):
    """The past published events `user` was registered for (confirmed), latest first: the latest `limite`
    and how many (two queries, plus the view restrictions). Upcoming ones are left out: where someone will
    be is more than what they did here."""
    from django.utils.translation import gettext as _

    from cop.membri import SezioneAttivita, Voce

    eventi = (
        EventoPage.objects.pubblicati()
        .passati()
        .filter(iscrizioni__user=user, iscrizioni__stato=Iscrizione.Stato.CONFERMATA)
        .defer_streamfields()
    )
    return [
        SezioneAttivita(
            chiave="eventi",
            titolo=_("Eventi seguiti"),
            voci=[Voce(e.title, e.url, e.inizio) for e in eventi[:limite]],
            totale=eventi.count(),
        )
    ]
