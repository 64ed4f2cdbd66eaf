"""A draft's attachment is read, until the practice is published, only by its author, the Referenti di
zona who review it and the Redattori regionali (issue 13, item 10): any other member who has the URL
gets a 403 explaining why, an anonymous visitor the login page."""

import pytest
from django.urls import reverse

from buonepratiche.services import proposte as servizi
from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import PDF, bozza, completa, con_zona
from buonepratiche.tests.test_proposta import carica, ultima
from cop.tests.factories import OperatoreFactory, UserFactory

pytestmark = pytest.mark.django_db

LEGGE = 200
VIETATO = 403
LOGIN = 302

ATTESO = {
    "anonimo": LOGIN,
    "account non verificato": VIETATO,
    "autore": LEGGE,
    "altro operatore della zona": VIETATO,
    "referente della zona": LEGGE,
    "referente di altra zona": VIETATO,
    "redattore": LEGGE,
}


@pytest.fixture
def utenti(zona, operatore, referente, referente_altra_zona, redattore):
    return {
        "anonimo": None,
        "account non verificato": UserFactory(verified=False),
        "autore": operatore,
        "altro operatore della zona": con_zona(OperatoreFactory, zona),
        "referente della zona": referente,
        "referente di altra zona": referente_altra_zona,
        "redattore": redattore,
    }


@pytest.fixture
def documento(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    carica(client, pratica, "relazione.pdf", PDF, titolo_allegato="Relazione riservata", azione="altro")
    client.logout()
    return pratica, ultima(pratica).allegati.get().documento


def _contenuto(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("inviata", [False, True], ids=["bozza", "in revisione"])
@pytest.mark.parametrize("ruolo", list(ATTESO))
def test_who_reads_the_attachment_of_an_unpublished_practice(client, utenti, documento, operatore, ruolo, inviata):
    pratica, doc = documento
    if inviata:
        completa(pratica, operatore)
        servizi.invia_proposta(pratica=pratica, user=operatore)
    if utenti[ruolo] is not None:
        client.force_login(utenti[ruolo])

    response = client.get(doc.url)

    assert response.status_code == ATTESO[ruolo]
    if ATTESO[ruolo] == LEGGE:
        assert _contenuto(response) == PDF
    elif ATTESO[ruolo] == LOGIN:
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert PDF not in _contenuto(response)
        assert "Questo documento non è ancora pubblico" in response.content.decode()
