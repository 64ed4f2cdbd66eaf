"""Real content for the search tests, built with the apps' factories and services, and the helpers
that bring it into an engine the way the site does (outbox records -> `applica_in_sospeso`)."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile

from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory, DocumentoFactory
from cop.tests.factories import PaginaSempliceFactory, TemaFactory, ZonaFactory
from eventi.tests.factories import EventoPageFactory
from forum.models import Messaggio
from forum.tests.factories import CategoriaFactory, DiscussioneFactory, MessaggioFactory
from search import outbox
from search.backends.base import Ricerca
from search.documents import id_documento

TRASCRIZIONE = b"""WEBVTT

00:00:01.000 --> 00:00:05.000
<v Anna Neri>Parliamo del reddito di cittadinanza e dei suoi effetti.

00:00:06.000 --> 00:00:09.000
<v Anna Neri>Poi delle misure per i nuclei fragili.
"""


def cerca(corpus, **criteri):
    """The engine of the corpus asked as the search page asks it."""
    return corpus.backend.cerca(Ricerca(**criteri))


def applica(backend=None):
    """What the task does after the commit: apply the pending outbox records."""
    esito = outbox.applica_in_sospeso(backend=backend)
    assert not esito.errore, esito.errore
    return esito


def crea_corpus(home_page):
    """Practices, an event with a transcript, a forum topic with replies (one hidden), a draft
    and a simple page; every object also under its name in the returned namespace."""
    pisana = ZonaFactory(nome="Pisana", slug="pisana", comuni="Pisa\nCascina\nSan Giuliano Terme\nVecchiano")
    empolese = ZonaFactory(
        nome="Empolese Valdarno Inferiore", slug="empolese", comuni="Empoli\nCerreto Guidi\nMontelupo Fiorentino"
    )
    poverta = TemaFactory(nome="Povertà", slug="poverta")
    minori = TemaFactory(nome="Minori", slug="minori")
    famiglie = TemaFactory(nome="Famiglie", slug="famiglie")
    indice = BuonePraticheIndexPageFactory(parent=home_page)

    adi = BuonaPraticaPageFactory(
        parent=indice,
        title="Assegno di inclusione: accompagnare i nuclei",
        slug="adi-accompagnare",
        abstract="Un servizio che sostiene le famiglie in condizione di povertà lungo tutto il percorso.",
        contesto="<p>Nella zona <b>pisana</b> molte famiglie chiedono aiuto.</p>",
        data_inizio=date(2023, 5, 1),
        first_published_at=datetime(2023, 6, 1, 10, tzinfo=UTC),
        zone=[pisana],
        temi=[poverta, famiglie],
        validata=True,
    )
    msna = BuonaPraticaPageFactory(
        parent=indice,
        title="Accoglienza diffusa a Empoli",
        slug="accoglienza-empoli",
        abstract="Case famiglia per minori stranieri non accompagnati arrivati in Valdarno.",
        data_inizio=date(2021, 2, 1),
        first_published_at=datetime(2021, 3, 1, 10, tzinfo=UTC),
        zone=[empolese],
        temi=[minori],
    )
    orti = BuonaPraticaPageFactory(
        parent=indice,
        title="Orti sociali condivisi",
        slug="orti-sociali",
        abstract="Orti coltivati insieme da anziani e giovani del quartiere, nati con il SIA nel 2017.",
        data_inizio=date(2022, 9, 1),
        first_published_at=datetime(2022, 10, 1, 10, tzinfo=UTC),
        zone=[pisana, empolese],
        temi=[famiglie],
    )
    bozza = BuonaPraticaPageFactory(
        parent=indice,
        title="Pratica bozzafantasma",
        slug="bozza",
        live=False,
        abstract="Una bozza che nessuno deve trovare: bozzafantasma.",
        zone=[pisana],
        temi=[poverta],
    )
    vtt = DocumentoFactory(title="Trascrizione", file=ContentFile(TRASCRIZIONE, name="trascrizione.vtt"))
    seminario = EventoPageFactory(
        title="Seminario sulla povertà educativa",
        slug="seminario-poverta",
        intro="Un incontro online sulle nuove misure.",
        inizio=datetime(2024, 3, 12, 9, tzinfo=UTC),
        fine=datetime(2024, 3, 12, 11, tzinfo=UTC),
        trascrizione=vtt,
    )
    seminario.zone.set([pisana])
    seminario.temi.set([poverta])
    seminario.save()
    categoria = CategoriaFactory(nome="Servizi", slug="servizi", zona=empolese, tema=poverta)
    discussione = DiscussioneFactory(
        categoria=categoria,
        titolo="Come calcolate l'ISEE dei nuclei?",
        primo_messaggio="Chi ci aiuta con l'indicatore della situazione economica equivalente?",
    )
    risposta = MessaggioFactory(discussione=discussione, testo="Noi passiamo dal punto unico di accesso.")
    nascosto = MessaggioFactory(
        discussione=discussione, testo="Messaggio segretissimo da nascondere.", stato=Messaggio.Stato.NASCOSTO
    )
    chi_siamo = PaginaSempliceFactory(parent=home_page, title="Chi siamo", slug="chi-siamo", intro="La comunità.")
    return SimpleNamespace(**locals())


def ids(risultati):
    return [r.id for r in risultati.risultati]


def doc_id(obj):
    return id_documento(obj)
