"""The profile's data export includes what the library keeps about the member: the practices they
proposed, the evaluations they wrote and the adoptions they declared."""

import json

import pytest
from django.urls import reverse

from buonepratiche.services.adozioni import dichiara_adozione
from buonepratiche.services.valutazioni import valuta_pratica
from buonepratiche.tests.aiuti_scambi import con_zona, punteggi
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import OperatoreFactory, RedattoreFactory, ZonaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


def esporta(client, user):
    client.force_login(user)
    response = client.get(reverse("profilo_esporta"))
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_export_lists_proposals_and_adoptions_of_an_operatore(client, indice):
    zona = ZonaFactory(nome="Valdinievole")
    operatore = con_zona(OperatoreFactory, zona)
    propria = BuonaPraticaPageFactory(parent=indice, title="Doposcuola di comunità", owner=operatore, zone=[zona])
    altrui = BuonaPraticaPageFactory(parent=indice, title="Budget di Salute")
    dichiara_adozione(pratica=altrui, user=operatore, pratica_derivata=propria, nota="Con le scuole.")

    dati = esporta(client, operatore)

    assert [p["titolo"] for p in dati["buone_pratiche_proposte"]] == ["Doposcuola di comunità"]
    assert dati["adozioni_dichiarate"] == [
        {
            "pratica": "Budget di Salute",
            "zona": "Valdinievole",
            "pratica_derivata": "Doposcuola di comunità",
            "nota": "Con le scuole.",
            "data": dati["adozioni_dichiarate"][0]["data"],
        }
    ]
    assert dati["valutazioni_buone_pratiche"] == []


def test_the_export_lists_the_evaluations_of_a_redattore(client, indice):
    redattore = RedattoreFactory()
    pratica = BuonaPraticaPageFactory(parent=indice, title="Accordo operativo")
    valuta_pratica(
        pratica=pratica, valutatore=redattore, punteggi=punteggi(3), note={"etica": "Bene."}, nota_generale="Chiara."
    )

    valutazione = esporta(client, redattore)["valutazioni_buone_pratiche"][0]

    assert (valutazione["pratica"], valutazione["media"], valutazione["nota_generale"]) == (
        "Accordo operativo",
        "3.00",
        "Chiara.",
    )
    assert valutazione["punteggi"]["Aspetti etici"] == {"punteggio": 3, "nota": "Bene."}
    assert len(valutazione["punteggi"]) == 10
