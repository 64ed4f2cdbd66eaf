"""The events' demo content: the listing under the home page, the two events of the seed documents
and upcoming events with open registration. Idempotent: everything is looked up by slug or name.

Sources: the PO FSE Basilicata annual event "A sostegno delle fragilità. Percorsi innovativi per un
welfare di comunità" (21 December 2020, 11:00-12:30, live on Facebook and YouTube; two phases, then
a round table), as announced by the Region of Basilicata and the local press; the online seminar of
12 March 2021 that presented the Tuscan community of practice (Agenzia Toscana Notizie). The press
release says "stamani" without times: the seminar's times below are indicative. The upcoming events
are examples for trying registration, dated relative to the day the demo is built."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.documents import get_document_model

from cop.demo.builders import pagina_figlia
from cop.demo.seeders import home_page
from cop.models import Tema, Zona
from cop.services import organizzazione_per_nome

from .models import EventiIndexPage, EventoPage, LinkDiretta, PraticaCorrelata, Relatore

ROMA = ZoneInfo("Europe/Rome")

INDICE = {
    "slug": "eventi",
    "title": "Eventi",
    "intro": (
        "Seminari online, eventi annuali e incontri di zona della Comunità di pratica: iscriviti, segui la "
        "diretta, ritrova registrazioni e materiali degli incontri passati."
    ),
    "show_in_menus": True,
}

FACEBOOK_FSE_BASILICATA = "https://fb.me/e/Y8yzdIHm"
YOUTUBE_FSE_BASILICATA = "https://www.youtube.com/channel/UCqzR-gqsE0aw8pTstNG_oymA"

RELATORI_BASILICATA = [
    ("Rocco Leone", "Assessore alle Politiche della Persona", "Regione Basilicata"),
    ("Domenico Tripaldi", "Autorità di Gestione del PO FSE", "Regione Basilicata"),
    ("Ernesto Esposito", "Dirigente Generale", "Regione Basilicata"),
    ("Andrea Volterrani", "Professore", "Università di Roma Tor Vergata"),
]

# A summary transcript: the sentences are those the announcement attributes to the speakers.
TRASCRIZIONE_BASILICATA = """WEBVTT

00:00:05.000 --> 00:00:40.000
<v Rocco Leone>Obiettivo dell'incontro è analizzare le azioni sperimentali che sono state di recente attuate con l'obiettivo di diminuire il numero di famiglie in condizioni di povertà e a rischio di esclusione sociale.

00:00:40.000 --> 00:01:20.000
<v Rocco Leone>Sono azioni caratterizzate da progettazioni individualizzate per la realizzazione di servizi sociali innovativi, per individuare quei modelli che possono essere considerati come buone prassi.

00:12:00.000 --> 00:13:00.000
<v Domenico Tripaldi>L'Avviso pubblico ha finanziato 616 progetti: i 9 Ambiti Socio Territoriali sono diventati gli attori principali della programmazione e della gestione degli interventi.

00:48:00.000 --> 00:49:00.000
Tavola rotonda: quattro progetti finanziati sono illustrati come buone prassi dai referenti delle società beneficiarie, con le testimonianze video dei destinatari.
"""  # noqa: E501


def _alle(giorno, ora, minuti=0):
    return datetime.combine(giorno, time(ora, minuti), tzinfo=ROMA)


def _relatore(nome, ruolo, organizzazione):
    relatore, _creato = Relatore.objects.get_or_create(
        nome=nome, defaults={"ruolo": ruolo, "organizzazione": organizzazione}
    )
    return relatore


def _voce(ora, titolo, tipo, *, descrizione="", relatori=(), minuto=""):
    return (
        "voce",
        {
            "ora": ora,
            "titolo": titolo,
            "tipo": tipo,
            "descrizione": descrizione,
            "relatori": list(relatori),
            "minuto_registrazione": minuto,
        },
    )


def indice_eventi():
    page, creata = pagina_figlia(parent=home_page(), model=EventiIndexPage, **INDICE)
    return page, creata


@transaction.atomic
def _evento(indice, *, slug, temi=(), zone=(), dirette=(), organizzazioni=(), **campi):
    esistente = EventoPage.objects.child_of(indice).filter(slug=slug).first()
    if esistente is not None:
        return esistente, False
    evento = EventoPage(slug=slug, **campi)
    evento.temi = list(Tema.objects.filter(slug__in=temi))
    evento.zone = list(zone)
    # The bodies named by "organizzato da" and "in collaborazione con", as organisations of the list.
    evento.organizzazioni = [
        organizzazione_per_nome(nome=nome, tipo=tipo, pubblica=True) for nome, tipo in organizzazioni
    ]
    for etichetta, url in dirette:
        evento.dirette.add(LinkDiretta(etichetta=etichetta, url=url))
    indice.add_child(instance=evento)
    evento.save_revision().publish()
    return EventoPage.objects.get(pk=evento.pk), True


def _trascrizione(nome, contenuto):
    Document = get_document_model()
    documento = Document.objects.filter(title=nome).first()
    if documento is None:
        documento = Document(title=nome)
        documento.file.save(f"{nome.lower().replace(' ', '-')}.vtt", ContentFile(contenuto.encode("utf-8")), save=False)
        documento.save()
    return documento


@hooks.register("cop_demo", order=40)
def eventi(esito):
    indice, creata = indice_eventi()
    esito.registra(f"pagina «{indice.title}» ({indice.url_path})", creata)

    basilicata, _creata = Zona.objects.get_or_create(
        slug="basilicata",
        defaults={"nome": "Basilicata", "tipo": Zona.Tipo.AMBITO, "regione": "Basilicata"},
    )
    leone, tripaldi, esposito, volterrani = (_relatore(*dati) for dati in RELATORI_BASILICATA)
    evento, creato = _evento(
        indice,
        slug="a-sostegno-delle-fragilita-2020",
        title="A sostegno delle fragilità. Percorsi innovativi per un welfare di comunità",
        tipo=EventoPage.Tipo.ANNUALE,
        intro="L'evento annuale del PO FSE Basilicata: un bilancio dei percorsi innovativi per un welfare di comunità.",
        descrizione=(
            "<p>Lotta alla povertà e inclusione sociale: un bilancio delle azioni messe in campo per contrastare "
            "i fenomeni di marginalizzazione acuiti dalla pandemia. L'evento si sviluppa in due fasi: nella "
            "prima sono presentati i risultati dell'Avviso pubblico «Presentazione di proposte progettuali "
            "innovative finalizzate alla creazione di percorsi di accompagnamento a persone in particolari "
            "condizioni di vulnerabilità e fragilità sociale» e una prima indagine valutativa; la seconda è "
            "una tavola rotonda.</p>"
            "<p>Con l'Avviso sono stati finanziati 616 progetti. I progetti sono seguiti con il fascicolo "
            "sociale informatizzato, la piattaforma web con cui il sistema dei servizi «prende in carico» una "
            "persona in condizione di necessità e ne segue il percorso di reinserimento.</p>"
        ),
        inizio=_alle(datetime(2020, 12, 21).date(), 11),
        fine=_alle(datetime(2020, 12, 21).date(), 12, 30),
        modalita=EventoPage.Modalita.ONLINE,
        organizzatori="Regione Basilicata – PO FSE Basilicata 2014-2020",
        partner=(
            "Commissione europea, Nucleo di Valutazione e Verifica degli Investimenti Pubblici, "
            "Università di Roma Tor Vergata"
        ),
        temi=["poverta", "lavoro-di-comunita"],
        zone=[basilicata],
        organizzazioni=[("Regione Basilicata", "regione"), ("Università di Roma Tor Vergata", "scuola")],
        dirette=[("Facebook", FACEBOOK_FSE_BASILICATA), ("YouTube", YOUTUBE_FSE_BASILICATA)],
        programma=[
            _voce(time(11, 0), "Saluti istituzionali", "saluti", relatori=[leone, tripaldi, esposito], minuto="0:05"),
            _voce(
                time(11, 10),
                "Prima fase: i risultati dell'Avviso pubblico e una prima indagine valutativa",
                "presentazione",
                descrizione=(
                    "Il welfare regionale e il Piano Regionale per l'attuazione dei servizi sociali e sociosanitari."
                ),
                relatori=[tripaldi, volterrani],
                minuto="12:00",
            ),
            _voce(
                time(11, 45),
                "Seconda fase: tavola rotonda sulle esperienze innovative",
                "tavola-rotonda",
                descrizione=(
                    "Quattro progetti finanziati illustrati come buone prassi dai referenti delle società "
                    "beneficiarie, con contributi video dei destinatari."
                ),
                minuto="48:00",
            ),
        ],
        registrazione_url=YOUTUBE_FSE_BASILICATA,
        iscrizioni_aperte=False,
    )
    if creato:
        evento.trascrizione = _trascrizione(
            "Trascrizione sintetica evento FSE Basilicata 2020", TRASCRIZIONE_BASILICATA
        )
        evento.save_revision().publish()
    esito.registra(f"evento «{evento.title}»", creato)

    spinelli = _relatore("Serena Spinelli", "Assessora regionale alle politiche sociali", "Regione Toscana")
    evento, creato = _evento(
        indice,
        slug="presentazione-comunita-di-pratica-2021",
        title="Presentazione della Comunità di pratica sull'inclusione sociale",
        tipo=EventoPage.Tipo.SEMINARIO,
        intro="Il seminario online che ha presentato la Comunità di pratica alle 26 zone-distretto toscane.",
        descrizione=(
            "<p>Uno scambio di esperienze e di competenze sui temi dell'inclusione sociale, con particolare "
            "attenzione alle famiglie più vulnerabili, alla lotta alla povertà e al sostegno ai minori e agli "
            "stranieri. L'incontro era rivolto alle 26 zone-distretto della Regione Toscana, per "
            "l'aggiornamento e il rafforzamento delle competenze.</p>"
            "<p>Con il 2021 la Comunità di pratica mette al centro le politiche e gli interventi di inclusione "
            "sociale delle famiglie in situazione di vulnerabilità, in particolare delle famiglie con minori.</p>"
        ),
        inizio=_alle(datetime(2021, 3, 12).date(), 10),
        fine=_alle(datetime(2021, 3, 12).date(), 12, 30),
        modalita=EventoPage.Modalita.ONLINE,
        organizzatori="Regione Toscana",
        partner="ANCI Toscana, Centro Regionale Infanzia e Adolescenza",
        organizzazioni=[
            ("Regione Toscana", "regione"),
            ("ANCI Toscana", "altro"),
            ("Centro Regionale Infanzia e Adolescenza", "altro"),
        ],
        temi=["poverta", "famiglie-vulnerabili", "minori"],
        zone=list(Zona.objects.toscane().valide_nel(2021)),
        programma=[
            _voce(time(10, 0), "Apertura", "saluti", relatori=[spinelli]),
            _voce(time(10, 20), "La Comunità di pratica: obiettivi, temi e metodo", "presentazione"),
            _voce(time(11, 30), "Confronto con le zone-distretto", "dibattito"),
        ],
        iscrizioni_aperte=False,
    )
    esito.registra(f"evento «{evento.title}»", creato)

    oggi = timezone.localdate()
    prossimi = [
        {
            "slug": "incontro-famiglie-con-minori",
            "title": "Famiglie con minori: povertà educativa e servizi di zona",
            "tipo": EventoPage.Tipo.SEMINARIO,
            "intro": "Seminario online: esperienze delle zone-distretto sul sostegno alle famiglie con minori.",
            "giorno": oggi + timedelta(days=14),
            "temi": ["minori", "famiglie-vulnerabili"],
            "posti": 100,
        },
        {
            "slug": "tavolo-co-progettazione-terzo-settore",
            "title": "Tavolo di lavoro: co-progettazione con il Terzo Settore",
            "tipo": EventoPage.Tipo.TAVOLO,
            "intro": "Un tavolo di lavoro sulla co-progettazione (art. 55 del Codice del Terzo Settore).",
            "giorno": oggi + timedelta(days=30),
            "temi": ["lavoro-di-comunita"],
            "posti": 25,
            "modalita": EventoPage.Modalita.PRESENZA,
            "luogo": "Regione Toscana, sala riunioni",
            "indirizzo": "Piazza del Duomo 10, Firenze",
        },
        {
            "slug": "formazione-inclusione-lavorativa",
            "title": "Formazione: accompagnamento socio-educativo e inclusione lavorativa",
            "tipo": EventoPage.Tipo.FORMAZIONE,
            "intro": "Un percorso formativo per operatori: valutazione delle competenze e inserimento lavorativo.",
            "giorno": oggi + timedelta(days=45),
            "temi": ["lavoro"],
            "posti": None,
        },
    ]
    for dati in prossimi:
        giorno = dati.pop("giorno")
        evento, creato = _evento(
            indice,
            inizio=_alle(giorno, 10),
            fine=_alle(giorno, 12),
            scadenza_iscrizioni=_alle(giorno - timedelta(days=1), 18),
            iscrizioni_aperte=True,
            **dati,
        )
        esito.registra(f"evento «{evento.title}»", creato)


# The practices of the Basilicata event's two phases (buonepratiche/demo.py): the Avviso and the fascicolo
# sociale informatizzato. Linked after the library is seeded (ordine 50).
PRATICHE_EVENTO_BASILICATA = ["avviso-basilicata-percorsi-fragilita", "fascicolo-sociale-informatizzato-basilicata"]


@hooks.register("cop_demo", order=55)
@transaction.atomic
def pratiche_evento_basilicata(esito):
    from buonepratiche.models import BuonaPraticaPage

    evento = EventoPage.objects.filter(slug="a-sostegno-delle-fragilita-2020").first()
    if evento is None:
        return
    gia = set(evento.pratiche_correlate.values_list("pagina__slug", flat=True))
    pratiche = {p.slug: p for p in BuonaPraticaPage.objects.filter(slug__in=PRATICHE_EVENTO_BASILICATA)}
    mancanti = [slug for slug in PRATICHE_EVENTO_BASILICATA if slug in pratiche and slug not in gia]
    for slug in mancanti:
        evento.pratiche_correlate.add(PraticaCorrelata(pagina=pratiche[slug]))
    if mancanti:
        evento.save_revision().publish()  # the revision carries the new rows, as the editor's «Pubblica»
    esito.registra(f"buone pratiche presentate all'evento «{evento.title}»", bool(mancanti))
