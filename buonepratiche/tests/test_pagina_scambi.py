"""Evaluation and adoption on the practice page itself (the page template includes
buonepratiche/includes/valutazione.html and adozioni.html with "only")."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from buonepratiche.models import Adozione
from buonepratiche.services.valutazioni import valuta_pratica
from buonepratiche.tests.aiuti_scambi import con_zona, punteggi
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import OperatoreFactory, RedattoreFactory, ZonaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def autore():
    return OperatoreFactory()


@pytest.fixture
def pratica(home_page, autore):
    return BuonaPraticaPageFactory(
        parent=BuonePraticheIndexPageFactory(parent=home_page), owner=autore, zone=[ZonaFactory(nome="Pisana")]
    )


def url_dichiara(pratica):
    return reverse("buonepratiche:dichiara_adozione", args=[pratica.pk])


def test_the_author_sees_the_evaluation_and_the_badge_on_the_page(client, pratica, autore):
    valuta_pratica(pratica=pratica, valutatore=RedattoreFactory(), punteggi=punteggi(4), nota_generale="Esemplare.")
    client.force_login(autore)

    html = client.get(pratica.url).content.decode()

    assert "Valutazione della pratica" in html
    assert "Esemplare." in html
    assert "Buona pratica validata" in html


def test_a_visitor_sees_the_badge_but_not_the_evaluation(client, pratica):
    valuta_pratica(pratica=pratica, valutatore=RedattoreFactory(), punteggi=punteggi(4), nota_generale="Esemplare.")

    html = client.get(pratica.url).content.decode()

    assert "Buona pratica validata" in html
    assert "Esemplare." not in html
    assert "Valutazione della pratica" not in html


def test_the_practice_page_form_posts_with_its_csrf_token(pratica):
    client = Client(enforce_csrf_checks=True)
    client.force_login(con_zona(OperatoreFactory, ZonaFactory(nome="Valdinievole")))
    html = client.get(pratica.url).content.decode()
    form = html[html.index(f'action="{url_dichiara(pratica)}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    response = client.post(url_dichiara(pratica), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Adozione.objects.count() == 1
    assert "Adottata anche in:" in client.get(pratica.url).content.decode()
