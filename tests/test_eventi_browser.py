"""In Chromium: a member joins an event and gets the confirmation with the .ics, then cancels, and the
first person on the waiting list takes the seat and is emailed. axe-core on the listing and on the
event page (before, during and after an event). The month view walked with the keyboard, and as a list
of days on a phone."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from cop.tests.factories import PASSWORD, OperatoreFactory
from eventi import services
from eventi.models import Iscrizione
from eventi.tests.factories import EventoPageFactory, LinkDirettaFactory
from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_member_joins_gets_the_confirmation_cancels_and_the_waiting_list_moves_up(page, run_tasks):
    evento = EventoPageFactory(title="Famiglie con minori", posti=1)
    lucia = OperatoreFactory(first_name="Lucia", email="lucia@esempio.it")
    marco = OperatoreFactory(first_name="Marco", email="marco@esempio.it")

    log_in(page, lucia.email, PASSWORD)
    page.goto(evento.url)
    page.get_by_role("button", name="Partecipa").click()
    expect(page.get_by_role("alert").filter(has_text="Iscrizione confermata")).to_be_visible()
    expect(page.locator("p.text-success", has_text="Iscrizione confermata.")).to_be_visible()

    run_tasks()
    (conferma,) = mail.outbox
    assert conferma.to == [lucia.email]
    assert conferma.attachments[0][0].endswith(".ics")

    services.partecipa(evento=evento, user=marco)
    assert Iscrizione.objects.get(user=marco).stato == Iscrizione.Stato.IN_ATTESA
    run_tasks()
    mail.outbox.clear()

    page.get_by_role("button", name="Annulla l'iscrizione").click()
    expect(page.get_by_role("alert").filter(has_text="Hai annullato l'iscrizione.")).to_be_visible()
    expect(page.get_by_role("button", name="Partecipa")).to_have_count(0)  # the seat went to Marco

    assert Iscrizione.objects.get(user=marco).stato == Iscrizione.Stato.CONFERMATA
    run_tasks()
    (promozione,) = mail.outbox
    assert promozione.to == [marco.email]
    assert "Si è liberato un posto" in promozione.subject


def test_listing_and_event_pages_have_no_serious_accessibility_violations(page, axe):
    passato = EventoPageFactory(title="Evento concluso", passato=True, registrazione_url="https://youtu.be/dQw4w9WgXcQ")
    in_corso = EventoPageFactory(title="Evento in corso", in_corso=True)
    LinkDirettaFactory(evento=in_corso)
    prossimo = EventoPageFactory(title="Evento in programma", inizio=timezone.now() + timedelta(days=3), posti=20)

    page.goto(prossimo.get_parent().url + "?anno=abc")
    expect(page.get_by_role("heading", name="Archivio")).to_be_visible()
    axe(page, label="elenco degli eventi")

    for evento in (prossimo, in_corso, passato):
        page.goto(evento.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(evento.title)
        axe(page, label=evento.title)


def test_the_player_loads_only_after_the_click(page):
    evento = EventoPageFactory(in_corso=True)
    LinkDirettaFactory(evento=evento)
    richieste = []
    page.on("request", lambda request: richieste.append(request.url))
    page.route(re.compile(r"https://www\.youtube-nocookie\.com/.*"), lambda route: route.fulfill(body="<p>lettore</p>"))

    page.goto(evento.url)
    page.wait_for_load_state("networkidle")
    assert not [url for url in richieste if "youtube" in url]

    page.get_by_role("button", name="Carica il video di YouTube").click()
    expect(page.locator("iframe[src^='https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ']")).to_be_attached()


def _tab_fino_a(page, nome, massimo=80):
    """Presses Tab until the focused element's accessible text contains `nome`; the texts passed by."""
    visti = []
    for _i in range(massimo):
        page.keyboard.press("Tab")
        testo = page.evaluate("document.activeElement.innerText || ''").strip()
        visti.append(testo)
        if nome in testo:
            return visti
    raise AssertionError(f"«{nome}» never had the focus: {visti}")


def test_the_month_is_walked_with_the_keyboard_and_becomes_a_list_of_days_on_a_phone(page):
    inizio = (timezone.localtime() + timedelta(days=40)).replace(day=12, hour=10, minute=0, second=0, microsecond=0)
    evento = EventoPageFactory(title="Tavolo di zona", inizio=inizio)
    mese = f"{inizio:%Y-%m}"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{evento.get_parent().url}mese/?mese={mese}")
    griglia = page.get_by_role("table", name=re.compile(r"Eventi di"))
    expect(griglia).to_be_visible()
    expect(griglia.get_by_role("link", name=re.compile("10:00 Tavolo di zona"))).to_be_visible()

    # From the tabs, Tab goes through the filters and the months' links to the event in its day.
    page.get_by_role("link", name="Mese", exact=True).focus()
    visti = _tab_fino_a(page, "Tavolo di zona")
    assert any("›" in testo for testo in visti)  # the next month's link came before
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(evento.url) + "$"))

    page.go_back()
    page.locator("a[rel=next]").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"mese=\d{4}-\d{2}$"))
    assert mese not in page.url

    # At 390 px the grid is out of sight (and of the Tab order): the same days are a list.
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{evento.get_parent().url}mese/?mese={mese}")
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.get_by_role("heading", level=3, name=re.compile(r"12 "))).to_be_visible()
    expect(page.get_by_role("link", name="Tavolo di zona")).to_be_visible()
    larghezza = page.evaluate("document.documentElement.scrollWidth")
    assert larghezza <= 390
