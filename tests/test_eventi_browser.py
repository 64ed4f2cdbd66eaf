"""In Chromium: a member joins an event and gets the confirmation with the .ics, then cancels, and the
first person on the waiting list takes the seat and is emailed. axe-core on the listing and on the
event page (before, during and after an event)."""

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
