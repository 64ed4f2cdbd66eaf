"""Every link that leaves the site (emails, feeds, calendars, the admin's login file) points to the
site's public address, the one setting `WAGTAILADMIN_BASE_URL` (env `SITE_URL`), whatever Host the
request came through and whatever the Wagtail Site record said before `migrate`."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Site

from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures: indice, operatore, referente, ...)
from buonepratiche.tests.aiuti_proposte import azione_admin, proposta_inviata
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.indirizzo import sincronizza_sito
from cop.tests.factories import (
    AggiornamentiIndexPageFactory,
    AggiornamentoPageFactory,
    OperatoreFactory,
    ProfiloFactory,
    ZonaFactory,
)
from eventi import services as eventi_services
from eventi.tests.factories import EventoPageFactory, LinkDirettaFactory
from forum import services as forum_services
from forum.tests.conftest import invecchia, veterano
from forum.tests.factories import CategoriaFactory

pytestmark = pytest.mark.django_db

BASE = "https://cop.example.it"
URL = re.compile(r"https?://[^\s\"'<>)\]]+")
# Links to other sites that are not built by us: a live stream of the content, XML namespaces.
ESTERNI = ("https://www.youtube.com/", "http://www.w3.org/")


@pytest.fixture
def pubblico(settings):
    """The site deployed at https://cop.example.it; `migrate` has run with that setting."""
    settings.WAGTAILADMIN_BASE_URL = BASE
    # What every request of the test client says it is: not the public address.
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    sincronizza_sito()
    return BASE


def solo_indirizzo_pubblico(testo):
    """The links of a text: at least one, every one of ours at the public address."""
    assert "localhost" not in testo
    assert "testserver" not in testo
    assert ":8000" not in testo
    link = [u for u in URL.findall(testo) if not u.startswith(ESTERNI)]
    assert link, testo
    sbagliati = [u for u in link if not (u == BASE or u.startswith(BASE + "/"))]
    assert not sbagliati, sbagliati
    return link


def email_a(indirizzo):
    trovate = [m for m in mail.outbox if indirizzo in m.to]
    assert trovate, [m.to for m in mail.outbox]
    return trovate


def corpi(messaggio):
    return [messaggio.body, *(contenuto for contenuto, _tipo in getattr(messaggio, "alternatives", []))]


def test_the_site_record_follows_the_setting_on_migrate(pubblico):
    sito = Site.objects.get(is_default_site=True)
    assert (sito.hostname, sito.port) == ("cop.example.it", 443)
    assert sito.root_url == BASE
    assert sito.root_page.get_full_url().startswith(BASE + "/")


def test_sign_up_and_password_reset_emails_link_to_the_public_address(client, pubblico, run_tasks):
    client.post(
        reverse("account_signup"),
        {
            "first_name": "Lucia",
            "last_name": "Bianchi",
            "email": "lucia.bianchi@esempio.it",
            "password1": "Password-sicura-2025",
            "password2": "Password-sicura-2025",
            "ente": "Società della Salute Pisana",
            "ruolo_professionale": "assistente-sociale",
            "consenso_privacy": "on",
        },
        HTTP_HOST="localhost",
    )
    utente = OperatoreFactory(email="giulia@esempio.it")
    EmailAddress.objects.update_or_create(user=utente, email=utente.email, defaults={"verified": True})
    client.post(reverse("account_reset_password"), {"email": utente.email}, HTTP_HOST="localhost")
    # An unknown address gets allauth's "no account here, sign up" email (no enumeration).
    client.post(reverse("account_reset_password"), {"email": "sconosciuta@esempio.it"}, HTTP_HOST="localhost")
    run_tasks()

    [conferma] = email_a("lucia.bianchi@esempio.it")
    link = solo_indirizzo_pubblico(conferma.body)
    assert any("/account/confirm-email/" in u or "conferma" in u for u in link), link
    [reimposta] = email_a("giulia@esempio.it")
    link = solo_indirizzo_pubblico(reimposta.body)
    assert any("/account/password/reset/key/" in u for u in link), link
    [sconosciuta] = email_a("sconosciuta@esempio.it")
    link = solo_indirizzo_pubblico(sconosciuta.body)
    assert f"{BASE}{reverse('account_signup')}" in link


def test_event_emails_and_their_calendar_link_to_the_public_address(pubblico, run_tasks):
    evento = EventoPageFactory(posti=1, inizio=timezone.now() + timedelta(hours=20))
    LinkDirettaFactory(evento=evento, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    primo, secondo = OperatoreFactory(), OperatoreFactory()
    eventi_services.partecipa(evento=evento, user=primo)
    eventi_services.partecipa(evento=evento, user=secondo)  # waiting list
    eventi_services.invia_promemoria()
    run_tasks()

    for messaggio in email_a(primo.email) + email_a(secondo.email):
        link = solo_indirizzo_pubblico(messaggio.body)
        assert f"{BASE}{evento.url}" in link
    conferma = next(m for m in email_a(primo.email) if m.attachments)
    [vevent] = Calendar.from_ical(conferma.attachments[0][1]).walk("VEVENT")
    assert str(vevent["URL"]) == f"{BASE}{evento.url}"
    assert str(vevent["UID"]).endswith("@cop.example.it")


def test_forum_notifications_link_to_the_public_address(pubblico, run_tasks):
    autore, membro = veterano(username="autore"), veterano(username="membro")
    discussione = forum_services.crea_discussione(
        categoria=CategoriaFactory(), user=autore, titolo="Tavolo con gli ETS", testo="Come fate?"
    )
    invecchia(membro)
    forum_services.rispondi(discussione=discussione, user=membro, testo="Noi così.")
    run_tasks()

    [notifica] = email_a(autore.email)
    link = solo_indirizzo_pubblico(notifica.body)
    assert any("/forum/disiscriviti/" in u for u in link)


def test_the_weekly_digest_links_to_the_public_address(pubblico, home_page, run_tasks):
    zona = ZonaFactory()
    BuonaPraticaPageFactory(
        parent=BuonePraticheIndexPageFactory(parent=home_page),
        zone=[zona],
        first_published_at=timezone.now() - timedelta(days=1),
    )
    profilo = ProfiloFactory(riepilogo_settimanale=True)
    profilo.zone_seguite.set([zona])
    call_command("invia_riepilogo_settimanale", verbosity=0)
    run_tasks()

    [riepilogo] = email_a(profilo.user.email)
    for testo in corpi(riepilogo):
        solo_indirizzo_pubblico(testo)
    assert riepilogo.extra_headers["List-Unsubscribe"].startswith(f"<{BASE}/")


def test_review_workflow_emails_link_to_the_public_address(
    client, pubblico, run_tasks, indice, operatore, referente, zona, tema
):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    run_tasks()
    for messaggio in email_a(referente.email):
        for testo in corpi(messaggio):
            solo_indirizzo_pubblico(testo)
    mail.outbox.clear()

    azione_admin(client, referente, pratica, "reject", commento="Manca il contesto.")
    run_tasks()
    for messaggio in email_a(operatore.email):
        for testo in corpi(messaggio):
            solo_indirizzo_pubblico(testo)


def test_feeds_and_calendars_link_to_the_public_address(client, pubblico, home_page):
    zona = ZonaFactory()
    biblioteca = BuonePraticheIndexPageFactory(parent=home_page)
    BuonaPraticaPageFactory(parent=biblioteca, zone=[zona])
    notizie = AggiornamentiIndexPageFactory(parent=home_page)
    AggiornamentoPageFactory(parent=notizie)
    evento = EventoPageFactory(zone=[zona])
    indirizzi = [
        biblioteca.url + biblioteca.reverse_subpage("feed", args=["rss"]),
        biblioteca.url + biblioteca.reverse_subpage("feed", args=["atom"]),
        notizie.url + notizie.reverse_subpage("feed", args=["rss"]),
        notizie.url + notizie.reverse_subpage("feed", args=["atom"]),
        reverse("zona_feed", kwargs={"slug": zona.slug}),
    ]
    for indirizzo in indirizzi:
        risposta = client.get(indirizzo, HTTP_HOST="localhost")
        assert risposta.status_code == 200, indirizzo
        solo_indirizzo_pubblico(risposta.content.decode())

    indice_eventi = evento.get_parent().specific
    for indirizzo in (
        indice_eventi.url + indice_eventi.reverse_subpage("calendario"),
        evento.url + evento.reverse_subpage("ics"),
    ):
        risposta = client.get(indirizzo, HTTP_HOST="localhost")
        assert risposta.status_code == 200, indirizzo
        for vevent in Calendar.from_ical(risposta.content).walk("VEVENT"):
            assert str(vevent["URL"]).startswith(BASE + "/")


def test_the_admin_login_file_names_the_public_address(pubblico, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    uscita = StringIO()
    call_command("crea_admin", stdout=uscita)
    testo = (tmp_path / "admin-login.txt").read_text()
    assert f"Area redazione: {BASE}/admin/" in testo
    assert f"{BASE}/admin/" in uscita.getvalue()
