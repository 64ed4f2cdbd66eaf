"""The texts of the demo site, kept in the repository (never read from outside it at run time).

"La Comunità di pratica" retells the press release of Agenzia Toscana Notizie of 12 March 2021
("Toscana, presentata la Comunità di pratica per l'inclusione sociale"). The legal pages are a
starting draft for the editors: they describe what this code actually does (technical cookies
only, account and profile data only, export and deletion from the profile)."""

# Sections are (block type, value) pairs of `SezioneBlock`: "titolo" is a plain heading,
# "testo" is rich text in Wagtail's database format.

HOME_INTRO = (
    "<p>Lo spazio online della <b>Comunità di pratica sull'inclusione sociale</b> della Regione Toscana. "
    "Qui le zone-distretto condividono buone pratiche contro la povertà e per l'inclusione delle famiglie "
    "vulnerabili, dei minori e delle persone straniere, seguono seminari ed eventi formativi e si "
    "confrontano tra colleghi nel forum.</p>"
)

COMUNITA = {
    "slug": "comunita-di-pratica",
    "title": "La Comunità di pratica",
    "seo_title": "La Comunità di pratica sull'inclusione sociale in Toscana",
    "search_description": (
        "Che cos'è la Comunità di pratica sull'inclusione sociale della Regione Toscana, a chi si rivolge "
        "e su quali temi lavora."
    ),
    "intro": (
        "Uno scambio permanente di esperienze e competenze tra le zone-distretto toscane sui temi "
        "dell'inclusione sociale: lotta alla povertà, sostegno ai minori, alle persone straniere e alle "
        "famiglie più vulnerabili."
    ),
    "body": [
        ("titolo", "Perché una comunità di pratica"),
        (
            "testo",
            "<p>Una comunità di pratica serve a favorire un apprendimento continuo attraverso la condivisione "
            "delle conoscenze di tutti i soggetti che, a vario titolo e su vari piani, dal nazionale al "
            "locale, si occupano di inclusione sociale. L'obiettivo è l'aggiornamento e il rafforzamento "
            "delle competenze di chi lavora nei servizi.</p>",
        ),
        ("titolo", "Com'è nata"),
        (
            "testo",
            "<p>La Comunità di pratica sull'inclusione sociale è stata presentata il <b>12 marzo 2021</b> in "
            "un seminario online promosso dalla Regione Toscana in collaborazione con ANCI Toscana, con la "
            "partecipazione dell'Assessora regionale alle politiche sociali Serena Spinelli. L'incontro era "
            "rivolto alle zone-distretto della Toscana, che allora erano 26.</p>"
            "<p>Il progetto si è avviato a metà del 2020 con una durata triennale. Oggi le zone-distretto "
            "toscane sono 28: l'elenco aggiornato è nella sezione Zone-distretto di questo sito.</p>",
        ),
        ("titolo", "I temi"),
        (
            "testo",
            "<ul>"
            "<li><b>2020: contrasto alla povertà.</b> Il primo anno si è concentrato sulle politiche di "
            "contrasto alla povertà, con particolare riguardo all'attuazione del Reddito di Cittadinanza.</li>"
            "<li><b>2021: famiglie in situazione di vulnerabilità.</b> Al centro le politiche e gli interventi "
            "di inclusione sociale delle famiglie vulnerabili, in particolare i bisogni delle famiglie con "
            "minori: non solo economici, ma anche di povertà educativa e di inadeguatezza genitoriale.</li>"
            "</ul>",
        ),
        ("titolo", "Gli obiettivi"),
        (
            "testo",
            "<ul>"
            "<li>Alimentare un flusso permanente di dati e informazioni dal livello nazionale a quello "
            "zonale.</li>"
            "<li>Favorire un periodico scambio di conoscenze e di esperienze tra i territori.</li>"
            "</ul>"
            "<p>La Comunità di pratica si avvale della collaborazione del Centro Regionale Infanzia e "
            "Adolescenza della Regione Toscana, sia nell'impostazione dei contenuti sia nella restituzione "
            "dei risultati.</p>",
        ),
        ("titolo", "Fonte"),
        (
            "testo",
            "<p>Agenzia Toscana Notizie, «Toscana, presentata la Comunità di pratica per l'inclusione "
            "sociale», 12 marzo 2021.</p>",
        ),
    ],
}

COME_PARTECIPARE = {
    "slug": "come-partecipare",
    "title": "Come partecipare",
    "search_description": "Chi può registrarsi alla piattaforma della Comunità di pratica e che cosa può fare.",
    "intro": (
        "La piattaforma è aperta a chi lavora per l'inclusione sociale nelle zone-distretto toscane: servizi "
        "sociali territoriali, Società della Salute, Comuni, aziende sanitarie ed enti del Terzo Settore."
    ),
    "body": [
        ("titolo", "Registrati"),
        (
            "testo",
            "<ol>"
            "<li>Scegli «Accedi all'area personale» in alto e poi «Registrati».</li>"
            "<li>Inserisci nome, cognome, email, ente e zona-distretto e leggi l'informativa privacy.</li>"
            "<li>Conferma l'indirizzo email con il link che ti inviamo: da quel momento sei un operatore "
            "della comunità.</li>"
            "</ol>",
        ),
        ("titolo", "I ruoli"),
        (
            "testo",
            "<ul>"
            "<li><b>Operatori</b>: propongono buone pratiche, si iscrivono agli eventi e partecipano al "
            "forum.</li>"
            "<li><b>Referenti di zona</b>: accompagnano le proposte della propria zona-distretto e le "
            "rivedono prima della pubblicazione.</li>"
            "<li><b>Redattori regionali</b>: curano i contenuti del sito, pubblicano e moderano.</li>"
            "</ul>",
        ),
        ("titolo", "Il tuo profilo"),
        (
            "testo",
            "<p>Dal profilo scegli le zone e i temi che vuoi seguire, aggiorni i tuoi dati, li scarichi in un "
            "file o elimini l'account quando vuoi.</p>",
        ),
        ("titolo", "Una regola importante"),
        (
            "testo",
            "<p>Nelle pratiche, nei commenti e nel forum <b>non inserire mai dati delle persone seguite dai "
            "servizi</b> né informazioni che possano renderle riconoscibili.</p>",
        ),
    ],
}

PRIVACY = {
    "slug": "privacy",
    "title": "Informativa sul trattamento dei dati personali",
    "search_description": "Informativa ai sensi dell'articolo 13 del Regolamento (UE) 2016/679 (GDPR).",
    "intro": (
        "Informativa ai sensi dell'articolo 13 del Regolamento (UE) 2016/679 (GDPR) per chi visita il sito e "
        "per chi si registra alla piattaforma della Comunità di pratica sull'inclusione sociale."
    ),
    "body": [
        ("titolo", "Titolare del trattamento"),
        (
            "testo",
            "<p>Il titolare del trattamento è la <b>Regione Toscana – Giunta regionale</b>, Piazza del Duomo 10, "
            "50122 Firenze. Il Responsabile della protezione dei dati (RPD) della Regione Toscana è "
            "raggiungibile ai recapiti pubblicati sul sito istituzionale "
            '<a href="https://www.regione.toscana.it/">www.regione.toscana.it</a>.</p>',
        ),
        ("titolo", "Finalità del trattamento"),
        (
            "testo",
            "<ul>"
            "<li>creare e gestire il tuo account e il tuo profilo;</li>"
            "<li>permetterti di partecipare alla Comunità di pratica: proporre buone pratiche, iscriverti a "
            "seminari ed eventi, scrivere nel forum;</li>"
            "<li>inviarti le comunicazioni di servizio (conferma dell'email, recupero della password, "
            "notifiche che hai scelto di ricevere);</li>"
            "<li>rispondere alle segnalazioni inviate con il modulo della dichiarazione di accessibilità;</li>"
            "<li>garantire la sicurezza e il corretto funzionamento del servizio.</li>"
            "</ul>",
        ),
        ("titolo", "Base giuridica"),
        (
            "testo",
            "<p>Il trattamento è necessario per l'esecuzione di un compito di interesse pubblico (art. 6, "
            "paragrafo 1, lettera e del GDPR) connesso alle funzioni regionali di programmazione e "
            "coordinamento delle politiche sociali (legge regionale Toscana 24 febbraio 2005, n. 41). La "
            "registrazione è volontaria: senza nome, cognome ed email non è possibile creare un account, "
            "mentre la consultazione del sito resta libera.</p>",
        ),
        ("titolo", "Quali dati trattiamo"),
        (
            "testo",
            "<ul>"
            "<li><b>dati dell'account</b>: nome, cognome, indirizzo email, password (conservata solo in forma "
            "cifrata), data di registrazione e dell'ultimo accesso;</li>"
            "<li><b>dati del profilo</b>: ente o organizzazione, ruolo professionale, zona-distretto, zone e "
            "temi seguiti, data di accettazione di questa informativa;</li>"
            "<li><b>i contenuti che pubblichi</b> (buone pratiche, messaggi, iscrizioni agli eventi), associati "
            "al tuo nome;</li>"
            "<li><b>dati tecnici di navigazione</b> necessari al funzionamento del sito (vedi "
            "l'informativa sui cookie).</li>"
            "</ul>"
            "<p>La valutazione «Quanto sono chiare le informazioni su questa pagina?» è anonima. La piattaforma "
            "<b>non tratta dati delle persone seguite dai servizi</b> (beneficiari, utenti dei servizi "
            "sociali): non devono essere inseriti in nessun contenuto. Non trattiamo categorie particolari di "
            "dati.</p>",
        ),
        ("titolo", "Chi può vedere i dati"),
        (
            "testo",
            "<p>I dati sono trattati dal personale della Regione Toscana autorizzato (redattori regionali) e, "
            "per le attività di revisione dei contenuti della propria zona, dai referenti di zona. Il tuo nome, "
            "il tuo ente e la tua zona compaiono accanto ai contenuti che pubblichi. I fornitori che gestiscono "
            "l'infrastruttura tecnica agiscono come responsabili del trattamento (art. 28 GDPR). I dati non "
            "sono diffusi né trasferiti verso Paesi terzi.</p>",
        ),
        ("titolo", "Per quanto tempo"),
        (
            "testo",
            "<p>I dati dell'account e del profilo sono conservati finché l'account è attivo. Se elimini "
            "l'account i tuoi dati personali sono cancellati subito; i contenuti che hai pubblicato restano "
            "nella comunità senza il tuo nome, firmati «utente rimosso». Le segnalazioni di accessibilità sono "
            "conservate per il tempo necessario a gestirle.</p>",
        ),
        ("titolo", "I tuoi diritti"),
        (
            "testo",
            "<p>Puoi chiedere in ogni momento l'accesso ai tuoi dati, la rettifica, la cancellazione, la "
            "limitazione del trattamento, opporti al trattamento e ottenere la portabilità dei dati (articoli "
            "15-22 del GDPR). Molte di queste cose le fai da solo dal tuo "
            '<a href="/profilo/">profilo</a>:</p>'
            "<ul>"
            "<li><b>modifica</b> i dati del profilo;</li>"
            "<li><b>esporta i tuoi dati</b> in un file JSON;</li>"
            "<li><b>elimina l'account</b> e i dati personali collegati.</li>"
            "</ul>"
            "<p>Per le altre richieste scrivi al titolare o al Responsabile della protezione dei dati.</p>",
        ),
        ("titolo", "Reclamo"),
        (
            "testo",
            "<p>Se ritieni che il trattamento violi il GDPR puoi proporre reclamo al Garante per la protezione "
            'dei dati personali (<a href="https://www.garanteprivacy.it/">www.garanteprivacy.it</a>), come '
            "previsto dall'articolo 77 del Regolamento.</p>",
        ),
    ],
}

COOKIE = {
    "slug": "cookie",
    "title": "Informativa sui cookie",
    "search_description": "Il sito usa solo cookie tecnici. Nessun cookie di profilazione o di statistica.",
    "intro": (
        "Questo sito usa solo cookie tecnici, necessari per farlo funzionare. Non usa cookie di profilazione "
        "né strumenti di statistica di terze parti: per questo non ti chiediamo il consenso e non mostriamo "
        "alcun banner."
    ),
    "body": [
        ("titolo", "I cookie che usiamo"),
        (
            "testo",
            "<ul>"
            "<li><b>sessionid</b> (cookie di sessione): ti mantiene collegato dopo l'accesso all'area "
            "personale. Dura fino all'uscita o al massimo due settimane.</li>"
            "<li><b>csrftoken</b> (sicurezza): protegge i moduli del sito da invii contraffatti da altri "
            "siti. Dura un anno e non contiene dati personali.</li>"
            "<li><b>messages</b> (messaggi): mostra una sola volta le conferme e gli avvisi dopo un'azione, "
            "ad esempio «Profilo aggiornato». Si cancella appena il messaggio è stato letto.</li>"
            "</ul>",
        ),
        ("titolo", "Contenuti di terze parti"),
        (
            "testo",
            "<p>Alcune pagine possono contenere contenuti di altri siti, come i video di un seminario. Il "
            "lettore video e i suoi cookie vengono caricati <b>solo dopo che hai fatto clic</b> per "
            "avviarlo: da quel momento si applica l'informativa del sito che lo fornisce.</p>",
        ),
        ("titolo", "Come gestire i cookie"),
        (
            "testo",
            "<p>Puoi cancellare o bloccare i cookie dalle impostazioni del tuo browser. Se blocchi i cookie "
            "tecnici non potrai accedere all'area personale né inviare i moduli del sito.</p>",
        ),
    ],
}

NOTE_LEGALI = {
    "slug": "note-legali",
    "title": "Note legali",
    "search_description": "Condizioni d'uso dei contenuti e responsabilità sui contributi della comunità.",
    "intro": "Le condizioni d'uso dei contenuti pubblicati su questo sito.",
    "body": [
        ("titolo", "Titolarità del sito"),
        (
            "testo",
            "<p>Il sito è curato dalla Regione Toscana nell'ambito della Comunità di pratica sull'inclusione "
            "sociale.</p>",
        ),
        ("titolo", "Riutilizzo dei contenuti"),
        (
            "testo",
            "<p>Salvo diversa indicazione, i testi redazionali possono essere riprodotti citando la fonte "
            "(«Comunità di pratica sull'inclusione sociale – Regione Toscana») e il collegamento alla pagina "
            "originale. I documenti allegati e i materiali dei seminari restano degli autori indicati.</p>",
        ),
        ("titolo", "Contributi della comunità"),
        (
            "testo",
            "<p>Le buone pratiche, i commenti e i messaggi del forum sono scritti dagli operatori e dalle zone "
            "che li firmano, che ne sono responsabili. I redattori regionali possono nascondere i contenuti "
            "che violano le regole della comunità o che contengono dati personali di terzi.</p>",
        ),
        ("titolo", "Collegamenti esterni"),
        (
            "testo",
            "<p>I collegamenti verso altri siti sono offerti per comodità: la Regione Toscana non è "
            "responsabile dei loro contenuti.</p>",
        ),
    ],
}

ACCESSIBILITA = {
    "slug": "accessibilita",
    "title": "Dichiarazione di accessibilità",
    "search_description": "Dichiarazione di accessibilità del sito secondo il modello dell'AgID.",
    "nome_amministrazione": "Regione Toscana",
    "contenuti_non_accessibili": (
        "<p>I contenuti elencati di seguito non sono accessibili per inosservanza della legge 4/2004:</p>"
        "<ul>"
        "<li>alcuni documenti PDF caricati come allegati delle buone pratiche e dei seminari potrebbero non "
        "essere stati prodotti in formato accessibile;</li>"
        "<li>le registrazioni video dei seminari pubblicate su piattaforme esterne potrebbero non avere "
        "sottotitoli o trascrizioni.</li>"
        "</ul>"
        "<p>La redazione chiede a chi pubblica di caricare documenti accessibili e aggiunge le trascrizioni "
        "quando sono disponibili.</p>"
    ),
}

IMPOSTAZIONI = {
    "nome_ente": "Regione Toscana",
    "url_ente": "https://www.regione.toscana.it/",
    "email_contatto": "redazione@cop.local",
    "indirizzo": "Piazza del Duomo 10, 50122 Firenze",
}

EMAIL_ACCESSIBILITA = "accessibilita@cop.local"

# Cards of the home page: (slug of a child of the home page, label, short description).
IN_EVIDENZA = [
    (
        "comunita-di-pratica",
        "Chi siamo",
        "Nata nel 2020 con le zone-distretto toscane: obiettivi, temi e come lavora la comunità.",
    ),
    (
        "come-partecipare",
        "Partecipa",
        "Registrati come operatore, segui la tua zona e i temi che ti interessano, proponi le tue pratiche.",
    ),
    (
        "privacy",
        "I tuoi dati",
        "Quali dati trattiamo, perché e come li esporti o li cancelli dal tuo profilo.",
    ),
]
