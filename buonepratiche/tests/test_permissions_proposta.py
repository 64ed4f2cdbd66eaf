"""Who may propose, edit someone else's practice, and review it at each step of the workflow in the
Wagtail admin. Every cell pins the exact answer."""

import pytest
from django.urls import reverse
from wagtail.models import GroupApprovalTask, TaskState

from buonepratiche.models import RevisioneReferenteTask
from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import azione_admin, bozza, con_zona, proposta_inviata
from cop.tests.factories import OperatoreFactory, UserFactory

pytestmark = pytest.mark.django_db

OK = "200"
LOGIN = "login del sito"
NEGATO = "403 con spiegazione"
LOGIN_ADMIN = "login dell'admin"
NO_ADMIN = "niente admin"
APPROVATA = "approvata"
NEGATA = "negata"  # Wagtail's "permission denied": 302 to the admin dashboard


@pytest.fixture
def utenti(zona, altra_zona, operatore, referente, referente_altra_zona, redattore):
    return {
        "anonimo": None,
        "iscritto senza ruolo": UserFactory(),  # email not verified yet: not an Operatore
        "autore": operatore,
        "altro operatore": con_zona(OperatoreFactory, zona),
        "referente della zona": referente,
        "referente di altra zona": referente_altra_zona,
        "redattore": redattore,
    }


def _accedi(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def verifica_risposta(response, atteso, url, spiegazione):
    if atteso == OK:
        assert response.status_code == 200
    elif atteso == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    else:
        assert response.status_code == 403
        assert spiegazione in response.content.decode()


PROPORRE = {
    "anonimo": LOGIN,
    "iscritto senza ruolo": NEGATO,
    "autore": OK,
    "altro operatore": OK,
    "referente della zona": OK,
    "referente di altra zona": OK,
    "redattore": OK,
}


@pytest.mark.parametrize("ruolo", list(PROPORRE))
def test_who_can_propose(client, indice, utenti, ruolo):
    _accedi(client, utenti[ruolo])
    url = reverse("buonepratiche:proponi")
    verifica_risposta(client.get(url), PROPORRE[ruolo], url, "Non puoi proporre buone pratiche")


MODIFICARE = {
    "anonimo": LOGIN,
    "iscritto senza ruolo": NEGATO,
    "autore": OK,
    "altro operatore": NEGATO,
    "referente della zona": NEGATO,
    "referente di altra zona": NEGATO,
    "redattore": OK,
}


@pytest.mark.parametrize("vista", ["passo", "riepilogo"])
@pytest.mark.parametrize("ruolo", list(MODIFICARE))
def test_who_can_edit_a_practice(client, indice, utenti, zona, tema, ruolo, vista):
    pratica = bozza(utenti["autore"], indice, zona, tema)
    _accedi(client, utenti[ruolo])
    if vista == "passo":
        url = reverse("buonepratiche:proposta_passo", args=[pratica.pk, 1])
    else:
        url = reverse("buonepratiche:proposta_riepilogo", args=[pratica.pk])

    verifica_risposta(client.get(url), MODIFICARE[ruolo], url, "Non puoi modificare questa buona pratica")
    if MODIFICARE[ruolo] == NEGATO:
        # A POST changes nothing either.
        client.post(url, {"title": "Dirottata", "abstract": "x", "zone": [zona.pk], "temi": [tema.pk]})
        assert pratica.get_latest_revision_as_object().title != "Dirottata"


RIVEDERE = {
    # ruolo: (at the referente step, at the redazione step)
    "anonimo": (LOGIN_ADMIN, LOGIN_ADMIN),
    "autore": (NO_ADMIN, NO_ADMIN),
    "altro operatore": (NO_ADMIN, NO_ADMIN),
    "referente della zona": (APPROVATA, NEGATA),
    "referente di altra zona": (NEGATA, NEGATA),
    "redattore": (NEGATA, APPROVATA),
}


@pytest.mark.parametrize("passo", [0, 1], ids=["passo del referente", "passo della redazione"])
@pytest.mark.parametrize("ruolo", list(RIVEDERE))
def test_who_can_approve_at_each_step_in_the_admin(client, indice, utenti, zona, tema, ruolo, passo):
    pratica = proposta_inviata(utenti["autore"], indice, zona, tema)
    if passo == 1:
        azione_admin(client, utenti["referente della zona"], pratica, "approve")
        pratica.refresh_from_db()
    task_state = pratica.current_workflow_task_state
    assert isinstance(task_state.task.specific, (RevisioneReferenteTask, GroupApprovalTask)[passo])
    url = reverse("wagtailadmin_pages:workflow_action", args=[pratica.pk, "approve", task_state.pk])

    _accedi(client, utenti[ruolo])
    response = client.post(url, {"comment": ""})

    atteso = RIVEDERE[ruolo][passo]
    task_state.refresh_from_db()
    if atteso == APPROVATA:
        assert response.status_code == 302
        assert task_state.status == TaskState.STATUS_APPROVED
        assert task_state.finished_by == utenti[ruolo]
        return
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    if atteso == NEGATA:
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accesso_redazione"))
        gate = client.get(response["Location"])
        assert gate.status_code == (302 if atteso == LOGIN_ADMIN else 403)


@pytest.mark.parametrize(
    ("ruolo", "azioni_attese"),
    [
        ("referente della zona", {"approve", "reject"}),
        ("referente di altra zona", set()),
        ("redattore", set()),
        ("autore", set()),
    ],
)
def test_the_referente_step_offers_actions_only_to_the_zone_referente(indice, utenti, zona, tema, ruolo, azioni_attese):
    pratica = proposta_inviata(utenti["autore"], indice, zona, tema)
    task = pratica.current_workflow_task
    assert {nome for nome, _etichetta, _modale in task.get_actions(pratica, utenti[ruolo])} == azioni_attese
    assert task.locked_for_user(pratica, utenti[ruolo]) is not bool(azioni_attese)


def test_referente_of_other_zone_cannot_request_changes(client, indice, utenti, zona, tema):
    pratica = proposta_inviata(utenti["autore"], indice, zona, tema)
    response = azione_admin(client, utenti["referente di altra zona"], pratica, "reject", commento="No.")
    assert response["Location"] == reverse("wagtailadmin_home")
    assert pratica.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
