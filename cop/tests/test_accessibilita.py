import pytest
from django.core import mail

from cop.demo import testi
from cop.demo.builders import pagina_figlia
from cop.models import DichiarazioneAccessibilitaPage, SegnalazioneAccessibilita

pytestmark = pytest.mark.django_db

VALIDA = {
    "nome": "Anna Bianchi",
    "email": "anna.bianchi@esempio.it",
    "url_pagina": "/comunita-di-pratica/",
    "messaggio": "Il lettore di schermo non legge il titolo del video del seminario.",
    "sito_web": "",
}


@pytest.fixture
def dichiarazione(home_page):
    page, _creata = pagina_figlia(
        parent=home_page,
        model=DichiarazioneAccessibilitaPage,
        slug="accessibilita",
        title="Dichiarazione di accessibilità",
        email_contatto="accessibilita@esempio.it",
        contenuti_non_accessibili=testi.ACCESSIBILITA["contenuti_non_accessibili"],
    )
    return page


def test_statement_shows_the_agid_sections_and_the_form(client, dichiarazione):
    response = client.get(dichiarazione.url)

    assert response.status_code == 200
    html = response.content.decode()
    for titolo in (
        "Stato di conformità",
        "Contenuti non accessibili",
        "Redazione della dichiarazione di accessibilità",
        "Meccanismo di feedback e recapiti",
        "Procedura di attuazione",
    ):
        assert f">{titolo}</h2>" in html
    assert "parzialmente conforme" in html
    assert 'href="https://form.agid.gov.it/"' in html
    assert 'href="mailto:accessibilita@esempio.it"' in html
    assert 'name="messaggio"' in html


def test_the_page_field_is_prefilled_from_the_link_that_led_here(client, dichiarazione):
    response = client.get(dichiarazione.url, {"da": "/privacy/"})

    assert 'value="/privacy/"' in response.content.decode()


def test_valid_feedback_is_stored_and_emailed_to_the_contact_address(client, dichiarazione, run_tasks):
    response = client.post(dichiarazione.url, VALIDA)

    assert response.status_code == 200
    assert "Segnalazione inviata" in response.content.decode()
    segnalazione = SegnalazioneAccessibilita.objects.get()
    assert segnalazione.email == VALIDA["email"]
    assert segnalazione.messaggio == VALIDA["messaggio"]
    assert segnalazione.user is None

    run_tasks()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["accessibilita@esempio.it"]
    assert email.subject == "Nuova segnalazione di accessibilità"
    assert VALIDA["messaggio"] in email.body
    assert VALIDA["email"] in email.body
    assert "&#x27;" not in email.body


@pytest.mark.parametrize(
    ("campi", "errore"),
    [
        ({"email": "non-una-email"}, "Inserisci un indirizzo email valido, ad esempio nome@esempio.it."),
        ({"messaggio": ""}, "Scrivi il problema che hai incontrato."),
    ],
)
def test_invalid_feedback_keeps_what_was_typed_and_explains_the_error(client, dichiarazione, campi, errore):
    dati = {**VALIDA, **campi}

    response = client.post(dichiarazione.url, dati)

    assert response.status_code == 400
    html = response.content.decode()
    assert errore in html
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert "Anna Bianchi" in html
    assert dati["email"] in html
    if dati["messaggio"]:
        assert "Il lettore di schermo non legge il titolo del video del seminario." in html
    assert not SegnalazioneAccessibilita.objects.exists()


def test_a_filled_honeypot_is_refused_and_nothing_is_stored(client, dichiarazione, run_tasks):
    response = client.post(dichiarazione.url, {**VALIDA, "sito_web": "https://spam.example/"})

    assert response.status_code == 400
    assert "Segnalazione inviata" not in response.content.decode()
    run_tasks()
    assert not SegnalazioneAccessibilita.objects.exists()
    assert mail.outbox == []


def test_a_signed_in_user_is_linked_to_the_feedback(client, dichiarazione, django_user_model):
    from cop.tests.factories import OperatoreFactory

    user = OperatoreFactory()
    client.force_login(user)

    client.post(dichiarazione.url, VALIDA)

    assert SegnalazioneAccessibilita.objects.get().user == user


def test_fifteen_posts_from_one_client_send_five_emails_then_a_clear_message(client, dichiarazione, run_tasks):
    risposte = [client.post(dichiarazione.url, VALIDA) for _invio in range(15)]
    run_tasks()

    assert [r.status_code for r in risposte] == [200] * 5 + [429] * 10
    assert "Hai già inviato diverse segnalazioni nell&#x27;ultima ora" in risposte[-1].content.decode()
    assert SegnalazioneAccessibilita.objects.count() == 5
    assert len(mail.outbox) == 5
    altro = client.post(dichiarazione.url, VALIDA, REMOTE_ADDR="192.0.2.44")  # another visitor
    assert altro.status_code == 200
    assert SegnalazioneAccessibilita.objects.count() == 6


def test_a_forged_x_forwarded_for_does_not_lift_the_feedback_limit(client, dichiarazione, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for numero in range(8):
        client.post(dichiarazione.url, VALIDA, HTTP_X_FORWARDED_FOR=f"203.0.113.{numero}, 198.51.100.7")

    assert SegnalazioneAccessibilita.objects.count() == 5
