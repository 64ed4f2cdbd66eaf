"""Demo working groups (seed documents 003 and 001): the four tables of ATS 6 Fano with clearly fictional
organisations of its territory, the Tuscan community's 2021 thematic path with the Centro Regionale
Infanzia e Adolescenza as partner, and a Tuscan group on request with a pending request."""

from datetime import timedelta

from django.utils import timezone
from wagtail import hooks

from buonepratiche.models import Destinatario
from cop import roles
from cop.demo.builders import utente
from cop.models import Organizzazione, Tema, Zona
from cop.services import organizzazione_per_nome

from .models import Appartenenza, BisognoEmerso, Gruppo, Incontro
from .services import assicura_discussioni

ORGANIZZAZIONI_FANO = [
    ("Associazione di esempio «Il Porto» (fittizia)", "associazione"),
    ("Cooperativa sociale di esempio «Tessere» (fittizia)", "cooperativa"),
    ("Gruppo di volontariato di esempio «Mani aperte» (fittizio)", "associazione"),
]

TAVOLI_FANO = [
    (
        "ats6-tavolo-inclusione",
        "ATS 6 Fano · Tavolo Inclusione",
        "Il tavolo sull'inclusione sociale dell'Ambito Territoriale Sociale n. 6: con le realtà del territorio "
        "mappa i bisogni e i servizi attivi e co-progetta le risposte.",
        ["poverta", "lavoro"],
    ),
    (
        "ats6-tavolo-salute-mentale",
        "ATS 6 Fano · Tavolo Salute mentale",
        "Il tavolo sulla salute mentale: servizi, associazioni e famiglie insieme.",
        ["salute-mentale"],
    ),
    (
        "ats6-tavolo-non-autosufficienza",
        "ATS 6 Fano · Tavolo Non autosufficienza",
        "Il tavolo sulla non autosufficienza e sul sostegno a chi assiste.",
        ["non-autosufficienza"],
    ),
    (
        "ats6-tavolo-famiglia",
        "ATS 6 Fano · Tavolo Famiglia",
        "Il tavolo sulla famiglia e la genitorialità.",
        ["famiglie-vulnerabili", "minori"],
    ),
]


def _persona(email, nome, cognome):
    user, _creato = utente(email=email, first_name=nome, last_name=cognome, gruppi=[roles.OPERATORI])
    return user


def _gruppo(esito, *, slug, nome, descrizione, accesso, zona, temi, organizzazioni, persone):
    gruppo, creato = Gruppo.objects.get_or_create(
        slug=slug, defaults={"nome": nome, "descrizione": descrizione, "accesso": accesso, "zona": zona}
    )
    esito.registra(f"gruppo di lavoro «{nome}»", creato)
    if not creato:
        return gruppo
    assicura_discussioni(gruppo=gruppo)
    gruppo.temi.set(Tema.objects.filter(slug__in=temi))
    gruppo.organizzazioni.set(
        [organizzazione_per_nome(nome=n, tipo=t, pubblica=True, zone=[zona] if zona else ()) for n, t in organizzazioni]
    )
    for user, ruolo, stato in persone:
        Appartenenza.objects.get_or_create(gruppo=gruppo, user=user, defaults={"ruolo": ruolo, "stato": stato})
    return gruppo


PRIMO_INCONTRO_FANO = {
    "titolo": "Primo incontro del tavolo Inclusione",
    "luogo": "Fano, sala riunioni dell'Ambito (incontro di esempio)",
    "ordine_del_giorno": "- presentazione del tavolo e delle realtà presenti\n- mappatura dei bisogni del territorio\n"
    "- calendario dei prossimi incontri",
    "verbale": "Presenti il coordinamento dell'Ambito e le tre realtà di esempio del territorio. Ciascuna ha "
    "presentato i servizi che offre e le richieste che riceve più spesso. Dalla mappatura sono emersi due "
    "bisogni, registrati qui sotto.",
    "decisioni": "- la coordinatrice raccoglie i dati sui servizi attivi entro il prossimo incontro\n"
    "- il tavolo si riunisce ogni due mesi",
}
BISOGNI_FANO = [
    (
        "Raggiungere i servizi dalle frazioni",
        "Chi vive nelle frazioni senza auto fatica a raggiungere i servizi sociali e il centro per l'impiego.",
        "poverta",
        "nuclei-in-poverta",
        "Associazione di esempio «Il Porto» (fittizia)",
    ),
    (
        "Orientamento per le famiglie straniere appena arrivate",
        "Le famiglie arrivate da poco non conoscono i servizi: serve un primo orientamento nella loro lingua.",
        "stranieri",
        "stranieri",
        "Cooperativa sociale di esempio «Tessere» (fittizia)",
    ),
]


def _primo_incontro(gruppo, coordinatrice):

    incontro = Incontro.objects.create(
        gruppo=gruppo,
        inizio=(timezone.now() - timedelta(days=30)).replace(hour=15, minute=0, second=0, microsecond=0),
        creato_da=coordinatrice,
        **PRIMO_INCONTRO_FANO,
    )
    for titolo, descrizione, tema, destinatari, organizzazione in BISOGNI_FANO:
        BisognoEmerso.objects.create(
            incontro=incontro,
            titolo=titolo,
            descrizione=descrizione,
            tema=Tema.objects.filter(slug=tema).first(),
            destinatari=Destinatario.objects.filter(slug=destinatari).first(),
            organizzazione=Organizzazione.objects.filter(nome=organizzazione).first(),
        )
    Incontro.objects.create(
        gruppo=gruppo,
        titolo="Secondo incontro: i servizi attivi",
        inizio=(timezone.now() + timedelta(days=30)).replace(hour=15, minute=0, second=0, microsecond=0),
        luogo="online",
        ordine_del_giorno=(
            "- i dati sui servizi attivi raccolti dalla coordinatrice\n- le prime risposte ai bisogni emersi"
        ),
        creato_da=coordinatrice,
    )


@hooks.register("cop_demo", order=65)
def gruppi_di_lavoro(esito):
    coordinatrice = _persona("elena.demo@esempio.it", "Elena", "Conti")
    chiara = _persona("chiara.demo@esempio.it", "Chiara", "Bianchi")
    marco = _persona("marco.demo@esempio.it", "Marco", "Rossi")
    coordina, membro = Appartenenza.Ruolo.COORDINATORE, Appartenenza.Ruolo.MEMBRO
    attiva, richiesta = Appartenenza.Stato.ATTIVA, Appartenenza.Stato.RICHIESTA

    fano = Zona.objects.filter(tipo=Zona.Tipo.AMBITO, nome__icontains="Fano").first()
    for slug, nome, descrizione, temi in TAVOLI_FANO:
        gruppo = _gruppo(
            esito,
            slug=slug,
            nome=nome,
            descrizione=descrizione,
            accesso=Gruppo.Accesso.APERTO,
            zona=fano,
            temi=temi,
            organizzazioni=ORGANIZZAZIONI_FANO,
            persone=[(coordinatrice, coordina, attiva), (chiara, membro, attiva)],
        )
        if slug == "ats6-tavolo-inclusione" and not gruppo.incontri.exists():
            _primo_incontro(gruppo, coordinatrice)
    _gruppo(
        esito,
        slug="percorso-2021-famiglie-con-minori",
        nome="Percorso tematico 2021: famiglie con minori in situazione di vulnerabilità",
        descrizione=(
            "Il percorso dell'anno della Comunità di pratica toscana: le politiche e gli interventi di inclusione "
            "sociale delle famiglie in situazione di vulnerabilità, in particolare delle famiglie con minori."
        ),
        accesso=Gruppo.Accesso.APERTO,
        zona=None,
        temi=["famiglie-vulnerabili", "minori", "poverta"],
        organizzazioni=[("Centro Regionale Infanzia e Adolescenza", "altro"), ("Regione Toscana", "regione")],
        persone=[(coordinatrice, coordina, attiva), (chiara, membro, attiva), (marco, membro, attiva)],
    )
    _gruppo(
        esito,
        slug="equipe-adi-zona-pisana",
        nome="Équipe per l'Assegno di Inclusione · zona pisana",
        descrizione=(
            "Il gruppo delle équipe multidisciplinari della zona pisana: servizio sociale, centro per l'impiego "
            "e servizi sanitari si confrontano sui casi e sui patti (gruppo di esempio)."
        ),
        accesso=Gruppo.Accesso.SU_RICHIESTA,
        zona=Zona.objects.filter(slug="pisana").first(),
        temi=["poverta"],
        organizzazioni=[],
        persone=[(coordinatrice, coordina, attiva), (chiara, membro, attiva), (marco, membro, richiesta)],
    )
