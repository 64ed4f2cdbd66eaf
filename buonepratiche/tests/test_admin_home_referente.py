"""The admin home of a Referente di zona: their zone's proposals waiting for them, the zone's drafts and
upcoming events, each with a link to edit it; nothing of another zone; nothing of the kind for editors
without a zone, and no admin at all for an operatore or a visitor."""

import pytest

from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import bozza, con_zona, proposta_inviata
from cop.tests.factories import OperatoreFactory, ReferenteFactory
from eventi.tests.factories import EventoPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def due_zone(indice, zona, altra_zona, tema):
    autrice_pisa = con_zona(OperatoreFactory, zona)
    autrice_siena = con_zona(OperatoreFactory, altra_zona)
    return {
        "inviata_pisa": proposta_inviata(autrice_pisa, indice, zona, tema),
        "inviata_siena": proposta_inviata(autrice_siena, indice, altra_zona, tema),
        "bozza_pisa": bozza(autrice_pisa, indice, zona, tema, title="Orti sociali a Pisa"),
        "bozza_siena": bozza(autrice_siena, indice, altra_zona, tema, title="Orti sociali a Siena"),
        "evento_pisa": EventoPageFactory(title="Seminario pisano", zone=[zona]),
        "evento_siena": EventoPageFactory(title="Seminario senese", zone=[altra_zona]),
    }


def home(client, user):
    client.force_login(user)
    return client.get("/admin/")


def test_a_referente_sees_their_zone_waiting_drafts_and_events_with_edit_links(client, referente, due_zone):
    risposta = home(client, referente)
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert f"Buone pratiche della zona {referente.profilo.zona.nome}" in html
    assert "Una proposta aspetta la tua revisione" in html
    # The proposal in Wagtail's review panel; the draft and the event in ours.
    assert f'href="/admin/pages/{due_zone["inviata_pisa"].pk}/edit/"' in html
    for nome in ("bozza_pisa", "evento_pisa"):
        assert html.count(f'href="/admin/pages/{due_zone[nome].pk}/edit/"') == 1, nome
    assert f"Prossimi eventi della zona {referente.profilo.zona.nome}" in html


def test_a_referente_sees_nothing_of_another_zone(client, referente, due_zone):
    html = home(client, referente).content.decode()
    for nome in ("inviata_siena", "bozza_siena", "evento_siena"):
        assert f"/admin/pages/{due_zone[nome].pk}/" not in html, nome
    assert "Orti sociali a Siena" not in html
    assert "Seminario senese" not in html


def test_the_other_zone_referente_sees_their_own(client, referente_altra_zona, due_zone):
    html = home(client, referente_altra_zona).content.decode()
    assert f"Buone pratiche della zona {referente_altra_zona.profilo.zona.nome}" in html
    assert f'href="/admin/pages/{due_zone["inviata_siena"].pk}/edit/"' in html
    assert "Orti sociali a Pisa" not in html


def test_an_empty_zone_says_so(client, referente):
    html = home(client, referente).content.decode()
    assert "Nessuna proposta aspetta la tua revisione." in html
    assert "Nessun evento della zona in programma." in html


def test_a_referente_whose_zone_is_not_confirmed_gets_no_zone_panel(client, zona, due_zone):
    from cop.tests.factories import ProfiloFactory

    in_attesa = ReferenteFactory()
    ProfiloFactory(user=in_attesa, zona=zona, zona_confermata=None)
    html = home(client, in_attesa).content.decode()
    assert "della zona" not in html
    assert "Orti sociali a Pisa" not in html


def test_an_editor_gets_no_zone_panel_and_others_no_admin(client, redattore, operatore, due_zone):
    html = home(client, redattore).content.decode()
    assert "Buone pratiche della zona" not in html
    assert "Prossimi eventi della zona" not in html

    client.logout()
    assert client.get("/admin/").status_code == 302
    risposta = home(client, operatore)
    assert risposta.status_code in (302, 403)
    assert "Orti sociali" not in risposta.content.decode()
