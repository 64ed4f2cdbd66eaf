"""A practice with a view restriction (a group, a password) is not named by the listings of transfers
between zones: the transfers page, the "Flusso", the zone page and the practice page's adoptions, for a
visitor and for a member who is not allowed to open it. The same selector as the library
(`pratiche_pubblicate`: live, no view restriction) decides."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from buonepratiche.tests.factories import AdozioneFactory, BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import OperatoreFactory, ZonaFactory

pytestmark = pytest.mark.django_db

RISERVATA = "Sperimentazione riservata ai soli referenti"
DERIVATA = "Derivata riservata della zona adottante"


@pytest.fixture
def scenario(home_page):
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    origine, adottante = ZonaFactory(nome="Zona di origine"), ZonaFactory(nome="Zona adottante", slug="adottante")
    pubblica = BuonaPraticaPageFactory(parent=indice, title="Pratica pubblica trasferita", zone=[origine])
    riservata = BuonaPraticaPageFactory(parent=indice, title=RISERVATA, zone=[origine])
    derivata = BuonaPraticaPageFactory(parent=indice, title=DERIVATA, zone=[adottante])
    AdozioneFactory(pratica=pubblica, zona_adottante=adottante, pratica_derivata=derivata)
    AdozioneFactory(pratica=riservata, zona_adottante=adottante)
    return {"pubblica": pubblica, "riservata": riservata, "derivata": derivata, "adottante": adottante}


def limita(pagina, tipo):
    restrizione = PageViewRestriction.objects.create(page=pagina, restriction_type=tipo, password="segreta-1234")
    if tipo == PageViewRestriction.GROUPS:
        restrizione.groups.add(Group.objects.get_or_create(name="Gruppo di lavoro riservato")[0])


def visitatore(client, chi):
    if chi == "socio":
        client.force_login(OperatoreFactory())  # logged in, not in the group, without the password
    return client


@pytest.mark.parametrize("chi", ["anonimo", "socio"])
@pytest.mark.parametrize("tipo", [PageViewRestriction.GROUPS, PageViewRestriction.PASSWORD])
def test_restricted_practices_are_not_named_by_the_listings_of_transfers(client, scenario, chi, tipo):
    limita(scenario["riservata"], tipo)
    limita(scenario["derivata"], tipo)
    client = visitatore(client, chi)

    pagine = {
        "trasferimenti": client.get(reverse("buonepratiche:trasferimenti")),
        "flusso": client.get(reverse("flusso")),
        "zona": client.get(scenario["adottante"].get_absolute_url()),
        "pratica": client.get(scenario["pubblica"].url),
    }

    for nome, response in pagine.items():
        assert response.status_code == 200, nome
        html = response.content.decode()
        assert RISERVATA not in html, nome
        assert DERIVATA not in html, nome
    # The public practice's transfer is still listed.
    assert "Pratica pubblica trasferita" in pagine["trasferimenti"].content.decode()
    assert "Pratica pubblica trasferita" in pagine["flusso"].content.decode()
    assert "1 trasferimento." in pagine["trasferimenti"].content.decode()
