from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Iscrizione, Notifica
from forum.notifiche import invia_notifiche

from .conftest import invecchia, veterano

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussione(categoria, altro):
    """Opened through the service: the author follows it."""
    return services.crea_discussione(categoria=categoria, user=altro, titolo="Tavolo con gli ETS", testo="Come fate?")


def _scrivi(discussione, user, testo):
    invecchia(user)
    return services.rispondi(discussione=discussione, user=user, testo=testo)


def test_author_follows_and_gets_one_email_per_topic_per_hour(discussione, membro, run_tasks):
    autore = discussione.autore
    _scrivi(discussione, membro, "Prima risposta")
    run_tasks()
    assert [m.to for m in mail.outbox] == [[autore.email]]
    assert "Prima risposta" in mail.outbox[0].body
    assert "Tavolo con gli ETS" in mail.outbox[0].subject
    mail.outbox.clear()
    _scrivi(discussione, membro, "Seconda risposta")
    _scrivi(discussione, membro, "Terza risposta")
    run_tasks()
    assert mail.outbox == []
    assert Notifica.objects.filter(user=autore, inviata_il__isnull=True).count() == 2
    # An hour later the waiting posts go in one email.
    assert invia_notifiche(adesso=timezone.now() + timedelta(minutes=61)) == 1
    run_tasks()
    assert len(mail.outbox) == 1
    assert "Seconda risposta" in mail.outbox[0].body and "Terza risposta" in mail.outbox[0].body
    # Idempotent: nothing left to send.
    assert invia_notifiche(adesso=timezone.now() + timedelta(hours=3)) == 0


def test_category_followers_are_notified_and_not_the_author(discussione, membro, run_tasks):
    lettore = veterano(username="lettore")
    services.segui(user=lettore, categoria=discussione.categoria)
    _scrivi(discussione, membro, "Novità per la categoria")
    run_tasks()
    destinatari = sorted(m.to[0] for m in mail.outbox)
    assert destinatari == sorted([lettore.email, discussione.autore.email])
    assert membro.email not in destinatari


def test_hidden_post_is_not_emailed(discussione, membro, redattore, run_tasks):
    m = _scrivi(discussione, membro, "Spam")
    services.nascondi_messaggio(messaggio=m, moderatore=redattore, motivo="spam")
    run_tasks()
    assert mail.outbox == []


def test_management_command_sends_due_notifications(discussione, membro):
    m = _scrivi(discussione, membro, "Via cron")
    # What the worker does first (the fan-out), without the email it then sends: the command sends it.
    services.diffondi_messaggio(messaggio=m, menzioni=[], ultima_iscrizione=Iscrizione.objects.last().pk)
    assert Notifica.objects.filter(inviata_il__isnull=True).count() == 1
    call_command("invia_notifiche_forum")
    assert Notifica.objects.filter(inviata_il__isnull=False).count() == 1


def test_unsubscribe_link_works_without_login(client, discussione, membro, run_tasks):
    autore = discussione.autore
    services.segui(user=autore, categoria=discussione.categoria)
    _scrivi(discussione, membro, "Risposta")
    run_tasks()
    link = next(riga for riga in mail.outbox[0].body.splitlines() if "/forum/disiscriviti/" in riga).split()[-1]
    percorso = link.replace("http://testserver", "")
    r = client.get(percorso)
    assert r.status_code == 200 and "Vuoi smettere" in r.content.decode()
    assert Iscrizione.objects.filter(user=autore).count() == 2
    r = client.post(percorso)
    assert r.status_code == 200 and "non riceverai più" in r.content.decode()
    assert not Iscrizione.objects.filter(user=autore).exists()


@pytest.mark.parametrize("alterazione", ["fine", "utente", "vuoto"])
def test_tampered_unsubscribe_token_is_refused(client, discussione, alterazione):
    autore = discussione.autore
    token = services.token_disiscrizione(user=autore, discussione=discussione)
    if alterazione == "fine":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif alterazione == "utente":
        token = signing.dumps({"u": autore.pk + 1, "d": discussione.pk}, salt="altro")
    else:
        token = "x"
    url = reverse("forum:disiscrizione", kwargs={"token": token})
    assert client.get(url).status_code == 400
    assert client.post(url).status_code == 400
    assert Iscrizione.objects.filter(user=autore, discussione=discussione).exists()
