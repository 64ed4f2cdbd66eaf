"""Proposals from the front end: a draft saved at every step of the form, attachments, submission to
the review workflow "Revisione buone pratiche" (Referente di zona, then Redattori regionali), edits
of published practices (they go through review while the published version stays online).

See buonepratiche/services/__init__.py."""

import logging

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

from cop import roles
from cop.indirizzo import url_assoluto
from cop.mail import oggetto_da_modello
from cop.sanitize import pulisci_html
from cop.services import organizzazione_per_nome

from .. import permissions
from ..allegati import verifica_allegato
from ..models import (
    Allegato,
    BuonaPraticaPage,
    BuonePraticheIndexPage,
    Indicatore,
    RevisioneReferenteTask,
    SoggettoCoinvolto,
)
from ..selectors_proposte import cosa_manca, referenti_della_pratica

logger = logging.getLogger(__name__)

NOME_WORKFLOW = "Revisione buone pratiche"
NOME_TASK_REFERENTE = "Revisione del referente di zona"
NOME_TASK_REDAZIONE = "Revisione della redazione regionale"
NOME_COLLEZIONE = "Allegati delle buone pratiche"  # attachments of published practices: public
NOME_COLLEZIONE_PROPOSTE = "Allegati delle proposte"  # attachments of drafts and proposals: members only

CAMPI_TESTO = ("title", "abstract", "contatto_nome", "contatto_email", "contatto_telefono", "stato")
CAMPI_DATA = ("data_inizio", "data_fine")
CAMPI_RICCHI = ("contesto", "obiettivi", "azioni", "risultati", "difficolta", "trasferibilita")
CAMPI_M2M = ("zone", "temi", "destinatari", "fonti_finanziamento", "metodologie")


class PraticaInRevisione(Exception):
    """The practice is with its reviewers: the author cannot change it until they are done."""


# --- The workflow ---------------------------------------------------------------------------------


@transaction.atomic
def assicura_workflow(index_page):
    """Make sure the workflow "Revisione buone pratiche" exists with its two steps (the Referenti di
    zona of the practice's zones, then the Redattori regionali) and is assigned to `index_page`.

    Idempotent: it only creates what is missing, and it leaves alone an index page to which the
    editors assigned another workflow. Called when an index page is created (post_save in
    buonepratiche/signals.py), after every migrate for existing index pages, and before a submission."""
    workflow, _creato = Workflow.objects.get_or_create(name=NOME_WORKFLOW)
    referente, _creato = RevisioneReferenteTask.objects.get_or_create(name=NOME_TASK_REFERENTE)
    redazione, creato = GroupApprovalTask.objects.get_or_create(name=NOME_TASK_REDAZIONE)
    if creato:
        redazione.groups.add(Group.objects.get_or_create(name=roles.REDATTORI)[0])
    for ordine, task in enumerate((referente, redazione)):
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": ordine})
    if index_page is not None:
        WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


def notifica_referenti(*, task_state, inviata_da=None):
    """Email the Referenti di zona who review the practice, with a link to its page in the admin.
    Returns the number of emails queued (they leave through the task queue)."""
    pratica = task_state.revision.as_object()
    destinatari = [
        utente
        for utente in referenti_della_pratica(pratica, escluso=inviata_da)
        if utente.email and UserProfile.get_for_user(utente).submitted_notifications
    ]
    url = url_assoluto(reverse("wagtailadmin_pages:edit", args=[pratica.pk]))
    for utente in destinatari:
        contesto = {
            "destinatario": utente,
            "pratica": pratica,
            "zone": ", ".join(str(zona) for zona in pratica.zone.all()),
            "url": url,
            "inviata_da": inviata_da,
        }
        oggetto = oggetto_da_modello("buonepratiche/email/revisione_referente_oggetto.txt", contesto)
        testo = render_to_string("buonepratiche/email/revisione_referente.txt", contesto)
        send_mail(oggetto, testo, None, [utente.email])
    return len(destinatari)


# --- Drafts ---------------------------------------------------------------------------------------------


def _applica(pratica, dati, *, user):
    """Put the cleaned data of a step on the page object (in memory; the caller saves a revision).
    A promoter or partner not yet in the list of organisations is proposed for the editors' review."""
    for campo in CAMPI_TESTO:
        if campo in dati:
            setattr(pratica, campo, dati[campo] or "")
    for campo in CAMPI_DATA:
        if campo in dati:
            setattr(pratica, campo, dati[campo])
    for campo in CAMPI_RICCHI:
        if campo in dati:
            setattr(pratica, campo, pulisci_html(dati[campo]))
    for campo in CAMPI_M2M:
        if campo in dati:
            getattr(pratica, campo).set(list(dati[campo]))
    if "tags" in dati:
        pratica.tags.set(dati["tags"])
    if "soggetti" in dati:
        zone = list(pratica.zone.all())
        pratica.soggetti = [
            SoggettoCoinvolto(
                organizzazione=organizzazione_per_nome(
                    nome=voce["nome"], tipo=voce.get("tipo", ""), user=user, zone=zone
                ),
                ruolo=voce["ruolo"],
                sort_order=i,
            )
            for i, voce in enumerate(dati["soggetti"])
        ]
    if "indicatori" in dati:
        pratica.indicatori = [
            Indicatore(valore=voce["valore"], descrizione=voce["descrizione"], sort_order=i)
            for i, voce in enumerate(dati["indicatori"])
        ]


def bozza_di(pratica):
    """The practice as its latest revision has it (what the author is working on)."""
    return pratica.get_latest_revision_as_object()


def _verifica_modificabile(*, pratica, user):
    if not permissions.can_edit(user, pratica):
        raise PermissionDenied(_("Non puoi modificare questa buona pratica."))
    stato = pratica.current_workflow_state
    if stato is not None and stato.status == WorkflowState.STATUS_IN_PROGRESS:
        raise PraticaInRevisione


@transaction.atomic
def crea_proposta(*, user, indice, dati):
    """Step 1 of a new proposal: the page is created unpublished under the library, owned by `user`,
    with its first revision."""
    if not permissions.can_propose(user):
        raise PermissionDenied(_("Non puoi proporre buone pratiche."))
    if not isinstance(indice, BuonePraticheIndexPage):
        raise ValueError("indice deve essere la BuonePraticheIndexPage")
    pratica = BuonaPraticaPage(owner=user, live=False, has_unpublished_changes=True)
    _applica(pratica, dati, user=user)
    indice.add_child(instance=pratica)
    revisione = pratica.save_revision(user=user)
    log(instance=pratica, action="wagtail.create", user=user, revision=revisione, content_changed=True)
    logger.info("Buona pratica %s proposta da %s (bozza)", pratica.pk, user.pk)
    return pratica


@transaction.atomic
def salva_passo(*, pratica, user, dati, nuovo_allegato=None, titolo_allegato="", allegati_rimossi=()):
    """Save one step of the form as a new revision of the practice. A published practice stays as it
    is online: the changes live in the revision until the reviewers approve them.

    `nuovo_allegato` (an uploaded file) is checked again here, whoever calls; `allegati_rimossi`
    lists positions in the current list of attachments."""
    pratica = BuonaPraticaPage.objects.select_for_update().get(pk=pratica.pk)
    _verifica_modificabile(pratica=pratica, user=user)
    bozza = bozza_di(pratica)
    _applica(bozza, dati, user=user)
    if allegati_rimossi or nuovo_allegato is not None:
        allegati = [a for i, a in enumerate(bozza.allegati.all()) if i not in set(allegati_rimossi)]
        if nuovo_allegato is not None:
            documento = carica_documento(user=user, file=nuovo_allegato, titolo=titolo_allegato)
            allegati.append(Allegato(documento=documento, titolo=titolo_allegato))
        for i, allegato in enumerate(allegati):
            allegato.sort_order = i
        bozza.allegati = allegati
    bozza.save_revision(user=user, log_action=True)
    return bozza


def _collezione(nome):
    radice = Collection.get_first_root_node()
    collezione = radice.get_children().filter(name=nome).first()
    return collezione or radice.add_child(name=nome)


def collezione_allegati():
    return _collezione(NOME_COLLEZIONE)


def collezione_proposte():
    """Where a proposal's attachments wait for publication: only logged-in members may download them."""
    collezione = _collezione(NOME_COLLEZIONE_PROPOSTE)
    CollectionViewRestriction.objects.get_or_create(
        collection=collezione, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collezione


def rendi_pubblici_allegati(*, pratica):
    """On publication, the practice's attachments move from the members-only collection to the public one."""
    ids = [allegato.documento_id for allegato in pratica.allegati.all()]
    get_document_model().objects.filter(pk__in=ids, collection=collezione_proposte()).update(
        collection=collezione_allegati()
    )


@transaction.atomic
def carica_documento(*, user, file, titolo=""):
    """Store an accepted attachment as a Wagtail Document in the members-only collection of proposals."""
    if not permissions.can_propose(user):
        raise PermissionDenied
    verifica_allegato(file)
    Document = get_document_model()
    documento = Document(
        title=titolo or file.name.rsplit(".", 1)[0],
        file=file,
        collection=collezione_proposte(),
        uploaded_by_user=user,
    )
    documento._set_document_file_metadata()
    documento.save()
    return documento


# --- Submission -----------------------------------------------------------------------------------------


@transaction.atomic
def invia_proposta(*, pratica, user):
    """Send the practice (its latest revision) to review: start the workflow, or resume it when the
    reviewers had asked for changes. Raises ValidationError listing what is still missing."""
    pratica = BuonaPraticaPage.objects.select_for_update().get(pk=pratica.pk)
    _verifica_modificabile(pratica=pratica, user=user)
    bozza = bozza_di(pratica)
    mancanti = cosa_manca(bozza)
    if mancanti:
        raise ValidationError([str(etichetta) for _passo, etichetta in mancanti], code="incompleta")
    stato = pratica.current_workflow_state
    if stato is not None and stato.status == WorkflowState.STATUS_NEEDS_CHANGES:
        stato.resume(user=user)
        logger.info("Buona pratica %s inviata di nuovo in revisione da %s", pratica.pk, user.pk)
        return stato
    if pratica.live and not pratica.has_unpublished_changes:
        raise ValidationError(_("Non ci sono modifiche da inviare: la pratica pubblicata è già questa."))
    assicura_workflow(pratica.get_parent().specific)
    workflow = pratica.get_workflow()
    stato = workflow.start(pratica, user)
    logger.info("Buona pratica %s inviata in revisione da %s", pratica.pk, user.pk)
    return stato
