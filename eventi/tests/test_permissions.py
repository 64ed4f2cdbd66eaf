"""Who may do what with events: anonymous visitors and the three roles against joining, "I miei
eventi", the certificate, the editors' attendee list and its CSV, and the speakers' snippets."""

import pytest
from django.urls import reverse

from cop.tests.factories import OperatoreFactory, RedattoreFactory, ReferenteFactory
from eventi.models import Iscrizione
from eventi.tests.factories import EventoPageFactory

pytestmark = pytest.mark.django_db

ROLES = {"anonimo": None, "operatore": OperatoreFactory, "referente": ReferenteFactory, "redattore": RedattoreFactory}

OK = "200"
ISCRITTO = "iscritto"  # 302 back to the event, with a confirmed registration
LOGIN = "login del sito"
LOGIN_ADMIN = "login dell'admin"
NO_ADMIN = "niente admin"  # signed in without admin access: sent to the admin gate, which answers 403
VIETATO = "negato"  # 302 to the admin dashboard, with Wagtail's "permission denied" message
SENZA_ATTESTATO = "senza attestato"  # 302 back to the event: not present, no certificate

AZIONI = ["partecipa", "miei_eventi", "attestato", "iscritti", "iscritti_csv", "relatori", "relatore_nuovo"]

EXPECTED = {
    "anonimo": {
        "partecipa": LOGIN,
        "miei_eventi": LOGIN,
        "attestato": LOGIN,
        "iscritti": LOGIN_ADMIN,
        "iscritti_csv": LOGIN_ADMIN,
        "relatori": LOGIN_ADMIN,
        "relatore_nuovo": LOGIN_ADMIN,
    },
    "operatore": {
        "partecipa": ISCRITTO,
        "miei_eventi": OK,
        "attestato": SENZA_ATTESTATO,
        "iscritti": NO_ADMIN,
        "iscritti_csv": NO_ADMIN,
        "relatori": NO_ADMIN,
        "relatore_nuovo": NO_ADMIN,
    },
    "referente": {
        "partecipa": ISCRITTO,
        "miei_eventi": OK,
        "attestato": SENZA_ATTESTATO,
        "iscritti": VIETATO,
        "iscritti_csv": VIETATO,
        "relatori": OK,
        "relatore_nuovo": OK,
    },
    "redattore": {
        "partecipa": ISCRITTO,
        "miei_eventi": OK,
        "attestato": SENZA_ATTESTATO,
        "iscritti": OK,
        "iscritti_csv": OK,
        "relatori": OK,
        "relatore_nuovo": OK,
    },
}


def _richiesta(client, azione, evento):
    indice = evento.get_parent()
    if azione == "partecipa":
        return client.post(evento.url + "partecipa/")
    url = {
        "miei_eventi": f"{indice.url}miei/",
        "attestato": f"{evento.url}attestato/",
        "iscritti": reverse("eventi_iscritti", args=[evento.pk]),
        "iscritti_csv": reverse("eventi_iscritti_csv", args=[evento.pk]),
        "relatori": reverse("wagtailsnippets_eventi_relatore:list"),
        "relatore_nuovo": reverse("wagtailsnippets_eventi_relatore:add"),
    }[azione]
    return client.get(url)


def _esito(risposta, evento, user, azione):
    if risposta.status_code == 200:
        return OK
    if risposta.status_code == 302:
        if risposta.url.startswith(reverse("accesso_redazione")):
            return NO_ADMIN if user.is_authenticated else LOGIN_ADMIN
        if risposta.url.startswith(reverse("account_login")):
            return LOGIN
        if risposta.url == reverse("wagtailadmin_home"):
            return VIETATO
        if risposta.url.startswith(evento.url):
            if azione == "attestato":
                return SENZA_ATTESTATO
            if Iscrizione.objects.filter(evento=evento, user=user, stato="confermata").exists():
                return ISCRITTO
    return f"{risposta.status_code} {risposta.get('Location', '')}"


@pytest.mark.parametrize("ruolo", ROLES)
@pytest.mark.parametrize("azione", AZIONI)
def test_permission_matrix(client, ruolo, azione):
    evento = EventoPageFactory(passato=azione == "attestato")
    user = None
    if ROLES[ruolo]:
        user = ROLES[ruolo]()
        client.force_login(user)
        if azione == "attestato":
            Iscrizione.objects.create(evento=evento, user=user, stato="confermata", posto=1)
    risposta = _richiesta(client, azione, evento)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    assert _esito(risposta, evento, user, azione) == EXPECTED[ruolo][azione]
