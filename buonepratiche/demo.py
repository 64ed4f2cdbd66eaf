"""The library's demo content: the "Buone pratiche" index under the home page, practices drawn
from the seed documents in several zones and themes, some evaluated (validated) by a demo editor,
some adopted by demo members of other zones. Idempotent: pages by slug, users by email, zones by
slug; evaluations and adoptions are added only when missing, through the same services the site uses.

Sources: the presentation of Unione Reno Galliera and Distretto Pianura Est (Emilia-Romagna) at the
listening process towards the new regional PSSR, 8 June 2022 (programmazione di zona 2018-2020:
educational function in the SST with the Fondo Povertà quota servizi, Budget di Salute, co-design
with the Third Sector on the "zone grigie", the operational agreement Unione-TS-OO.SS.); the PO FSE
Basilicata annual event of 21 December 2020 (the call that financed 616 projects through the 9
Ambiti Socio Territoriali, the fascicolo sociale informatizzato); the press release of the Comune di
Fano of 1 June 2020 (ATS 6, PON Inclusione, 25 associations, four working groups); the Agenzia
Toscana Notizie release of 12 March 2021 on the Tuscan community of practice (its themes: poverty
and the Reddito di Cittadinanza, vulnerable families, minors and educational poverty, foreigners).
The Tuscan practices are illustrative examples on those themes and say so on their page."""

import datetime

from django.db import transaction
from wagtail import hooks

from cop import roles
from cop.demo.builders import pagina_figlia, utente
from cop.demo.seeders import home_page
from cop.models import Profilo, Tema, Zona
from cop.services import crea_profilo, organizzazione_per_nome

from .models import (
    Adozione,
    BuonaPraticaPage,
    BuonePraticheIndexPage,
    Criterio,
    Destinatario,
    FonteFinanziamento,
    Indicatore,
    Metodologia,
    SoggettoCoinvolto,
    ValutazionePratica,
)
from .services.adozioni import dichiara_adozione
from .services.valutazioni import valuta_pratica

INDICE = {
    "slug": "buone-pratiche",
    "title": "Buone pratiche",
    "intro": (
        "<p>Le pratiche che hanno funzionato nelle zone-distretto toscane e negli ambiti di altre regioni: "
        "filtra per territorio, tema, destinatari, metodologia e fonte di finanziamento, scopri quali sono "
        "state validate dalla redazione e quali altre zone le hanno adottate.</p>"
    ),
    "show_in_menus": True,
}

AMBITI = {
    "basilicata": {"nome": "Basilicata", "regione": "Basilicata"},
    "unione-reno-galliera": {
        "nome": "Unione Reno Galliera (Distretto Pianura Est)",
        "regione": "Emilia-Romagna",
        "province": "Bologna",
        "note": "Ufficio di Piano del Distretto Pianura Est.",
    },
    "ats-6-fano": {
        "nome": "ATS 6 Fano",
        "regione": "Marche",
        "province": "Pesaro e Urbino",
        "note": "Ambito Territoriale Sociale n. 6, ente capofila il Comune di Fano.",
    },
}

DIMOSTRATIVA = (
    "<p><em>Scheda dimostrativa: descrive un intervento tipico dei temi della Comunità di pratica, non "
    "un progetto reale della zona.</em></p>"
)

# Every practice: slug, title, zone slugs, theme slugs and vocabulary slugs, people and bodies involved
# (name, kind, role), figures (value, description), sections in rich text, dates and tags.
PRATICHE = [
    {
        "slug": "budget-di-salute-persone-in-carico-sst",
        "title": "Budget di Salute per le persone in carico anche al Servizio sociale territoriale",
        "abstract": (
            "Progetti con la metodologia del Budget di Salute per persone seguite insieme dai servizi sanitari "
            "e dal Servizio sociale territoriale, co-progettati tra i servizi fin dalla valutazione di fattibilità."
        ),
        "zone": ["unione-reno-galliera"],
        "temi": ["salute-mentale", "poverta"],
        "destinatari": ["salute-mentale", "nuclei-in-poverta"],
        "fonti": ["proprie"],
        "metodologie": ["budget-di-salute", "co-progettazione", "presa-in-carico-integrata"],
        "soggetti": [
            ("Unione Reno Galliera, Servizio sociale territoriale", "comune", "promotore"),
            ("Ufficio di Piano del Distretto Pianura Est", "sds", "partner"),
            ("Servizi sanitari del distretto", "asl", "partner"),
        ],
        "indicatori": [],
        "contesto": (
            "<p>Area di sperimentazione della programmazione di zona 2018-2020 per il contrasto alla povertà, "
            "fondata sulla centralità delle risorse delle persone e non solo dei bisogni che esprimono.</p>"
        ),
        "obiettivi": (
            "<p>Costruire progetti personalizzati integrati tra sociale e sanitario per le persone in carico "
            "anche al SST.</p>"
        ),
        "azioni": (
            "<ul><li>Co-progettazione tra i servizi dalla fase iniziale di valutazione di fattibilità.</li>"
            "<li>Coinvolgimento dei beneficiari e delle reti familiari e comunitarie di appartenenza.</li></ul>"
        ),
        "risultati": (
            "<p>Il SST diventa punto di snodo nella progettazione con il Budget di Salute, portando il proprio "
            "contributo professionale e i saperi sulle opportunità del territorio, anche informali, e sul "
            "contesto di vita reale della persona.</p>"
        ),
        "trasferibilita": (
            "<p>Richiede un accordo tra servizi sociali e sanitari sulla valutazione congiunta: replicabile dove "
            "esiste già un'équipe integrata.</p>"
        ),
        "data_inizio": datetime.date(2018, 1, 1),
        "tags": ["budget di salute", "integrazione sociosanitaria"],
    },
    {
        "slug": "co-progettazione-ets-zone-grigie",
        "title": "Co-progettazione con gli enti del Terzo Settore sulle «zone grigie» del bisogno",
        "abstract": (
            "Un percorso di co-progettazione con gli ETS per interventi innovativi e sperimentali rivolti a chi "
            "non arriva ai servizi: il Terzo Settore come «antenna» delle fragilità."
        ),
        "zone": ["unione-reno-galliera"],
        "temi": ["lavoro-di-comunita", "poverta"],
        "destinatari": ["nuclei-in-poverta", "comunita-locale"],
        "fonti": ["proprie"],
        "metodologie": ["co-progettazione", "lavoro-di-comunita"],
        "soggetti": [
            ("Unione Reno Galliera", "comune", "promotore"),
            ("Enti del Terzo Settore del territorio", "ets", "partner"),
        ],
        "indicatori": [],
        "contesto": (
            "<p>Molti bisogni sono più articolati e complessi di quelli intercettati dai servizi: situazioni di "
            "fragilità che non accedono alla rete dei servizi.</p>"
        ),
        "obiettivi": (
            "<ul><li>Intervenire sulle «zone grigie» dei bisogni, lavorando sulla prevenzione.</li>"
            "<li>Valorizzare la funzione del Terzo Settore di «antenna» sulle situazioni di fragilità.</li></ul>"
        ),
        "azioni": (
            "<p>Attivazione di relazioni e creazione di contesti accoglienti in cui le persone possano "
            "sperimentare le proprie abilità, in particolare chi non troverebbe nell'inserimento lavorativo una "
            "risposta immediata al proprio bisogno.</p>"
        ),
        "risultati": "",
        "trasferibilita": (
            "<p>Lo strumento è la co-progettazione dell'art. 55 del Codice del Terzo Settore, disponibile a ogni "
            "ente pubblico.</p>"
        ),
        "data_inizio": datetime.date(2018, 1, 1),
        "tags": ["art. 55", "prevenzione"],
    },
    {
        "slug": "accordo-operativo-poverta-reno-galliera",
        "title": "Accordo operativo contro la povertà tra Unione, Terzo Settore e organizzazioni sindacali",
        "abstract": (
            "Un accordo operativo tra l'Unione Reno Galliera, il Terzo Settore e le OO.SS. che fissa modalità di "
            "collaborazione, obiettivi specifici e un lavoro di rete declinato sui singoli territori."
        ),
        "zone": ["unione-reno-galliera"],
        "temi": ["poverta", "lavoro-di-comunita"],
        "destinatari": ["nuclei-in-poverta"],
        "fonti": ["proprie"],
        "metodologie": ["accordo-operativo", "lavoro-di-comunita"],
        "soggetti": [
            ("Unione Reno Galliera", "comune", "promotore"),
            ("Enti del Terzo Settore", "ets", "partner"),
            ("Organizzazioni sindacali", "oo-ss", "partner"),
        ],
        "indicatori": [("3", "tipi di soggetti firmatari: Unione, Terzo Settore, OO.SS.")],
        "contesto": "<p>Area di sperimentazione della programmazione di zona 2018-2020.</p>",
        "obiettivi": "<p>Corresponsabilizzare i diversi attori nel contrasto alla povertà.</p>",
        "azioni": (
            "<ul><li>Modalità di collaborazione reciproche.</li><li>Centralità su obiettivi specifici.</li>"
            "<li>Attività di rete declinata sulle specificità dei singoli territori.</li></ul>"
        ),
        "risultati": "",
        "trasferibilita": (
            "<p>Un accordo scritto rende esplicito chi fa che cosa: la forma si adatta a ogni zona con un "
            "tavolo sulla povertà.</p>"
        ),
        "data_inizio": datetime.date(2018, 1, 1),
        "tags": ["accordo", "sindacati"],
    },
    {
        "slug": "funzione-educativa-sst-fondo-poverta",
        "title": "La funzione educativa nel Servizio sociale territoriale con la quota servizi del Fondo Povertà",
        "abstract": (
            "Educatori nel SST finanziati con la quota servizi del Fondo nazionale Povertà: accompagnamento "
            "socio-educativo per l'inserimento lavorativo, interventi personalizzati, aggancio delle situazioni "
            "complesse."
        ),
        "zone": ["unione-reno-galliera"],
        "temi": ["lavoro", "poverta"],
        "destinatari": ["disoccupati", "nuclei-in-poverta"],
        "fonti": ["fondo-poverta"],
        "metodologie": ["accompagnamento-socio-educativo", "progettazione-individualizzata"],
        "soggetti": [("Unione Reno Galliera, Servizio sociale territoriale", "comune", "promotore")],
        "indicatori": [],
        "contesto": (
            "<p>Implementazione delle politiche di contrasto alla povertà, in raccordo con la legge regionale "
            "dell'Emilia-Romagna n. 14 del 2015 sull'inserimento lavorativo delle persone fragili.</p>"
        ),
        "obiettivi": (
            "<p>Valutare le competenze delle persone in un'ottica di inserimento o reinserimento lavorativo e di "
            "riqualificazione professionale.</p>"
        ),
        "azioni": (
            "<ul><li>Accompagnamento socio-educativo.</li>"
            "<li>Personalizzazione degli interventi in funzione del contesto familiare e ambientale e delle "
            "esigenze formative e lavorative.</li>"
            "<li>Aggancio delle situazioni complesse, per riscrivere e rielaborare storie e narrazioni, "
            "riallacciando relazioni e attivando competenze.</li></ul>"
        ),
        "risultati": "",
        "trasferibilita": "<p>La quota servizi del Fondo Povertà finanzia questa figura in ogni ambito.</p>",
        "data_inizio": datetime.date(2018, 1, 1),
        "tags": ["educatore", "L.r. 14/2015"],
    },
    {
        "slug": "avviso-basilicata-percorsi-fragilita",
        "title": "Basilicata: l'avviso per percorsi di accompagnamento delle persone in condizione di fragilità",
        "abstract": (
            "Un avviso pubblico del PO FSE Basilicata ha finanziato 616 progetti innovativi di accompagnamento "
            "per persone vulnerabili, con i 9 Ambiti Socio Territoriali come attori principali e una prima "
            "sperimentazione di co-progettazione con il Terzo Settore."
        ),
        "zone": ["basilicata"],
        "temi": ["poverta", "lavoro-di-comunita"],
        "destinatari": ["nuclei-in-poverta", "famiglie-con-minori"],
        "fonti": ["fse"],
        "metodologie": ["co-progettazione", "progettazione-individualizzata"],
        "soggetti": [
            ("Regione Basilicata", "regione", "promotore"),
            ("Ambiti Socio Territoriali", "comune", "partner"),
            ("Enti del Terzo Settore", "ets", "partner"),
            ("Aziende sanitarie", "asl", "partner"),
            ("Organismi di formazione", "formazione", "partner"),
            ("Tribunale per i minorenni (in alcuni progetti)", "tribunale-minorenni", "partner"),
        ],
        "indicatori": [("616", "progetti finanziati"), ("9", "Ambiti Socio Territoriali coinvolti")],
        "contesto": (
            "<p>Il Piano regionale per i servizi sociali e sociosanitari mette al centro la persona e i suoi "
            "bisogni con un approccio «bottom-up»: la progettualità viene dal basso, con la partecipazione attiva "
            "degli stakeholder del territorio.</p>"
        ),
        "obiettivi": (
            "<p>Diminuire il numero di famiglie in condizioni di povertà e a rischio di esclusione sociale con "
            "progetti individualizzati e servizi sociali innovativi.</p>"
        ),
        "azioni": (
            "<p>Gli Ambiti programmano, gestiscono e monitorano gli interventi; i partner (Terzo Settore, ASL, "
            "servizi sociali dei Comuni e degli Ambiti, organismi di formazione, in alcuni casi il Tribunale per "
            "i minorenni) co-progettano secondo l'art. 55 del Codice del Terzo Settore.</p>"
        ),
        "risultati": (
            "<p>Presentati all'evento annuale del PO FSE del 21 dicembre 2020 con una prima indagine valutativa: "
            "impatto positivo sulle relazioni tra istituzioni, servizi sociali e organismi gestori e sulla "
            "qualità della vita dei destinatari.</p>"
        ),
        "trasferibilita": (
            "<p>Un avviso «pilota» che costruisce una metodologia di analisi e una governance replicabili da "
            "altre regioni.</p>"
        ),
        "data_inizio": datetime.date(2019, 1, 1),
        "tags": ["PO FSE", "avviso pubblico"],
    },
    {
        "slug": "fascicolo-sociale-informatizzato-basilicata",
        "title": "Il fascicolo sociale informatizzato: una presa in carico che segue tutto il percorso",
        "abstract": (
            "Una piattaforma web con cui il sistema dei servizi «prende in carico» una persona in condizione di "
            "necessità e ne segue l'intero percorso di reinserimento nella vita sociale attiva."
        ),
        "zone": ["basilicata"],
        "temi": ["poverta"],
        "destinatari": ["nuclei-in-poverta", "operatori"],
        "fonti": ["fse"],
        "metodologie": ["presa-in-carico-integrata"],
        "soggetti": [
            ("Regione Basilicata", "regione", "promotore"),
            ("Ambiti Socio Territoriali", "comune", "partner"),
        ],
        "indicatori": [],
        "contesto": "<p>Lo strumento accompagna i progetti dell'avviso regionale per le persone fragili.</p>",
        "obiettivi": "<p>Un'unica storia del percorso della persona, condivisa dai servizi che la seguono.</p>",
        "azioni": (
            "<p>I referenti dei progetti hanno illustrato i percorsi individuali con l'aiuto del fascicolo "
            "sociale informatizzato.</p>"
        ),
        "risultati": "",
        "trasferibilita": (
            "<p>Da valutare con il responsabile della protezione dei dati: il fascicolo tratta dati delle "
            "persone seguite, che non vanno mai riportati su questa piattaforma.</p>"
        ),
        "data_inizio": datetime.date(2019, 1, 1),
        "tags": ["cartella sociale", "sistemi informativi"],
    },
    {
        "slug": "ats-6-fano-gruppi-di-lavoro",
        "title": "ATS 6 Fano: quattro gruppi di lavoro e 25 associazioni per il welfare di comunità",
        "abstract": (
            "Con il PON Inclusione l'Ambito Territoriale Sociale n. 6 riunisce il privato sociale nei gruppi di "
            "lavoro del Piano di zona (Inclusione, Salute mentale, Non autosufficienza, Famiglia) per costruire "
            "servizi innovativi di inclusione."
        ),
        "zone": ["ats-6-fano"],
        "temi": ["lavoro-di-comunita", "famiglie-vulnerabili"],
        "destinatari": ["comunita-locale", "famiglie-con-minori"],
        "fonti": ["pon-inclusione"],
        "metodologie": ["tavoli-di-lavoro", "lavoro-di-comunita"],
        "soggetti": [
            ("Comune di Fano, ente capofila dell'ATS 6", "comune", "promotore"),
            ("Associazioni del territorio", "associazione", "partner"),
            ("Cooperative sociali", "cooperativa", "partner"),
        ],
        "indicatori": [("25", "realtà associative al primo incontro"), ("4", "gruppi di lavoro dell'Ambito")],
        "contesto": (
            "<p>Il progetto si collega al Piano Territoriale Sociale dopo l'approvazione del Piano Sociale "
            "regionale 2020-2022, riattivando i tavoli fermati dall'emergenza Covid-19.</p>"
        ),
        "obiettivi": (
            "<p>Mappare i bisogni del territorio con più competenze e costruire percorsi e metodi di lavoro "
            "virtuosi, con l'ente pubblico in un ruolo di regia e coordinamento.</p>"
        ),
        "azioni": (
            "<p>Incontri con le associazioni e le cooperative, a partire dall'ascolto delle realtà attive nei "
            "territori, ogni giorno a contatto con i bisogni anche nuovi e latenti.</p>"
        ),
        "risultati": "<p>Il primo incontro, a fine maggio 2020, ha riunito 25 realtà associative.</p>",
        "trasferibilita": "<p>I tavoli del Piano di zona esistono in ogni ambito: il metodo è il loro uso.</p>",
        "data_inizio": datetime.date(2020, 5, 25),
        "tags": ["piano di zona", "privato sociale"],
    },
    {
        "slug": "mappatura-bisogni-servizi-fano",
        "title": "La mappatura dei bisogni e dei servizi nell'Ambito di Fano",
        "abstract": (
            "Mappatura dei bisogni e dei servizi attivi, animazione territoriale, comunicazione dei risultati e "
            "formazione degli operatori di comunità nel gruppo «Inclusione sociale» dell'ATS 6."
        ),
        "zone": ["ats-6-fano"],
        "temi": ["lavoro-di-comunita", "poverta"],
        "destinatari": ["comunita-locale", "operatori"],
        "fonti": ["pon-inclusione"],
        "metodologie": ["lavoro-di-comunita", "tavoli-di-lavoro"],
        "soggetti": [
            ("Comune di Fano, ente capofila dell'ATS 6", "comune", "promotore"),
            ("Associazioni del territorio", "associazione", "partner"),
        ],
        "indicatori": [],
        "contesto": "<p>Parte del progetto PON Inclusione dell'ATS 6, agganciata al gruppo «Inclusione».</p>",
        "obiettivi": "<p>Far emergere i bisogni, anche latenti, e i servizi che già rispondono.</p>",
        "azioni": (
            "<ul><li>Mappatura dei bisogni e dei servizi attivi.</li><li>Animazione sul territorio.</li>"
            "<li>Comunicazione delle attività e dei risultati.</li>"
            "<li>Accompagnamento e formazione degli operatori nella comunità.</li></ul>"
        ),
        "risultati": "",
        "trasferibilita": "<p>Una mappatura condivisa è il primo passo di ogni piano di zona.</p>",
        "data_inizio": datetime.date(2020, 6, 1),
        "tags": ["mappatura"],
    },
    {
        "slug": "equipe-rdc-adi-pisana",
        "title": "Dal Reddito di Cittadinanza all'Assegno di Inclusione: l'équipe per i patti di inclusione",
        "abstract": (
            "Un'équipe multidisciplinare di zona per i patti di inclusione dei nuclei beneficiari, che ha "
            "accompagnato il passaggio dal Reddito di Cittadinanza all'Assegno di Inclusione."
        ),
        "zone": ["pisana"],
        "temi": ["poverta", "lavoro"],
        "destinatari": ["nuclei-in-poverta", "disoccupati"],
        "fonti": ["fondo-poverta", "pon-inclusione"],
        "metodologie": ["equipe-multidisciplinare", "valutazione-multidimensionale"],
        "soggetti": [
            ("Società della Salute della zona Pisana", "sds", "promotore"),
            ("Centro per l'impiego", "altro", "partner"),
        ],
        "indicatori": [],
        "contesto": DIMOSTRATIVA
        + "<p>Il 2020 della Comunità di pratica è stato dedicato al contrasto alla povertà e all'attuazione "
        "del Reddito di Cittadinanza.</p>",
        "obiettivi": "<p>Una valutazione multidimensionale e un patto per ogni nucleo.</p>",
        "azioni": "<p>Analisi preliminare, quadro di analisi, patto di inclusione e monitoraggio.</p>",
        "risultati": "",
        "trasferibilita": "<p>Le équipe sono previste dalla normativa nazionale in ogni ambito.</p>",
        "data_inizio": datetime.date(2020, 1, 1),
        "tags": ["Reddito di Cittadinanza", "Assegno di Inclusione"],
    },
    {
        "slug": "poverta-educativa-doposcuola-comunita-valdinievole",
        "title": "Povertà educativa: doposcuola di comunità con le famiglie",
        "abstract": (
            "Spazi educativi pomeridiani costruiti con scuole, associazioni e famiglie per i minori dei nuclei "
            "seguiti dai servizi, contro la povertà educativa e non solo economica."
        ),
        "zone": ["valdinievole"],
        "temi": ["minori", "famiglie-vulnerabili"],
        "destinatari": ["minori", "famiglie-con-minori"],
        "fonti": ["regionali", "fondazioni"],
        "metodologie": ["lavoro-di-comunita"],
        "soggetti": [
            ("Società della Salute della Valdinievole", "sds", "promotore"),
            ("Istituti comprensivi della zona", "scuola", "partner"),
            ("Associazioni di volontariato", "associazione", "partner"),
        ],
        "indicatori": [],
        "contesto": DIMOSTRATIVA
        + "<p>Nel 2021 la Comunità di pratica si è concentrata sui bisogni delle famiglie con minori: povertà "
        "educativa e inadeguatezza genitoriale.</p>",
        "obiettivi": "<p>Ridurre l'abbandono scolastico e sostenere i genitori.</p>",
        "azioni": "<p>Doposcuola in rete, incontri con i genitori, raccordo con gli assistenti sociali.</p>",
        "risultati": "",
        "trasferibilita": "<p>Poggia su scuole e volontariato presenti in ogni zona.</p>",
        "data_inizio": datetime.date(2021, 9, 15),
        "tags": ["povertà educativa", "scuola"],
    },
    {
        "slug": "mediazione-famiglie-straniere-pratese",
        "title": "Mediazione linguistico-culturale per l'accesso delle famiglie straniere ai servizi",
        "abstract": (
            "Mediatori e mediatrici nei punti di accesso dei servizi sociali per accompagnare le famiglie "
            "straniere nella presa in carico e nelle misure contro la povertà."
        ),
        "zone": ["pratese"],
        "temi": ["stranieri", "poverta"],
        "destinatari": ["stranieri", "famiglie-con-minori"],
        "fonti": ["fse", "proprie"],
        "metodologie": ["presa-in-carico-integrata"],
        "soggetti": [
            ("Società della Salute dell'area pratese", "sds", "promotore"),
            ("Cooperativa sociale di mediazione", "cooperativa", "partner"),
        ],
        "indicatori": [],
        "contesto": DIMOSTRATIVA + "<p>Il sostegno agli stranieri è tra i temi della Comunità di pratica.</p>",
        "obiettivi": "<p>Ridurre le barriere linguistiche nell'accesso alle misure.</p>",
        "azioni": "<p>Presenza programmata dei mediatori e materiali informativi in più lingue.</p>",
        "risultati": "",
        "trasferibilita": "<p>Si adatta alle lingue più parlate in ciascuna zona.</p>",
        "data_inizio": datetime.date(2021, 3, 1),
        "tags": ["mediazione"],
    },
    {
        "slug": "accompagnamento-educativo-domiciliare-senese",
        "title": "Accompagnamento educativo domiciliare per famiglie in situazione di vulnerabilità",
        "abstract": (
            "Educatori a domicilio per sostenere le competenze genitoriali nelle famiglie vulnerabili, in "
            "raccordo con i servizi e, quando serve, con il Tribunale per i minorenni."
        ),
        "zone": ["senese"],
        "temi": ["famiglie-vulnerabili", "minori"],
        "destinatari": ["famiglie-con-minori", "minori"],
        "fonti": ["fondo-poverta"],
        "metodologie": ["accompagnamento-socio-educativo", "equipe-multidisciplinare"],
        "soggetti": [
            ("Società della Salute Senese", "sds", "promotore"),
            ("Cooperativa sociale educativa", "cooperativa", "partner"),
            ("Tribunale per i minorenni", "tribunale-minorenni", "partner"),
        ],
        "indicatori": [],
        "contesto": DIMOSTRATIVA,
        "obiettivi": "<p>Prevenire l'allontanamento dei minori rafforzando la genitorialità.</p>",
        "azioni": "<p>Progetto educativo condiviso con la famiglia e verifiche periodiche in équipe.</p>",
        "risultati": "",
        "trasferibilita": "<p>Richiede educatori dedicati e un'équipe di zona per la tutela.</p>",
        "data_inizio": datetime.date(2021, 1, 1),
        "tags": ["genitorialità"],
    },
    # Derived practices of adopting zones (see ADOZIONI).
    {
        "slug": "budget-di-salute-valdinievole",
        "title": "Budget di Salute in Valdinievole: la sperimentazione con il servizio sociale",
        "abstract": (
            "La zona Valdinievole ha ripreso la metodologia del Budget di Salute dell'Unione Reno Galliera per "
            "le persone seguite insieme dalla salute mentale e dal servizio sociale."
        ),
        "zone": ["valdinievole"],
        "temi": ["salute-mentale"],
        "destinatari": ["salute-mentale"],
        "fonti": ["regionali"],
        "metodologie": ["budget-di-salute", "presa-in-carico-integrata"],
        "soggetti": [
            ("Società della Salute della Valdinievole", "sds", "promotore"),
            ("Azienda USL Toscana Centro", "asl", "partner"),
        ],
        "indicatori": [],
        "contesto": DIMOSTRATIVA,
        "obiettivi": "<p>Progetti personalizzati co-progettati tra sociale e sanitario.</p>",
        "azioni": "<p>Valutazione congiunta di fattibilità e coinvolgimento delle reti familiari.</p>",
        "risultati": "",
        "trasferibilita": "",
        "data_inizio": datetime.date(2022, 10, 1),
        "tags": ["budget di salute"],
    },
    {
        "slug": "tavoli-terzo-settore-fiorentina-nord-ovest",
        "title": "Tavoli con il Terzo Settore per intercettare le fragilità che non arrivano ai servizi",
        "abstract": (
            "Sul modello della co-progettazione sulle «zone grigie», la zona Fiorentina Nord-Ovest ha avviato "
            "tavoli con gli enti del Terzo Settore come antenne delle fragilità."
        ),
        "zone": ["fiorentina-nord-ovest"],
        "temi": ["lavoro-di-comunita"],
        "destinatari": ["comunita-locale"],
        "fonti": ["proprie"],
        "metodologie": ["co-progettazione", "tavoli-di-lavoro"],
        "soggetti": [
            ("Società della Salute Fiorentina Nord-Ovest", "sds", "promotore"),
            ("Enti del Terzo Settore della zona", "ets", "partner"),
        ],
        "indicatori": [],
        "contesto": DIMOSTRATIVA,
        "obiettivi": "<p>Prevenzione e aggancio precoce delle situazioni di fragilità.</p>",
        "azioni": "<p>Tavoli periodici e segnalazioni condivise con il servizio sociale.</p>",
        "risultati": "",
        "trasferibilita": "",
        "data_inizio": datetime.date(2023, 2, 1),
        "tags": ["art. 55"],
    },
]

REDATTRICE = {"email": "redazione.pratiche@cop.local", "first_name": "Giulia", "last_name": "Redattrice"}

# Demo members of the adopting zones: (email, first name, last name, role, zone slug, body).
MEMBRI = [
    (
        "operatore.valdinievole@cop.local",
        "Marco",
        "Operatore",
        roles.OPERATORI,
        "valdinievole",
        "Società della Salute della Valdinievole",
    ),
    (
        "referente.fno@cop.local",
        "Sara",
        "Referente",
        roles.REFERENTI,
        "fiorentina-nord-ovest",
        "Società della Salute Fiorentina Nord-Ovest",
    ),
    ("operatore.pisana@cop.local", "Luca", "Operatore", roles.OPERATORI, "pisana", "Società della Salute Pisana"),
    ("referente.livornese@cop.local", "Elena", "Referente", roles.REFERENTI, "livornese", "Comune di Livorno"),
]

# Evaluations by the demo editor: practice slug → (score of every criterion, exceptions, general note).
VALUTAZIONI = {
    "budget-di-salute-persone-in-carico-sst": (
        4,
        {"evidenze": 3, "sostenibilita": 3},
        "Integrazione sociosanitaria esemplare; mancano ancora dati di esito.",
    ),
    "avviso-basilicata-percorsi-fragilita": (
        3,
        {"rilevanza": 4, "intersettorialita": 4, "partecipazione": 4},
        "Scala regionale e indagine valutativa: un riferimento per le zone.",
    ),
    "ats-6-fano-gruppi-di-lavoro": (
        3,
        {"partecipazione": 4, "intersettorialita": 4},
        "Forte coinvolgimento delle associazioni; da documentare i risultati.",
    ),
    "accordo-operativo-poverta-reno-galliera": (3, {"intersettorialita": 4}, "Accordo chiaro e replicabile."),
    "mappatura-bisogni-servizi-fano": (
        2,
        {"rilevanza": 3, "partecipazione": 3},
        "Utile ma ancora nella fase iniziale: mancano evidenze e sostenibilità.",
    ),
}

# Adoptions: (practice slug, email of the declaring member, derived practice slug or None, note).
ADOZIONI = [
    (
        "budget-di-salute-persone-in-carico-sst",
        "operatore.valdinievole@cop.local",
        "budget-di-salute-valdinievole",
        "Adattata ai servizi di salute mentale della zona.",
    ),
    (
        "co-progettazione-ets-zone-grigie",
        "referente.fno@cop.local",
        "tavoli-terzo-settore-fiorentina-nord-ovest",
        "Tavoli periodici invece di un unico avviso.",
    ),
    (
        "ats-6-fano-gruppi-di-lavoro",
        "operatore.pisana@cop.local",
        None,
        "Gruppi di lavoro del piano di zona aperti alle associazioni.",
    ),
    ("accordo-operativo-poverta-reno-galliera", "operatore.pisana@cop.local", None, ""),
    (
        "fascicolo-sociale-informatizzato-basilicata",
        "referente.livornese@cop.local",
        None,
        "Cartella sociale condivisa tra i Comuni della zona.",
    ),
]


def _zona(slug):
    if slug in AMBITI:
        dati = AMBITI[slug]
        zona, _creata = Zona.objects.get_or_create(
            slug=slug, defaults={"tipo": Zona.Tipo.AMBITO, "regione": dati["regione"], "nome": dati["nome"]}
        )
        campi = {k: v for k, v in dati.items() if k in ("province", "note") and not getattr(zona, k)}
        if campi:
            Zona.objects.filter(pk=zona.pk).update(**campi)
        return zona
    return Zona.objects.get(slug=slug)


def _per_slug(modello, slugs):
    return list(modello.objects.filter(slug__in=slugs))


@transaction.atomic
def _pratica(indice, dati, owner=None):
    """The practice with this slug under the index, created and published if missing."""
    esistente = BuonaPraticaPage.objects.child_of(indice).filter(slug=dati["slug"]).first()
    if esistente is not None:
        return esistente, False
    pratica = BuonaPraticaPage(
        slug=dati["slug"],
        title=dati["title"],
        abstract=dati["abstract"],
        contesto=dati["contesto"],
        obiettivi=dati["obiettivi"],
        azioni=dati["azioni"],
        risultati=dati["risultati"],
        trasferibilita=dati["trasferibilita"],
        data_inizio=dati["data_inizio"],
        stato=BuonaPraticaPage.Stato.IN_CORSO,
        owner=owner,
    )
    pratica.zone = [_zona(slug) for slug in dati["zone"]]
    pratica.temi = _per_slug(Tema, dati["temi"])
    pratica.destinatari = _per_slug(Destinatario, dati["destinatari"])
    pratica.fonti_finanziamento = _per_slug(FonteFinanziamento, dati["fonti"])
    pratica.metodologie = _per_slug(Metodologia, dati["metodologie"])
    pratica.soggetti = [
        SoggettoCoinvolto(
            organizzazione=organizzazione_per_nome(nome=nome, tipo=tipo, pubblica=True, zone=pratica.zone.all()),
            ruolo=ruolo,
            sort_order=i,
        )
        for i, (nome, tipo, ruolo) in enumerate(dati["soggetti"])
    ]
    pratica.indicatori = [
        Indicatore(valore=valore, descrizione=descrizione, sort_order=i)
        for i, (valore, descrizione) in enumerate(dati["indicatori"])
    ]
    pratica.tags.add(*dati["tags"])
    indice.add_child(instance=pratica)
    pratica.save_revision(user=owner).publish()
    return BuonaPraticaPage.objects.get(pk=pratica.pk), True


def _membri(esito):
    membri = {}
    for email, nome, cognome, gruppo, zona_slug, ente in MEMBRI:
        user, creato = utente(email=email, first_name=nome, last_name=cognome, gruppi=[gruppo])
        if not Profilo.objects.filter(user=user, zona_confermata__isnull=False).exists():
            crea_profilo(
                user=user,
                ente=ente,
                ruolo_professionale=Profilo.Ruolo.ASSISTENTE_SOCIALE,
                zona=_zona(zona_slug),
                zona_confermata=True,
            )
        esito.registra(f"utente dimostrativo {email}", creato)
        membri[email] = user
    return membri


def _assicura_workflow(indice):
    """The review workflow of the proposals (services/proposte.py)."""
    from .services.proposte import assicura_workflow

    assicura_workflow(indice)


@hooks.register("cop_demo", order=50)
def buone_pratiche(esito):
    indice, creato = pagina_figlia(parent=home_page(), model=BuonePraticheIndexPage, **INDICE)
    esito.registra(f"pagina «{indice.title}» ({indice.url_path})", creato)
    _assicura_workflow(indice)

    membri = _membri(esito)
    autori_derivate = {derivata: membri[email] for _p, email, derivata, _n in ADOZIONI if derivata}
    pratiche = {}
    for dati in PRATICHE:
        pratica, creata = _pratica(indice, dati, owner=autori_derivate.get(dati["slug"]))
        pratiche[dati["slug"]] = pratica
        esito.registra(f"buona pratica «{pratica.title}»", creata)

    redattrice, creata = utente(**REDATTRICE, gruppi=[roles.REDATTORI])
    esito.registra(f"utente dimostrativo {REDATTRICE['email']}", creata)
    for slug, (valore, diversi, nota) in VALUTAZIONI.items():
        pratica = pratiche[slug]
        if ValutazionePratica.objects.filter(pratica=pratica, valutatore=redattrice).exists():
            esito.presente()
            continue
        valuta_pratica(
            pratica=pratica,
            valutatore=redattrice,
            punteggi={criterio: diversi.get(criterio, valore) for criterio in Criterio.values},
            nota_generale=nota,
        )
        esito.creato(f"valutazione di «{pratica.title}»")

    for slug, email, derivata, nota in ADOZIONI:
        pratica, user = pratiche[slug], membri[email]
        if Adozione.objects.filter(pratica=pratica, zona_adottante=user.profilo.zona_confermata).exists():
            esito.presente()
            continue
        dichiara_adozione(
            pratica=pratica, user=user, pratica_derivata=pratiche[derivata] if derivata else None, nota=nota
        )
        esito.creato(f"adozione di «{pratica.title}» in {user.profilo.zona_confermata.nome}")
