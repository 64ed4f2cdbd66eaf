"""The zones of a practice, an event or an update in the page editor: checkboxes under a heading per
group (current Tuscan zones, ceased ones, other regions), every zone on screen, the chosen ones ticked."""

import re

import pytest
from django.urls import reverse

from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import (
    AggiornamentiIndexPageFactory,
    AggiornamentoPageFactory,
    RedattoreFactory,
    ZonaFactory,
)
from eventi.tests.factories import EventoPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def zone(db):
    return {
        "pisana": ZonaFactory(nome="Zona Pisana", slug="prova-pisana"),
        "senese": ZonaFactory(nome="Zona Senese", slug="prova-senese"),
        "cessata": ZonaFactory(nome="Zona Vecchia", slug="prova-vecchia", dal_anno=2000, al_anno=2010),
        "potenza": ZonaFactory(nome="Ambito di Potenza", slug="prova-potenza", regione="Basilicata", tipo="ambito"),
    }


def _pratica(home_page, zone):
    return BuonaPraticaPageFactory(parent=BuonePraticheIndexPageFactory(parent=home_page), zone=[zone["senese"]])


def _evento(home_page, zone):
    evento = EventoPageFactory()
    evento.zone.set([zone["senese"]])
    evento.save_revision()
    return evento


def _aggiornamento(home_page, zone):
    return AggiornamentoPageFactory(parent=AggiornamentiIndexPageFactory(parent=home_page), zone=[zone["senese"]])


def _gruppi(html):
    """{legend: [labels of the checkboxes under it]} of the zone widget."""
    widget = html[html.index('class="cop-zone"') :]
    gruppi = {}
    for legend, corpo in re.findall(r"<legend[^>]*>(.*?)</legend>(.*?)</fieldset>", widget, re.S):
        gruppi[legend.strip()] = [
            nome.strip() for nome in re.findall(r'type="checkbox"[^>]*>\s*([^<]+)</label>', corpo)
        ]
    return gruppi


@pytest.mark.parametrize("crea", [_pratica, _evento, _aggiornamento], ids=["pratica", "evento", "aggiornamento"])
def test_zones_in_the_editor_are_grouped_checkboxes_with_the_chosen_one_ticked(client, home_page, zone, crea):
    pagina = crea(home_page, zone)
    client.force_login(RedattoreFactory())
    html = client.get(reverse("wagtailadmin_pages:edit", args=[pagina.pk])).content.decode()

    assert not re.search(r'<select[^>]*name="zone"', html), "le zone sono ancora un elenco a selezione multipla"
    gruppi = _gruppi(html)
    assert {"Zona Pisana", "Zona Senese"} <= set(gruppi["Zone-distretto toscane"])
    assert "Zona Vecchia (fino al 2010)" in gruppi["Zone-distretto toscane cessate"]
    assert "Ambito di Potenza (Basilicata)" in gruppi["Altre regioni"]
    assert "Ambito di Potenza (Basilicata)" not in gruppi["Zone-distretto toscane"]
    assert list(gruppi) == ["Zone-distretto toscane", "Zone-distretto toscane cessate", "Altre regioni"]
    spuntate = re.findall(r'<input type="checkbox" name="zone" value="(\d+)"[^>]*checked', html)
    assert spuntate == [str(zone["senese"].pk)]
