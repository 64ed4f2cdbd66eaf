"""Demo news ("Aggiornamenti"): the listing under the home page and four real updates.

Sources: Decreto-legge 4 maggio 2023, n. 48, converted by Legge 3 luglio 2023, n. 85 (Assegno di
inclusione from 1 January 2024, Supporto per la formazione e il lavoro from 1 September 2023, end of the
Reddito di cittadinanza); the presentation of the Tuscan community of practice on 12 March 2021
(Agenzia Toscana Notizie); the meeting of the Comune di Fano, lead body of ATS 6, with the associations
(press release of 1 June 2020); the contribution of the Distretto Pianura Est to the listening process
for the new regional social and health plan of Emilia-Romagna (8 June 2022). The two zone updates are
about the two ambiti outside Tuscany of the library's demo; an update "di zona" must name its zones, so
they are created here too when this demo runs without the library's (same slug, the library adds the rest)."""

import datetime

from wagtail import hooks

from cop.models import AggiornamentiIndexPage, AggiornamentoPage, Tema, Zona

from .builders import aggiornamento, pagina_figlia
from .seeders import home_page

INDICE = {
    "slug": "aggiornamenti",
    "title": "Aggiornamenti",
    "intro": (
        "<p>Le novità nazionali, regionali e delle zone sulle politiche di inclusione sociale, scelte dalla "
        "redazione: filtra per tema o per ambito, oppure seguile con il feed RSS.</p>"
    ),
    "show_in_menus": True,
}

# The zones of the zone updates: slug -> (name, region), as in buonepratiche/demo.py AMBITI.
AMBITI = {
    "ats-6-fano": ("ATS 6 Fano", "Marche"),
    "unione-reno-galliera": ("Unione Reno Galliera (Distretto Pianura Est)", "Emilia-Romagna"),
}

AGGIORNAMENTI = [
    {
        "slug": "dal-reddito-di-cittadinanza-all-assegno-di-inclusione",
        "title": "Dal Reddito di cittadinanza all'Assegno di inclusione e al Supporto per la formazione e il lavoro",
        "data": datetime.date(2024, 1, 1),
        "ambito": AggiornamentoPage.Ambito.NAZIONALE,
        "intro": (
            "Dal 1° gennaio 2024 il Reddito di cittadinanza non c'è più: le famiglie con minori, persone con "
            "disabilità, over 60 o persone in carico ai servizi accedono all'Assegno di inclusione (ADI); chi "
            "tra i 18 e i 59 anni non ne ha diritto può chiedere il Supporto per la formazione e il lavoro (SFL)."
        ),
        "body": (
            "<p>Il decreto-legge 4 maggio 2023, n. 48, convertito dalla legge 3 luglio 2023, n. 85, ha "
            "sostituito il Reddito di cittadinanza con due misure.</p>"
            "<h3>Assegno di inclusione (ADI)</h3>"
            "<p>Dal 1° gennaio 2024 è rivolto ai nuclei in cui c'è almeno un minorenne, una persona con "
            "disabilità, una persona con almeno 60 anni o una persona in condizione di svantaggio inserita in un "
            "programma di cura e assistenza dei servizi, con ISEE fino a 9.360 euro. La domanda si presenta "
            "all'INPS; segue l'iscrizione al Sistema informativo per l'inclusione sociale e lavorativa (SIISL) "
            "e la presa in carico da parte dei servizi sociali con il patto per l'inclusione.</p>"
            "<h3>Supporto per la formazione e il lavoro (SFL)</h3>"
            "<p>Dal 1° settembre 2023 è rivolto alle persone tra 18 e 59 anni con ISEE fino a 6.000 euro che "
            "non hanno i requisiti dell'ADI: 350 euro al mese, per al massimo 12 mesi, durante la partecipazione "
            "a corsi di formazione, progetti utili alla collettività o altre politiche attive del lavoro.</p>"
            "<h3>Che cosa cambia per le zone-distretto</h3>"
            "<ul><li>La valutazione multidimensionale e il patto per l'inclusione restano il cuore della presa "
            "in carico dei nuclei con bisogni complessi.</li>"
            "<li>Chi perde il Reddito di cittadinanza senza avere diritto all'ADI va orientato verso il SFL e i "
            "centri per l'impiego.</li></ul>"
        ),
        "fonte_nome": "Ministero del Lavoro e delle Politiche Sociali",
        "fonte_url": "https://www.lavoro.gov.it/",
        "temi": ["poverta", "lavoro"],
        "zone": [],
        "etichette": ["ADI", "SFL", "RdC"],
    },
    {
        "slug": "presentata-la-comunita-di-pratica-toscana",
        "title": "Presentata la Comunità di pratica sull'inclusione sociale della Toscana",
        "data": datetime.date(2021, 3, 12),
        "ambito": AggiornamentoPage.Ambito.REGIONALE,
        "intro": (
            "Un seminario online promosso dalla Regione con ANCI Toscana ha presentato alle 26 zone-distretto la "
            "Comunità di pratica: nel 2021 al centro le famiglie vulnerabili con minori."
        ),
        "body": (
            "<p>La Comunità di pratica sull'inclusione sociale è stata presentata il 12 marzo 2021 in un "
            "seminario online promosso dalla Regione Toscana in collaborazione con ANCI Toscana, con "
            "l'assessora regionale alle politiche sociali Serena Spinelli.</p>"
            "<p>Il progetto, avviato a metà 2020, ha durata triennale. Il primo anno è stato dedicato alle "
            "politiche di contrasto alla povertà, in particolare all'attuazione del Reddito di cittadinanza; "
            "nel 2021 la Comunità mette al centro l'inclusione sociale delle famiglie in situazione di "
            "vulnerabilità, con attenzione ai bisogni dei minori: non solo economici, ma anche di povertà "
            "educativa e di inadeguatezza genitoriale.</p>"
            "<p>Tra gli obiettivi: alimentare un flusso permanente di dati e informazioni dal livello nazionale "
            "a quello zonale e favorire lo scambio di conoscenze e di esperienze tra i territori, anche con il "
            "Centro Regionale Infanzia e Adolescenza.</p>"
        ),
        "fonte_nome": "Agenzia Toscana Notizie",
        "fonte_url": "https://www.toscana-notizie.it/",
        "temi": ["famiglie-vulnerabili", "minori", "poverta"],
        "zone": [],
        "etichette": ["comunità di pratica"],
    },
    {
        "slug": "fano-servizi-innovativi-con-il-privato-sociale",
        "title": "Ambito di Fano: istituzioni e privato sociale insieme per i servizi innovativi di inclusione",
        "data": datetime.date(2020, 6, 1),
        "ambito": AggiornamentoPage.Ambito.ZONALE,
        "intro": (
            "Il Comune di Fano, capofila dell'Ambito Territoriale Sociale n. 6, ha incontrato 25 realtà "
            "associative per avviare il progetto finanziato dal PON Inclusione."
        ),
        "body": (
            "<p>Il primo di una serie di incontri tra il Comune di Fano, ente capofila dell'ATS 6, e le "
            "associazioni e cooperative del territorio ha dato avvio al progetto finanziato dal PON Inclusione "
            "per servizi innovativi di inclusione sociale.</p>"
            "<p>Si parte dall'ascolto delle realtà associative, a contatto quotidiano con i bisogni anche "
            "latenti della comunità; il progetto si collega al percorso del Piano territoriale sociale e al "
            "gruppo dell'inclusione sociale, con la mappatura dei bisogni e dei servizi, l'animazione del "
            "territorio e la formazione degli operatori.</p>"
        ),
        "fonte_nome": "Comune di Fano",
        "fonte_url": "",
        "temi": ["lavoro-di-comunita", "poverta"],
        "zone": ["ats-6-fano"],
        "etichette": ["PON Inclusione"],
    },
    {
        "slug": "pianura-est-verso-il-nuovo-piano-sociale-e-sanitario",
        "title": "Distretto Pianura Est: lavoro di comunità e Terzo Settore verso il nuovo piano regionale",
        "data": datetime.date(2022, 6, 8),
        "ambito": AggiornamentoPage.Ambito.ZONALE,
        "intro": (
            "Nel percorso di ascolto per il nuovo Piano sociale e sanitario dell'Emilia-Romagna, l'Unione Reno "
            "Galliera e l'Ufficio di Piano hanno presentato le loro sperimentazioni contro la povertà."
        ),
        "body": (
            "<p>Tre le aree presentate l'8 giugno 2022: la funzione educativa nel Servizio sociale territoriale, "
            "finanziata con la quota servizi del Fondo Povertà; i progetti con la metodologia del Budget di "
            "Salute per le persone in carico anche al servizio sociale; la co-progettazione con gli enti del "
            "Terzo Settore per interventi sulle «zone grigie» dei bisogni.</p>"
            "<p>Il filo comune: partire dalle risorse delle persone e non solo dai bisogni, progettare insieme "
            "servizi e territorio, valutare insieme alle altre aree (casa, lavoro, salute).</p>"
        ),
        "fonte_nome": "Unione Reno Galliera",
        "fonte_url": "",
        "temi": ["lavoro-di-comunita", "salute-mentale", "poverta"],
        "zone": ["unione-reno-galliera"],
        "etichette": ["Budget di Salute", "co-progettazione"],
    },
]


def _zona(slug):
    nome, regione = AMBITI[slug]
    zona, _creata = Zona.objects.get_or_create(
        slug=slug, defaults={"nome": nome, "regione": regione, "tipo": Zona.Tipo.AMBITO}
    )
    return zona


@hooks.register("cop_demo", order=70)
def aggiornamenti(esito):
    """After the library (order 50), whose demo creates the two zones outside Tuscany."""
    indice, creato = pagina_figlia(parent=home_page(), model=AggiornamentiIndexPage, **INDICE)
    esito.registra(f"pagina «{indice.title}» ({indice.url_path})", creato)
    for dati in AGGIORNAMENTI:
        dati = dict(dati)
        temi = list(Tema.objects.filter(slug__in=dati.pop("temi")))
        zone = [_zona(slug) for slug in dati.pop("zone")]
        page, creato = aggiornamento(indice=indice, temi=temi, zone=zone, **dati)
        esito.registra(f"aggiornamento «{page.title}»", creato)
