"""The review workflow "Revisione buone pratiche": referente of the zone, then the redazione regionale,
driven through the Wagtail admin as reviewers use it; notifications through the task queue."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowState

from buonepratiche.models import BuonaPraticaPage, RevisioneReferenteTask
from buonepratiche.selectors_proposte import Stato, proposte_di
from buonepratiche.services import proposte as servizi
from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import azione_admin, bozza, completa, proposta_inviata
from buonepratiche.tests.factories import BuonaPraticaPageFactory
from cop import roles

pytestmark = pytest.mark.django_db


def stato_di(user):
    return proposte_di(user)[0]


# --- The workflow itself -----------------------------------------------------------------------------


def test_a_new_index_page_gets_the_review_workflow_with_its_two_steps(indice):
    workflow = WorkflowPage.objects.get(page=indice).workflow
    assert workflow.name == "Revisione buone pratiche"
    tasks = [task.specific for task in workflow.tasks]
    assert [type(task) for task in tasks] == [RevisioneReferenteTask, GroupApprovalTask]
    assert [g.name for g in tasks[1].groups.all()] == [roles.REDATTORI]


def test_assicura_workflow_is_idempotent_and_keeps_the_editors_choice(indice):
    servizi.assicura_workflow(indice)
    servizi.assicura_workflow(indice)
    assert Workflow.objects.filter(name="Revisione buone pratiche").count() == 1
    assert RevisioneReferenteTask.objects.count() == 1
    assert GroupApprovalTask.objects.filter(name="Revisione della redazione regionale").count() == 1

    altro = Workflow.objects.create(name="Scelto dalla redazione")
    WorkflowPage.objects.filter(page=indice).update(workflow=altro)
    servizi.assicura_workflow(indice)
    assert WorkflowPage.objects.get(page=indice).workflow == altro


def test_the_practice_inherits_the_workflow_of_the_library(indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    assert pratica.get_workflow().name == "Revisione buone pratiche"


# --- Draft → referente → redattore → published -----------------------------------------------------


def test_whole_workflow_from_draft_to_published(client, indice, operatore, referente, redattore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    assert stato_di(operatore).stato == Stato.BOZZA
    completa(pratica, operatore)

    servizi.invia_proposta(pratica=pratica, user=operatore)
    pratica.refresh_from_db()
    assert isinstance(pratica.current_workflow_task, RevisioneReferenteTask)
    assert stato_di(operatore).stato == Stato.REVISIONE_REFERENTE
    assert not pratica.live

    response = azione_admin(client, referente, pratica, "approve")
    assert response.status_code == 302
    pratica.refresh_from_db()
    assert isinstance(pratica.current_workflow_task, GroupApprovalTask)
    assert stato_di(operatore).stato == Stato.REVISIONE_REDAZIONE
    assert not pratica.live

    response = azione_admin(client, redattore, pratica, "approve", commento="Ottima scheda.")
    assert response.status_code == 302
    pratica.refresh_from_db()
    assert pratica.live
    assert pratica.current_workflow_state is None
    assert stato_di(operatore).stato == Stato.PUBBLICATA
    live = BuonaPraticaPage.objects.live().get(pk=pratica.pk)
    assert "Co-progettazione" in live.azioni
    assert [s.nome for s in live.soggetti.all()] == ["Società della Salute Pisana"]
    assert live.owner == operatore


def test_changes_requested_with_a_comment_reach_the_author_who_resubmits(
    client, indice, operatore, referente, redattore, zona, tema
):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    azione_admin(client, referente, pratica, "approve")
    pratica.refresh_from_db()

    azione_admin(client, redattore, pratica, "reject", commento="Aggiungete i risultati in cifre.")
    pratica.refresh_from_db()
    stato = stato_di(operatore)
    assert stato.stato == Stato.MODIFICHE_RICHIESTE
    assert stato.commento == "Aggiungete i risultati in cifre."
    assert stato.commento_di == redattore.nome_visualizzato

    client.force_login(operatore)
    pagina = client.get(reverse("buonepratiche:mie_pratiche")).content.decode()
    assert "Modifiche richieste" in pagina
    assert "Aggiungete i risultati in cifre." in pagina

    servizi.salva_passo(
        pratica=pratica, user=operatore, dati={"indicatori": [{"valore": "616", "descrizione": "progetti"}]}
    )
    response = client.post(reverse("buonepratiche:proposta_riepilogo", args=[pratica.pk]))
    assert response.status_code == 302
    pratica.refresh_from_db()
    # Wagtail resumes the step that asked for changes: the redazione, the referente already approved.
    assert isinstance(pratica.current_workflow_task, GroupApprovalTask)
    assert stato_di(operatore).stato == Stato.REVISIONE_REDAZIONE

    azione_admin(client, redattore, pratica, "approve")
    pratica.refresh_from_db()
    assert pratica.live
    assert [i.valore for i in BuonaPraticaPage.objects.get(pk=pratica.pk).indicatori.all()] == ["616"]


def test_referente_can_request_changes_too(client, indice, operatore, referente, zona, tema):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    azione_admin(client, referente, pratica, "reject", commento="Manca il contesto.")
    stato = stato_di(operatore)
    assert stato.stato == Stato.MODIFICHE_RICHIESTE
    assert stato.commento == "Manca il contesto."


def test_edit_after_publication_goes_to_review_while_the_live_version_stays(
    client, indice, operatore, referente, redattore, zona, tema
):
    pratica = BuonaPraticaPageFactory(
        parent=indice, owner=operatore, zone=[zona], temi=[tema], azioni="<p>Versione pubblicata.</p>"
    )
    url_pubblico = pratica.url

    servizi.salva_passo(pratica=pratica, user=operatore, dati={"azioni": "<p>Versione nuova.</p>"})
    assert stato_di(operatore).stato == Stato.PUBBLICATA_CON_BOZZA
    servizi.invia_proposta(pratica=pratica, user=operatore)
    pratica.refresh_from_db()
    assert stato_di(operatore).stato == Stato.PUBBLICATA_IN_REVISIONE

    def testo_online():
        return client.get(url_pubblico).content.decode()

    client.logout()
    assert "Versione pubblicata." in testo_online()
    assert "Versione nuova." not in testo_online()

    azione_admin(client, referente, pratica, "approve")
    pratica.refresh_from_db()
    client.logout()
    assert "Versione pubblicata." in testo_online()

    azione_admin(client, redattore, pratica, "approve")
    client.logout()
    assert "Versione nuova." in testo_online()
    assert "Versione pubblicata." not in testo_online()
    assert stato_di(operatore).stato == Stato.PUBBLICATA


def test_the_author_cannot_change_a_practice_while_it_is_in_review(indice, operatore, zona, tema):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    with pytest.raises(servizi.PraticaInRevisione):
        servizi.salva_passo(pratica=pratica, user=operatore, dati={"title": "Altro"})
    with pytest.raises(servizi.PraticaInRevisione):
        servizi.invia_proposta(pratica=pratica, user=operatore)


def test_referente_step_is_skipped_when_no_referente_covers_the_zones(indice, operatore, altra_zona, tema):
    pratica = proposta_inviata(operatore, indice, altra_zona, tema)
    assert isinstance(pratica.current_workflow_task, GroupApprovalTask)
    assert stato_di(operatore).stato == Stato.REVISIONE_REDAZIONE


def test_the_zones_of_the_revision_decide_who_reviews(client, indice, operatore, referente, zona, altra_zona, tema):
    """An author who moves the draft to another zone is reviewed by that zone's referente."""
    pratica = completa(bozza(operatore, indice, altra_zona, tema), operatore)
    servizi.salva_passo(pratica=pratica, user=operatore, dati={"zone": [zona]})
    servizi.invia_proposta(pratica=pratica, user=operatore)
    pratica.refresh_from_db()
    assert isinstance(pratica.current_workflow_task, RevisioneReferenteTask)
    assert azione_admin(client, referente, pratica, "approve").status_code == 302


def test_dashboard_lists_to_each_referente_only_the_practices_of_their_zone(
    indice, operatore, referente, referente_altra_zona, redattore, zona, tema
):
    proposta_inviata(operatore, indice, zona, tema)
    task = RevisioneReferenteTask.objects.get()
    assert task.get_task_states_user_can_moderate(referente).count() == 1
    assert task.get_task_states_user_can_moderate(referente_altra_zona).count() == 0
    assert task.get_task_states_user_can_moderate(redattore).count() == 0
    assert task.get_task_states_user_can_moderate(operatore).count() == 0


# --- Notifications -----------------------------------------------------------------------------------


def test_referenti_of_the_zone_are_emailed_with_a_link_to_the_admin(
    run_tasks, indice, operatore, referente, referente_altra_zona, zona, tema
):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    run_tasks()

    ai_referenti = [m for m in mail.outbox if "da revisionare" in m.subject]
    assert [m.to for m in ai_referenti] == [[referente.email]]
    assert "Budget di Salute a Pisa" in ai_referenti[0].subject
    assert f"«Budget di Salute a Pisa» ({zona.nome})" in ai_referenti[0].body
    assert f"http://testserver{reverse('wagtailadmin_pages:edit', args=[pratica.pk])}" in ai_referenti[0].body
    assert not any(referente_altra_zona.email in m.to for m in mail.outbox)


def test_the_subject_is_plain_text_with_the_title_as_typed(run_tasks, indice, operatore, referente, zona, tema):
    titolo = 'Il "Budget di Salute" & l\'abitare <insieme>'
    pratica = completa(bozza(operatore, indice, zona, tema, title=titolo), operatore)
    servizi.invia_proposta(pratica=pratica, user=operatore)
    run_tasks()

    (messaggio,) = [m for m in mail.outbox if "da revisionare" in m.subject]
    assert messaggio.subject == f"[CoP Inclusione] Buona pratica da revisionare: «{titolo}»"
    assert "&quot;" not in messaggio.subject and "&amp;" not in messaggio.subject


def test_redattori_are_notified_when_the_referente_approves(
    client, run_tasks, indice, operatore, referente, redattore, zona, tema
):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    run_tasks()
    assert not any(redattore.email in m.to for m in mail.outbox)

    azione_admin(client, referente, pratica, "approve")
    run_tasks()
    assert any(redattore.email in m.to for m in mail.outbox)


def test_the_author_is_notified_when_changes_are_requested(client, run_tasks, indice, operatore, referente, zona, tema):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    azione_admin(client, referente, pratica, "reject", commento="Manca il contesto.")
    run_tasks()
    [email] = [m for m in mail.outbox if operatore.email in m.to]
    # Operatori have no admin: the email points to «Le mie pratiche», not to the admin.
    assert "Manca il contesto." in email.body
    assert f"http://testserver{reverse('buonepratiche:mie_pratiche')}" in email.body
    assert "/admin/" not in email.body


def test_the_author_is_notified_when_the_practice_is_published(
    client, run_tasks, indice, operatore, referente, redattore, zona, tema
):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    azione_admin(client, referente, pratica, "approve")
    pratica.refresh_from_db()
    azione_admin(client, redattore, pratica, "approve")
    run_tasks()
    [email] = [m for m in mail.outbox if operatore.email in m.to and "pubblicata" in m.body]
    assert BuonaPraticaPage.objects.get(pk=pratica.pk).full_url in email.body
    assert "/admin/" not in email.body


def test_nothing_is_sent_when_the_submission_fails(run_tasks, indice, operatore, referente, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)  # incomplete
    with pytest.raises(servizi.ValidationError):
        servizi.invia_proposta(pratica=pratica, user=operatore)
    run_tasks()
    assert mail.outbox == []
    assert not WorkflowState.objects.exists()
