"""A proposal's attachments are for members until the practice is published, then public."""

import pytest

from buonepratiche.services import proposte as servizi
from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import PDF, azione_admin, bozza, completa
from buonepratiche.tests.test_proposta import carica, ultima

pytestmark = pytest.mark.django_db


def test_attachments_are_members_only_until_publication(client, indice, operatore, referente, redattore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    carica(client, pratica, "relazione.pdf", PDF, titolo_allegato="Relazione finale", azione="altro")
    documento = ultima(pratica).allegati.get().documento
    client.logout()

    anonimo = client.get(documento.url)
    assert anonimo.status_code == 302
    assert anonimo["Location"].startswith("/account/login/?next=")
    client.force_login(operatore)
    assert client.get(documento.url).status_code == 200
    client.logout()

    completa(pratica, operatore)
    servizi.invia_proposta(pratica=pratica, user=operatore)
    azione_admin(client, referente, pratica, "approve")
    azione_admin(client, redattore, pratica, "approve")
    client.logout()

    documento.refresh_from_db()
    assert documento.collection.name == "Allegati delle buone pratiche"
    pubblico = client.get(documento.url)
    assert pubblico.status_code == 200
    assert b"".join(pubblico.streaming_content if pubblico.streaming else [pubblico.content]) == PDF
