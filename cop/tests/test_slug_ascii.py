"""Page addresses are plain ASCII: a title with accents gives "prossimita", not "prossimit%C3%A0"."""

import pytest

from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures: indice, operatore, zona, tema, ...)
from buonepratiche.tests.aiuti_proposte import bozza
from eventi.models import EventoPage
from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory

pytestmark = pytest.mark.django_db


def test_a_proposal_titled_with_accents_gets_an_ascii_address(indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema, title="Sportello di prossimità per l'età anziana")

    assert pratica.slug == "sportello-di-prossimita-per-leta-anziana"
    assert pratica.url_path.isascii()


def test_a_page_created_without_a_slug_gets_an_ascii_one(home_page):
    indice = EventiIndexPageFactory()
    evento = EventoPageFactory.build(title="Città e università: perché insieme", slug="")
    indice.add_child(instance=evento)

    evento = EventoPage.objects.get(pk=evento.pk)
    assert evento.slug == "citta-e-universita-perche-insieme"
    assert evento.url.isascii()


def test_a_slug_typed_with_accents_is_saved_in_ascii(home_page):
    evento = EventoPageFactory(title="Seminario")
    evento.slug = "seminario-sull-età-straße"
    evento.full_clean()
    evento.save()

    evento.refresh_from_db()
    assert evento.slug == "seminario-sull-eta-strasse"
    assert evento.url.isascii()
