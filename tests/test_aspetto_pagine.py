"""Every page type of the public site, on the demo content, looked at in Chromium as a person does,
at 1280 × 900 (desktop) and 390 × 844 (phone):

- no sideways scroll: the page is never wider than the screen;
- no card taller than its content (plus its padding), and no band of the page as tall as the screen
  with nothing in it: the page's height comes from what it shows;
- no two visible pieces of text on top of each other, and no label on top of its control;
- axe-core (colour contrast included) on the page at rest and with its menus open: the user menu,
  and the main menu behind the burger button on the phone.

Each page is opened once per screen size and measured in one go; the tests below read the
measures. With `COP_SCREENSHOTS=1` (`make screenshots`) a full-page screenshot of each is saved in
`var/screenshots/<page>-<width>.png`, for a person to look at before a change lands.

The demo content (`seed_demo`) lives in the module's transaction (the `demo` fixture); the live
server runs in a thread that shares the test's in-memory SQLite connection, so it sees that
content. Browser tests run on SQLite only (CI runs them there)."""

import os
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.browser import BASE_DIR, blocking, format_violations, log_in, osserva_csp, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.aspetto, pytest.mark.django_db]

SCHERMI = {"desktop": (1280, 900), "telefono": (390, 844)}
CARTELLA_SCREENSHOT = BASE_DIR / "var" / "screenshots"
SCREENSHOT = os.environ.get("COP_SCREENSHOTS", "") not in ("", "0")

# What a card may add to its content: its own padding and border, the card body's, a little air.
MARGINE_CARD = 72
# The tallest empty band allowed, as a share of the screen's height.
BANDA_VUOTA_MASSIMA = 0.75
# Two boxes overlap when they share more than this many pixels in both directions.
TOLLERANZA_SOVRAPPOSIZIONE = 3

MISURA_JS = Path(__file__).with_name("aspetto_pagine.js").read_text()

# The main menu's visible entries: how many lines they take; where the header's visible links go.
MENU_JS = """
() => {
    const voci = [...document.querySelectorAll("#nav-principale .nav-link")].filter((a) => a.offsetParent);
    const righe = new Set(voci.map((a) => Math.round(a.getBoundingClientRect().top)));
    const nomi = [...document.querySelectorAll("header.it-header-wrapper a")]
        .filter((a) => a.offsetParent && !a.getAttribute("href").startsWith("#"))
        .map((a) => a.origin + a.pathname);
    return {righe: righe.size, voci: voci.map((a) => a.textContent.trim()), link: nomi};
}
"""


# --- the site: demo content, extra data for the states to see, a live server ---------------------------


@pytest.fixture(scope="module")
def sito(demo, browser):
    """The demo site with what the page states need (a member with a draft and an event, a running
    event, a second page of the library), served by a live server for the whole module."""
    from pytest_django.live_server_helper import LiveServer

    dati = _prepara_dati()
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    try:
        yield {"url": server.url, **dati}
    finally:
        _attendi_le_richieste_in_corso()
        server._live_server_modified_settings.disable()
        server.stop()


def _attendi_le_richieste_in_corso(limite=5):
    """The tabs are closed (`visita`): the live server's request threads end as their connections close.
    Stopping the server first would leave a late one closing a database connection no longer shared
    with it (an exception in a thread, reported on some later test)."""
    fine = time.monotonic() + limite
    while time.monotonic() < fine and any(
        thread.name.endswith("(process_request_thread)") for thread in threading.enumerate()
    ):
        time.sleep(0.05)


def _prepara_dati():
    from buonepratiche.models import BuonaPraticaPage, BuonePraticheIndexPage
    from buonepratiche.services import proposte as servizi
    from buonepratiche.tests.aiuti_proposte import PDF, completa
    from buonepratiche.tests.factories import BuonaPraticaPageFactory
    from cop.models import Tema
    from cop.tests.factories import OperatoreFactory, ProfiloFactory
    from eventi.models import EventoPage, Iscrizione
    from forum.models import Categoria, Discussione
    from gruppi.models import Incontro

    indice = BuonePraticheIndexPage.objects.get()
    pratica = BuonaPraticaPage.objects.live().order_by("path").first()
    zona = pratica.zone.order_by("pk").first()
    tema = pratica.temi.order_by("pk").first()
    # 21 practices: a first page of 20 cards and a second page.
    while BuonaPraticaPage.objects.live().count() < 21:
        BuonaPraticaPageFactory(parent=indice, zone=[zona], temi=[tema], soggetti__promotore=True)

    membro = OperatoreFactory(first_name="Giulia", last_name="Bianchi", email="giulia.bianchi@example.org")
    ProfiloFactory(user=membro, zona=zona)
    bozza = servizi.crea_proposta(
        user=membro,
        indice=indice,
        dati={
            "title": "Sportello di prossimità",
            "abstract": "Un punto di ascolto nei quartieri.",
            "zone": [zona],
            "temi": [Tema.objects.order_by("pk").first()],
            "destinatari": [],
        },
    )
    completa(bozza, membro)
    servizi.salva_passo(
        pratica=bozza,
        user=membro,
        dati={},
        nuovo_allegato=SimpleUploadedFile("programma.pdf", PDF, content_type="application/pdf"),
        titolo_allegato="Programma dello sportello",
    )

    adesso = timezone.now().replace(microsecond=0)
    eventi = EventoPage.objects.live().order_by("inizio")
    passato = eventi.filter(fine__lt=adesso).last()
    futuri = list(eventi.filter(inizio__gt=adesso))
    prossimo, in_corso = futuri[0], futuri[-1]
    in_corso.inizio, in_corso.fine = adesso - timedelta(minutes=20), adesso + timedelta(minutes=70)
    in_corso.scadenza_iscrizioni = None
    in_corso.save_revision().publish()
    for evento in (prossimo, in_corso, passato):
        Iscrizione.objects.get_or_create(evento=evento, user=membro, defaults={"stato": Iscrizione.Stato.CONFERMATA})

    discussione = Discussione.objects.order_by("pk").first()
    _notifiche_e_pratiche_salvate(membro, discussione)
    _profili_pubblici(membro, discussione.autore)
    _indicatore_importato()
    # The search index as the worker leaves it: the search pages show results.
    from search.outbox import applica_in_sospeso

    applica_in_sospeso()
    return {
        "membro": membro,
        "bozza": bozza,
        "pratica": pratica,
        "zona": zona,
        "tema": tema,
        "indice": indice,
        "eventi": {"prima": prossimo, "durante": in_corso, "dopo": passato},
        "categoria": Categoria.objects.order_by("pk").first(),
        "discussione": discussione,
        "organizzazione": pratica.soggetti.order_by("sort_order").first().organizzazione,
        "incontro": Incontro.objects.exclude(verbale="").order_by("pk").first(),
        "gruppo": _gruppo_con_documento(membro),
        "autore": discussione.autore,
    }


def _notifiche_e_pratiche_salvate(membro, discussione):
    """Three saved practices; notifications of several kinds, one read, one whose post is gone."""
    from django.contrib.contenttypes.models import ContentType

    from buonepratiche.models import BuonaPraticaPage
    from buonepratiche.services import salvate
    from forum.models import Messaggio
    from notifiche import services as notifiche
    from notifiche.models import Notifica
    from notifiche.tipi import Tipo

    pratiche = list(BuonaPraticaPage.objects.live().public().order_by("path")[:3])
    for pratica in pratiche:
        salvate.salva(pratica=pratica, user=membro)
    prima = pratiche[0]
    notifiche.notifica(
        destinatari=[membro],
        tipo=Tipo.ADOZIONE,
        titolo=f"La zona Alta Val d'Elsa ha adottato la tua pratica «{prima.title}»",
        url=prima.url + "#adozioni",
        testo="L'abbiamo adattata con il consultorio familiare e le associazioni di volontariato del territorio.",
        oggetto=prima,
        email=False,
    )
    notifiche.notifica(
        destinatari=[membro],
        tipo=Tipo.SALVATA,
        titolo=f"«{pratiche[1].title}» è ora una buona pratica validata",
        url=pratiche[1].url,
        oggetto=pratiche[1],
        email=False,
    )
    notifiche.notifica(
        destinatari=[membro],
        tipo=Tipo.MENZIONE,
        titolo=f"Un collega ti ha menzionato in «{discussione.titolo}»",
        url=discussione.get_absolute_url(),
        testo="Un messaggio poi nascosto dalla moderazione.",
        email=False,
    )
    Notifica.objects.filter(user=membro, tipo=Tipo.MENZIONE).update(
        oggetto_tipo=ContentType.objects.get_for_model(Messaggio), oggetto_id=0
    )
    Notifica.objects.filter(user=membro, tipo=Tipo.SALVATA).update(letta_il=timezone.now())


def _profili_pubblici(membro, autore):
    """A member with a photo, and an author of the forum with a public profile and a presentation."""
    import io

    from PIL import Image

    from cop.avatar import prepara_avatar
    from cop.models import Profilo

    immagine = io.BytesIO()
    Image.new("RGB", (400, 300), (40, 120, 90)).save(immagine, format="PNG")
    foto = prepara_avatar(SimpleUploadedFile("foto.png", immagine.getvalue(), content_type="image/png"))
    profilo = Profilo.objects.get(user=membro)
    profilo.avatar.save(foto.name, foto, save=False)
    profilo.bio = "Assistente sociale nei servizi per le famiglie."
    profilo.save()
    Profilo.objects.update_or_create(
        user=autore,
        defaults={
            "visibilita": Profilo.Visibilita.TUTTI,
            "bio": "Coordino i progetti di inclusione della zona con il Terzo Settore: tavoli di quartiere, "
            "sportelli di prossimità e percorsi con le scuole per le famiglie con minori.",
        },
    )


def _indicatore_importato():
    """An imported indicator with a long name and clearly made-up values (the demo has none: official
    figures come in by import), on the comuni of the Pisana zone (page "zona-toscana") for eight years."""
    from cop.models import Zona
    from territori import importazione

    zona = Zona.objects.get(slug="pisana")
    righe = ["indicatore;nome;unita;aggregazione;comune;anno;valore"] + [
        f"prova-lunga;Nuclei familiari in carico ai servizi sociali professionali (valori di prova);nuclei;somma;"
        f"{comune};{anno};{(anno - 2000) * 10 + i}"
        for anno in range(2017, 2025)
        for i, comune in enumerate(zona.elenco_comuni)
    ]
    esito = importazione.leggi("prova.csv", "\n".join(righe).encode())
    assert esito.valido, esito.errori[:3]
    importazione.applica(esito)


def _gruppo_con_documento(membro):
    """The member coordinates ATS 6 Fano's Inclusione table, which has a document in two versions and a
    topic opened by another member."""
    from buonepratiche.tests.aiuti_proposte import PDF
    from cop.tests.factories import OperatoreFactory
    from forum import services as forum
    from gruppi import services as gruppi
    from gruppi.models import Appartenenza, Gruppo

    gruppo = Gruppo.objects.get(slug="ats6-tavolo-inclusione")
    Appartenenza.objects.update_or_create(
        gruppo=gruppo, user=membro, defaults={"ruolo": Appartenenza.Ruolo.COORDINATORE}
    )
    altro = OperatoreFactory(username="collega.del.tavolo")
    Appartenenza.objects.create(gruppo=gruppo, user=altro)
    gruppi.assicura_discussioni(gruppo=gruppo)
    forum.crea_discussione(
        categoria=gruppo.categoria,
        user=altro,
        titolo="Mappatura dei servizi: chi completa la scheda dei centri diurni?",
        testo="Propongo di dividerci le schede per comune entro il prossimo incontro.",
    )
    versione = gruppi.carica_documento(
        gruppo=gruppo, da=membro, file=SimpleUploadedFile("mappatura.pdf", PDF), titolo="Mappatura dei servizi"
    )
    gruppi.carica_documento(
        gruppo=gruppo, da=membro, file=SimpleUploadedFile("mappatura-v2.pdf", PDF), documento=versione.documento
    )
    return gruppo


# --- the pages: an address, who looks at it, what they do before looking -------------------------------


def _invia_vuoto(selettore_form, pulsante="[type=submit]"):
    """Submit a form as it is, past the browser's own validation, and wait for the server's answer."""

    def azione(page):
        form = page.locator(selettore_form).first
        form.evaluate("form => form.setAttribute('novalidate', '')")
        with page.expect_navigation():
            form.locator(pulsante).first.click()

    return azione


def _registrazione_con_errori(page):
    form = page.locator("form:has(input[name=password2])")
    form.locator("input[name=email]").fill("non-una-email")
    form.locator("input[name=password1]").fill("abc")
    form.locator("input[name=password2]").fill("xyz")
    form.evaluate("form => form.setAttribute('novalidate', '')")
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()


def _discussione_del_tavolo(dati):
    return dati["gruppo"].categoria.discussioni.get(titolo__startswith="Mappatura dei servizi")


def _passo(n):
    return lambda d: reverse("buonepratiche:proposta_passo", args=[d["bozza"].pk, n])


# name: (address from the site's data, logged in as the member?, action before looking, expected status)
PAGINE = {
    "home": (lambda d: "/", False, None, 200),
    "biblioteca": (lambda d: d["indice"].url, False, None, 200),
    "biblioteca-pagina-2": (lambda d: d["indice"].url + "?page=2", False, None, 200),
    "biblioteca-filtrata": (lambda d: d["indice"].url + f"?q=budget&tema={d['tema'].slug}", False, None, 200),
    "biblioteca-tema": (lambda d: d["indice"].url + f"tema/{d['tema'].slug}/", False, None, 200),
    "biblioteca-zona": (lambda d: d["indice"].url + f"zona/{d['zona'].slug}/", False, None, 200),
    "pratica": (lambda d: d["pratica"].url, False, None, 200),
    "proposta-passo-1-errori": (
        lambda d: reverse("buonepratiche:proponi"),
        True,
        _invia_vuoto("form:has(button[value=continua])", "button[value=continua]"),
        200,
    ),
    "proposta-passo-2": (_passo(2), True, None, 200),
    "proposta-passo-3": (_passo(3), True, None, 200),
    "proposta-passo-4": (_passo(4), True, None, 200),
    "proposta-riepilogo": (
        lambda d: reverse("buonepratiche:proposta_riepilogo", args=[d["bozza"].pk]),
        True,
        None,
        200,
    ),
    "eventi": (lambda d: d["eventi"]["prima"].get_parent().url, False, None, 200),
    "evento-prima": (lambda d: d["eventi"]["prima"].url, False, None, 200),
    "evento-durante": (lambda d: d["eventi"]["durante"].url, True, None, 200),
    "evento-dopo": (lambda d: d["eventi"]["dopo"].url, True, None, 200),
    "miei-eventi": (lambda d: d["eventi"]["prima"].get_parent().url + "miei/", True, None, 200),
    "eventi-mese": (lambda d: d["eventi"]["prima"].get_parent().url + "mese/", False, None, 200),
    "eventi-mese-filtrato-errore": (
        lambda d: d["eventi"]["prima"].get_parent().url + f"mese/?zona={d['zona'].slug}&mese=2026-13",
        False,
        None,
        200,
    ),
    "eventi-agenda": (lambda d: d["eventi"]["prima"].get_parent().url + "agenda/", False, None, 200),
    "miei-eventi-mese": (lambda d: d["eventi"]["prima"].get_parent().url + "miei/mese/", True, None, 200),
    "miei-eventi-agenda": (lambda d: d["eventi"]["prima"].get_parent().url + "miei/agenda/", True, None, 200),
    "forum": (lambda d: reverse("forum:indice"), False, None, 200),
    "forum-categoria": (lambda d: reverse("forum:categoria", args=[d["categoria"].slug]), False, None, 200),
    "forum-discussione": (lambda d: reverse("forum:discussione", args=[d["discussione"].pk]), True, None, 200),
    "forum-nuova-discussione-errori": (
        lambda d: reverse("forum:nuova_discussione", args=[d["categoria"].slug]),
        True,
        _invia_vuoto("main form:has(textarea)"),
        200,
    ),
    "cerca-risultati": (lambda d: reverse("search:cerca") + "?q=budget+di+salute", False, None, 200),
    "cerca-nessun-risultato": (lambda d: reverse("search:cerca") + "?q=zxqwvy", False, None, 200),
    "cerca-parziale": (lambda d: reverse("search:cerca") + "?q=budget+di+salute+zxqwvy", False, None, 200),
    "zone": (lambda d: reverse("zona_list"), False, None, 200),
    "zona": (lambda d: d["zona"].get_absolute_url(), False, None, 200),
    "zona-toscana": (lambda d: reverse("zona_detail", args=["pisana"]), False, None, 200),
    "zona-sciolta-nel-2022": (
        lambda d: reverse("zona_detail", args=["aretina-casentino-valtiberina"]),
        False,
        None,
        200,
    ),
    "flusso": (lambda d: reverse("flusso"), False, None, 200),
    "dati": (lambda d: reverse("dati"), False, None, 200),
    "dati-indicatore-importato": (lambda d: reverse("dati") + "?indicatore=prova-lunga&anno=2020", False, None, 200),
    "organizzazioni": (lambda d: reverse("organizzazione_list"), False, None, 200),
    "organizzazioni-filtrate": (
        lambda d: reverse("organizzazione_list") + f"?zona={d['zona'].slug}&tipo=comune&tipo=sds&colore=blu",
        False,
        None,
        200,
    ),
    "organizzazione": (lambda d: d["organizzazione"].get_absolute_url(), False, None, 200),
    "gruppi": (lambda d: reverse("gruppi:elenco"), True, None, 200),
    "gruppo-su-richiesta": (lambda d: reverse("gruppi:gruppo", args=["equipe-adi-zona-pisana"]), True, None, 200),
    "gruppo-coordinatore": (lambda d: d["gruppo"].get_absolute_url(), True, None, 200),
    "gruppo-incontri": (lambda d: reverse("gruppi:incontri", args=["ats6-tavolo-inclusione"]), True, None, 200),
    "gruppo-incontro": (lambda d: d["incontro"].get_absolute_url(), True, None, 200),
    "gruppo-membri": (lambda d: reverse("gruppi:membri", args=[d["gruppo"].slug]), True, None, 200),
    "gruppo-documenti": (lambda d: reverse("gruppi:documenti", args=[d["gruppo"].slug]), True, None, 200),
    "gruppo-modera-messaggio-errori": (
        lambda d: reverse("forum:modera_messaggio", args=[_discussione_del_tavolo(d).messaggi.get().pk]),
        True,
        _invia_vuoto("main form:has([name=motivo])"),
        200,
    ),
    "gruppo-modera-discussione": (
        lambda d: reverse("forum:modera_discussione", args=[_discussione_del_tavolo(d).pk]),
        True,
        None,
        200,
    ),
    "gruppo-aperto-visitatore": (
        lambda d: reverse("gruppi:gruppo", args=["percorso-2021-famiglie-con-minori"]),
        False,
        None,
        200,
    ),
    "aggiornamenti": (lambda d: "/aggiornamenti/", False, None, 200),
    "notifiche": (lambda d: reverse("notifiche:elenco"), True, None, 200),
    "notifiche-preferenze": (lambda d: reverse("notifiche:preferenze"), True, None, 200),
    "pratiche-salvate": (lambda d: reverse("buonepratiche:salvate"), True, None, 200),
    "profilo": (lambda d: reverse("profilo"), True, None, 200),
    "profilo-modifica": (lambda d: reverse("profilo_modifica"), True, None, 200),
    "membri": (lambda d: reverse("membri"), True, None, 200),
    "membri-filtrati-visitatore": (lambda d: reverse("membri") + "?zona=non-esiste&colore=blu", False, None, 200),
    "membro": (lambda d: d["autore"].profilo.get_absolute_url(), True, None, 200),
    "membro-visitatore": (lambda d: d["autore"].profilo.get_absolute_url(), False, None, 200),
    "registrazione-errori": (lambda d: reverse("account_signup"), False, _registrazione_con_errori, 200),
    "accesso": (lambda d: reverse("account_login"), False, None, 200),
    "api": (lambda d: reverse("api_documentazione"), False, None, 200),
    "pagina-non-trovata": (lambda d: "/questa-pagina-non-esiste/", False, None, 404),
}

CASI = [pytest.param(nome, schermo, id=f"{nome}-{schermo}") for nome in PAGINE for schermo in SCHERMI]


@pytest.fixture(scope="module")
def visita(browser, sito):
    """`visita(name, screen)`: the measures of that page on that screen, taken on the first call."""
    from cop.tests.factories import PASSWORD

    # One tab per screen, anonymous and logged in. The member logs in here, outside the tests'
    # savepoints, so that the session outlives the first test.
    contesti, misure, violazioni_csp, menu_fotografati, menu_controllati = {}, {}, {}, set(), {}
    for schermo, (larghezza, altezza) in SCHERMI.items():
        for autenticato in (False, True):
            # Menus open at once (the visitor's "reduce motion" setting): the final state is the same.
            context = browser.new_context(
                base_url=sito["url"],
                locale="it-IT",
                viewport={"width": larghezza, "height": altezza},
                reduced_motion="reduce",
            )
            context.set_default_timeout(15_000)
            violazioni_csp[(schermo, autenticato)] = osserva_csp(context)
            page = context.new_page()
            if autenticato:
                log_in(page, sito["membro"].email, PASSWORD)
            contesti[(schermo, autenticato)] = (context, page)

    def scheda(schermo, autenticato):
        return contesti[(schermo, autenticato)][1]

    def misura(nome, schermo):
        if (nome, schermo) not in misure:
            indirizzo, autenticato, azione, stato = PAGINE[nome]
            page = scheda(schermo, autenticato)
            csp = violazioni_csp[(schermo, autenticato)]
            csp.clear()
            response = page.goto(indirizzo(sito))
            assert response.status == stato, f"{nome}: risposta {response.status} invece di {stato}"
            if azione:
                azione(page)
            page.wait_for_load_state("load")
            page.evaluate("document.fonts.ready")
            risultato = page.evaluate(MISURA_JS, {"tolleranza": TOLLERANZA_SOVRAPPOSIZIONE})
            risultato["menu"] = page.evaluate(MENU_JS)
            risultato["csp"] = list(csp)
            foto = None
            if SCREENSHOT and (schermo, autenticato) not in menu_fotografati:
                # The open menus look the same on every page: one screenshot of each per screen and tab.
                menu_fotografati.add((schermo, autenticato))
                CARTELLA_SCREENSHOT.mkdir(parents=True, exist_ok=True)

                def foto(menu):
                    page.screenshot(
                        path=str(
                            CARTELLA_SCREENSHOT
                            / f"{menu}-{'membro' if autenticato else 'visitatore'}-{SCHERMI[schermo][0]}.png"
                        )
                    )

            # The open menus are the same on every page with the same header (its links and which one
            # is current): axe checks them once per screen, tab and such header.
            risultato["axe"] = {"a riposo": blocking(run_axe(page))}
            intestazione = (schermo, autenticato, page.evaluate(INTESTAZIONE_JS))
            if intestazione not in menu_controllati:
                menu_controllati[intestazione] = _axe_con_menu_aperti(page, schermo, autenticato, foto)
            risultato["axe"].update(menu_controllati[intestazione])
            if SCREENSHOT:
                CARTELLA_SCREENSHOT.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=str(CARTELLA_SCREENSHOT / f"{nome}-{SCHERMI[schermo][0]}.png"), full_page=True, timeout=60_000
                )
            misure[(nome, schermo)] = risultato
        return misure[(nome, schermo)]

    yield misura
    for context, _page in contesti.values():
        context.close()


# The open user menu's entries: the contrast of each entry's text on the background actually painted
# behind it (axe left Bootstrap Italia's dark button background behind 'Esci' unreported).
CONTRASTO_MENU_JS = """
() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const sfondo = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0)) return c;
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll("[aria-labelledby=menu-utente] .dropdown-item")].map((voce) => {
    const testo = voce.querySelector("span") || voce;
    const [a, b] = [lum(rgb(getComputedStyle(testo).color)), lum(sfondo(testo))];
    const contrasto = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return {voce: voce.textContent.trim(), contrasto: Math.round(contrasto * 100) / 100};
  });
}
"""


def _fermo(page):
    """Wait until every CSS transition and animation of the page has ended (a menu sliding or fading in)."""
    page.wait_for_function(
        "() => document.getAnimations().every((a) => a.playState !== 'running' && a.playState !== 'pending')"
    )


# What makes one page's header differ from another's: its links, their state and which one is current.
# Not a link's query string: the login link carries the page it returns to (`?next=`), which changes
# nothing a reader sees or hears.
INTESTAZIONE_JS = """
() => [...document.querySelectorAll("header a, header button")].map(
  (el) => [
    (el.getAttribute("href") || "").split("?")[0],
    el.getAttribute("aria-current"),
    el.className,
    el.textContent.trim(),
  ].join(" ")
).join("|")
"""


def _axe_con_menu_aperti(page, schermo, autenticato, foto=None):
    """axe on the header with each of its menus open; `foto(menu)`, if given, saves what the screen
    shows with that menu open."""
    esiti = {}
    if schermo == "telefono":
        page.locator("button.custom-navbar-toggler").click()
        page.locator("#nav-principale .menu-wrapper").wait_for(state="visible")
        _fermo(page)  # the menu slides in
        esiti["menu principale aperto"] = blocking(run_axe(page, context="'header'"))
        if foto:
            foto("menu-principale")
        page.locator("#nav-principale .close-menu").click()
        _fermo(page)
    if autenticato:
        page.locator("#menu-utente").click()
        page.locator("[aria-labelledby=menu-utente]").wait_for(state="visible")
        _fermo(page)  # the menu fades in: axe must see its final colours
        esiti["menu utente aperto"] = blocking(run_axe(page, context="'header'"))
        esiti["contrasto menu utente"] = page.evaluate(CONTRASTO_MENU_JS)
        if foto:
            foto("menu-utente")
        page.keyboard.press("Escape")
    return esiti


# --- the checks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("nome", "schermo"), CASI)
def test_page_does_not_scroll_sideways(visita, nome, schermo):
    m = visita(nome, schermo)
    assert m["larghezza_pagina"] <= m["larghezza_schermo"], (
        f"{nome} a {schermo}: la pagina è larga {m['larghezza_pagina']} px su uno schermo di "
        f"{m['larghezza_schermo']} px; sporgono: {m['sporgenti']}"
    )


@pytest.mark.parametrize(("nome", "schermo"), CASI)
def test_cards_are_as_tall_as_their_content(visita, nome, schermo):
    m = visita(nome, schermo)
    allungate = [c for c in m["card"] if c["altezza"] - c["contenuto"] > MARGINE_CARD]
    assert not allungate, (
        f"{nome} a {schermo} (pagina alta {m['altezza_pagina']} px): card più alte del loro contenuto "
        f"di oltre {MARGINE_CARD} px: {allungate[:5]}"
    )


@pytest.mark.parametrize(("nome", "schermo"), CASI)
def test_page_height_comes_from_its_content(visita, nome, schermo):
    m = visita(nome, schermo)
    limite = BANDA_VUOTA_MASSIMA * m["altezza_schermo"]
    assert m["banda_vuota"]["altezza"] <= limite, (
        f"{nome} a {schermo}: pagina alta {m['altezza_pagina']} px con una fascia vuota di "
        f"{m['banda_vuota']['altezza']} px (da y={m['banda_vuota']['da']}), oltre {limite:.0f} px"
    )


@pytest.mark.parametrize(("nome", "schermo"), CASI)
def test_no_text_or_label_overlaps_another(visita, nome, schermo):
    m = visita(nome, schermo)
    assert not m["sovrapposti"], f"{nome} a {schermo}: testi sovrapposti: {m['sovrapposti'][:5]}"


@pytest.mark.parametrize(("nome", "schermo"), CASI)
def test_the_content_security_policy_refuses_nothing_the_page_needs(visita, nome, schermo):
    rifiutati = visita(nome, schermo)["csp"]
    assert not rifiutati, f"{nome} a {schermo}: Content-Security-Policy, il browser ha rifiutato {rifiutati}"


@pytest.mark.parametrize("nome", PAGINE)
def test_main_menu_is_one_line_on_desktop_and_names_each_place_once(visita, nome):
    m = visita(nome, "desktop")["menu"]
    assert m["righe"] == 1, f"{nome}: il menu principale va su {m['righe']} righe a 1280 px: {m['voci']}"
    ripetuti = sorted({n for n in m["link"] if m["link"].count(n) > 1})
    assert not ripetuti, f"{nome}: più link dell'intestazione portano a {ripetuti}: {m['link']}"


@pytest.mark.parametrize(("nome", "schermo"), CASI)
def test_no_serious_axe_violation_at_rest_or_with_menus_open(visita, nome, schermo):
    m = visita(nome, schermo)
    gravi = {stato: v for stato, v in m["axe"].items() if v and stato != "contrasto menu utente"}
    assert not gravi, f"{nome} a {schermo}: " + "\n".join(
        f"axe, {stato}:\n{format_violations(violazioni)}" for stato, violazioni in gravi.items()
    )


@pytest.mark.parametrize(("nome", "schermo"), [caso for caso in CASI if PAGINE[caso.values[0]][1]])
def test_user_menu_entries_are_readable_when_open(visita, nome, schermo):
    voci = visita(nome, schermo)["axe"]["contrasto menu utente"]
    assert voci, f"{nome} a {schermo}: il menu utente aperto non ha voci"
    illeggibili = [v for v in voci if v["contrasto"] < 4.5]
    assert not illeggibili, f"{nome} a {schermo}: voci del menu utente sotto 4,5:1: {illeggibili}"
