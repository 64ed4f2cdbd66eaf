"""Reads of the proposal and review flow: the state of each of a user's proposals ("Le mie
pratiche"), the reviewers of a practice at the referente step, what is missing before submitting."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from cop import roles

from . import permissions
from .models import BuonaPraticaPage, RevisioneReferenteTask


class Stato:
    BOZZA = "bozza"
    REVISIONE_REFERENTE = "revisione-referente"
    REVISIONE_REDAZIONE = "revisione-redazione"
    MODIFICHE_RICHIESTE = "modifiche-richieste"
    PUBBLICATA = "pubblicata"
    PUBBLICATA_CON_BOZZA = "pubblicata-con-bozza"
    PUBBLICATA_IN_REVISIONE = "pubblicata-in-revisione"

    ETICHETTE = {
        BOZZA: _("Bozza"),
        REVISIONE_REFERENTE: _("In revisione dal referente di zona"),
        REVISIONE_REDAZIONE: _("In revisione dalla redazione regionale"),
        MODIFICHE_RICHIESTE: _("Modifiche richieste"),
        PUBBLICATA: _("Pubblicata"),
        PUBBLICATA_CON_BOZZA: _("Pubblicata, con modifiche non ancora inviate"),
        PUBBLICATA_IN_REVISIONE: _("Pubblicata, con modifiche in revisione"),
    }
    # Bootstrap Italia badge colour of each state.
    COLORI = {
        BOZZA: "secondary",
        REVISIONE_REFERENTE: "warning",
        REVISIONE_REDAZIONE: "warning",
        MODIFICHE_RICHIESTE: "danger",
        PUBBLICATA: "success",
        PUBBLICATA_CON_BOZZA: "success",
        PUBBLICATA_IN_REVISIONE: "success",
    }


@dataclass
class Proposta:
    pratica: BuonaPraticaPage
    stato: str
    commento: str = ""
    commento_di: str = ""
    commento_il: object = None

    @property
    def etichetta(self):
        return Stato.ETICHETTE[self.stato]

    @property
    def colore(self):
        return Stato.COLORI[self.stato]

    @property
    def in_revisione(self):
        return self.stato in (Stato.REVISIONE_REFERENTE, Stato.REVISIONE_REDAZIONE, Stato.PUBBLICATA_IN_REVISIONE)

    @property
    def modificabile(self):
        return not self.in_revisione


def stato_della_pratica(pratica, workflow_state=None):
    """The state of one practice for its author, given its active workflow state (or None)."""
    commento = {}
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        stato = Stato.MODIFICHE_RICHIESTE
        task_state = workflow_state.current_task_state
        if task_state is not None:
            commento = {
                "commento": task_state.comment,
                "commento_di": task_state.finished_by.nome_visualizzato if task_state.finished_by else "",
                "commento_il": task_state.finished_at,
            }
    elif workflow_state is not None:
        task_state = workflow_state.current_task_state
        referente_ct = ContentType.objects.get_for_model(RevisioneReferenteTask).pk
        if pratica.live:
            stato = Stato.PUBBLICATA_IN_REVISIONE
        elif task_state is not None and task_state.task.content_type_id == referente_ct:
            stato = Stato.REVISIONE_REFERENTE
        else:
            stato = Stato.REVISIONE_REDAZIONE
    elif pratica.live:
        stato = Stato.PUBBLICATA_CON_BOZZA if pratica.has_unpublished_changes else Stato.PUBBLICATA
    else:
        stato = Stato.BOZZA
    return Proposta(pratica=pratica, stato=stato, **commento)


def proposte_di(user):
    """Every practice `user` owns, newest work first, with its state: three queries whatever their number."""
    pratiche = list(
        BuonaPraticaPage.objects.filter(owner=user)
        .defer_streamfields()
        .only("id", "title", "draft_title", "live", "has_unpublished_changes", "url_path", "latest_revision_created_at")
        .order_by("-latest_revision_created_at", "-id")
    )
    stati = {}
    if pratiche:
        for stato in (
            WorkflowState.objects.active()
            .filter(
                base_content_type=ContentType.objects.get_for_model(Page),
                object_id__in=[str(p.pk) for p in pratiche],
            )
            .select_related("current_task_state__task", "current_task_state__finished_by")
        ):
            stati[int(stato.object_id)] = stato
    return [stato_della_pratica(pratica, stati.get(pratica.pk)) for pratica in pratiche]


def referenti_della_pratica(pratica, *, escluso=None):
    """The active Referenti di zona who review `pratica` (as in the object given, usually the revision under review)."""
    zone = [zona.pk for zona in pratica.zone.all()]
    candidati = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=roles.REFERENTI, profilo__zona_confermata__in=zone)
        .select_related("profilo")
        .prefetch_related("groups")
        .distinct()
    )
    if escluso is not None:
        candidati = candidati.exclude(pk=escluso.pk)
    return [utente for utente in candidati if permissions.can_review_as_referente(utente, pratica)]


def cosa_manca(pratica):
    """What must be filled in before the practice can be sent for review: (step number, label) pairs."""
    mancanti = []
    if not pratica.zone.all():
        mancanti.append((1, _("almeno un territorio")))
    if not pratica.temi.all():
        mancanti.append((1, _("almeno un tema")))
    if not (pratica.obiettivi or "").strip():
        mancanti.append((2, _("gli obiettivi")))
    if not (pratica.azioni or "").strip():
        mancanti.append((2, _("le azioni")))
    if not any(s.ruolo == s.Ruolo.PROMOTORE for s in pratica.soggetti.all()):
        mancanti.append((3, _("il promotore")))
    return mancanti


def pratiche_con_allegato(documento):
    """The practices whose latest revision lists `documento` among its attachments (as that revision
    has them: zones, owner). A proposal's attachments live only in its revisions until publication, and
    only its author adds them, so the author's practices are where to look."""
    candidati = BuonaPraticaPage.objects.filter(
        Q(owner_id=documento.uploaded_by_user_id) | Q(allegati__documento=documento)
    ).distinct()
    pratiche = []
    for pratica in candidati:
        bozza = pratica.get_latest_revision_as_object()
        if any(allegato.documento_id == documento.pk for allegato in bozza.allegati.all()):
            pratiche.append(bozza)
    return pratiche


def pratiche_della_zona_per_referente(user, zona, limite=10):
    """For the admin home of a Referente di zona: (practices waiting for their review, the zone's
    drafts not yet sent), each a list of pages, newest first."""
    da_revisionare = []
    for task in RevisioneReferenteTask.objects.filter(active=True):
        stati = task.get_task_states_user_can_moderate(user).select_related("workflow_state")
        da_revisionare += [stato.workflow_state.content_object for stato in stati.order_by("-started_at")]
    in_revisione = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=ContentType.objects.get_for_model(Page)
    ).values_list("object_id", flat=True)
    bozze = list(
        BuonaPraticaPage.objects.filter(zone=zona, live=False)
        .exclude(pk__in=[int(pk) for pk in in_revisione])
        .order_by("-latest_revision_created_at")[:limite]
    )
    return da_revisionare[:limite], bozze
