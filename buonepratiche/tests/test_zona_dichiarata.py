"""A zone typed in the profile grants nothing: reviewing as a Referente di zona and declaring an
adoption for the zone read only the zone an editor confirmed (issue 13, item 2).

Each test is the attack as it was made: change the zone at /profilo/modifica/, then act for it."""

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from buonepratiche.models import Adozione
from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import azione_admin, con_zona, proposta_inviata
from buonepratiche.tests.factories import BuonaPraticaPageFactory
from cop import services
from cop.models import Profilo
from cop.tests.factories import OperatoreFactory, RedattoreFactory, ReferenteFactory, ZonaFactory

pytestmark = pytest.mark.django_db


def dati_profilo(user, zona):
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "ente": "Comune di Prova",
        "ruolo_professionale": "",
        "zona": zona.pk,
        "zone_seguite": [],
        "temi_seguiti": [],
    }


def test_referente_who_sets_another_zone_in_the_profile_cannot_approve_its_practice(
    client, indice, operatore, referente_altra_zona, zona, altra_zona, tema
):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    task_state = pratica.current_workflow_task_state
    client.force_login(referente_altra_zona)

    client.post(reverse("profilo_modifica"), dati_profilo(referente_altra_zona, zona))
    response = azione_admin(client, referente_altra_zona, pratica, "approve")

    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert response["Location"] == reverse("wagtailadmin_home")
    profilo = Profilo.objects.get(user=referente_altra_zona)
    assert (profilo.zona, profilo.zona_confermata) == (altra_zona, altra_zona)


def test_referente_profile_form_shows_the_zone_as_set_by_the_redazione(client, referente, zona):
    client.force_login(referente)
    response = client.get(reverse("profilo_modifica"))
    html = response.content.decode()
    assert "La zona di un referente di zona la imposta la redazione" in html
    assert 'name="zona"' in html and "disabled" in html.split('name="zona"')[1].split(">")[0]


def test_operatore_who_sets_another_zone_cannot_declare_the_adoption_for_it(client, indice, zona, altra_zona):
    pratica = BuonaPraticaPageFactory(parent=indice, zone=[zona])
    terza = ZonaFactory(nome="Zona Lunigiana", slug="lunigiana")
    operatore = con_zona(OperatoreFactory, altra_zona)
    client.force_login(operatore)

    client.post(reverse("profilo_modifica"), dati_profilo(operatore, terza))
    response = client.post(reverse("buonepratiche:dichiara_adozione", args=[pratica.pk]), {"nota": ""}, follow=True)

    assert not Adozione.objects.filter(pratica=pratica).exists()
    assert "in attesa di conferma da parte della redazione" in response.content.decode()


def test_a_zone_declared_at_sign_up_grants_no_review_until_confirmed(indice, operatore, referente, zona, tema):
    """The sign-up form writes the declared zone; a referente promoted later waits for the editor."""
    nuovo = ReferenteFactory()
    services.crea_profilo(user=nuovo, zona=None)
    profilo = Profilo.objects.get(user=nuovo)
    profilo.zona = zona  # as the sign-up form left it, before the user became a referente
    profilo.save()
    pratica = proposta_inviata(operatore, indice, zona, tema)

    task = pratica.current_workflow_task
    assert {nome for nome, _e, _m in task.get_actions(pratica, referente)} == {"approve", "reject"}
    assert task.get_actions(pratica, nuovo) == []

    services.conferma_zona(profilo=profilo, zona=zona, confermata_da=RedattoreFactory())
    nuovo = type(nuovo).objects.get(pk=nuovo.pk)
    pratica = type(pratica).objects.get(pk=pratica.pk)
    assert {nome for nome, _e, _m in task.get_actions(pratica, nuovo)} == {"approve", "reject"}
