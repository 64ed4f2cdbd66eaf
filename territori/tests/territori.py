"""Fixtures and builders shared by the tests of the zone pages and of the "Flusso"."""

import datetime

import pytest
from django.utils import timezone

from buonepratiche.tests.factories import AdozioneFactory, BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import TemaFactory, ZonaFactory
from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory
from forum.models import Messaggio
from forum.services import _ricalcola
from forum.tests.factories import CategoriaFactory, DiscussioneFactory

ADESSO = timezone.now().replace(microsecond=0)


def giorni_fa(n):
    return ADESSO - datetime.timedelta(days=n)


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


@pytest.fixture
def indice_eventi(home_page):
    return EventiIndexPageFactory(parent=home_page)


@pytest.fixture
def zona():
    return ZonaFactory(slug="zona-del-flusso", nome="Zona del Flusso")


@pytest.fixture
def altra():
    return ZonaFactory(slug="altra-zona", nome="Altra Zona")


@pytest.fixture
def tema():
    return TemaFactory(slug="poverta-flusso", nome="Povertà")


def pratica(indice, titolo, zone, temi=(), *, giorni=1, **campi):
    return BuonaPraticaPageFactory(
        parent=indice, title=titolo, zone=list(zone), temi=list(temi), first_published_at=giorni_fa(giorni), **campi
    )


def evento(titolo, zone, temi=(), *, pubblicato=1, **campi):
    return EventoPageFactory(
        title=titolo, zone=list(zone), temi=list(temi), first_published_at=giorni_fa(pubblicato), **campi
    )


def discussione(categoria, titolo, *, giorni=1, **campi):
    d = DiscussioneFactory(categoria=categoria, titolo=titolo, **campi)
    type(d).objects.filter(pk=d.pk).update(creata_il=giorni_fa(giorni))
    d.refresh_from_db()
    return d


def nascondi(discussione):
    Messaggio.objects.filter(discussione=discussione).update(stato=Messaggio.Stato.NASCOSTO)
    _ricalcola(discussione)


def sezione(html, ident):
    """The HTML of the page's section with this id (up to the next section)."""
    inizio = html.index(f'id="{ident}"')
    fine = html.find("<section", inizio)
    return html[inizio : fine if fine != -1 else len(html)]


def popola_zona(indice, zona, altra, tema, n):
    categoria = CategoriaFactory(slug=f"cat-popola-{n}", zona=zona)
    for i in range(n):
        p = pratica(indice, f"Pratica {n}-{i}", [zona], [tema], giorni=i + 1)
        AdozioneFactory(pratica=p, zona_adottante=altra)
        evento(f"Evento {n}-{i}", [zona], [tema], inizio=ADESSO + datetime.timedelta(days=i - n // 2))
        discussione(categoria, f"Discussione {n}-{i}")
    for i in range(n):
        AdozioneFactory(pratica=pratica(indice, f"Altrui {n}-{i}", [altra], [tema]), zona_adottante=zona)
