"""Practice and event pages open their forum topic ("Discuti")."""

import pytest
from django.urls import reverse

from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from eventi.tests.factories import EventoPageFactory

pytestmark = pytest.mark.django_db


def test_a_practice_page_links_to_its_forum_topic(client, home_page):
    pratica = BuonaPraticaPageFactory(parent=BuonePraticheIndexPageFactory(parent=home_page))

    html = client.get(pratica.url).content.decode()

    assert f'href="{reverse("forum:discuti", kwargs={"page_id": pratica.pk})}"' in html


def test_an_event_page_links_to_its_forum_topic(client, home_page):
    evento = EventoPageFactory()

    html = client.get(evento.url).content.decode()

    assert f'href="{reverse("forum:discuti", kwargs={"page_id": evento.pk})}"' in html
