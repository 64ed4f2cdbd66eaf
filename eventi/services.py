"""Every write about events that carries a rule: keyword-only, atomic, permission-checked, logged.

Registration never overbooks: each join and cancellation locks the event's row (SELECT ... FOR UPDATE
on PostgreSQL; SQLite serialises writers), and a confirmed registration holds a numbered seat that
the database keeps unique per event (see `Iscrizione.Meta.constraints`)."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cop.indirizzo import url_pagina
from cop.selectors import chi_segue
from notifiche import services as notifiche
from notifiche.tipi import Tipo

from . import permissions
from .calendario import ics_evento
from .models import Attestato, EventoPage, Iscrizione, PromemoriaInviato

logger = logging.getLogger(__name__)

ANTICIPO_PROMEMORIA = timedelta(hours=24)


class OperazioneNonPossibile(Exception):
    """A request the rules refuse; `messaggio` says why, in Italian, for the person who asked."""

    def __init__(self, messaggio):
        super().__init__(messaggio)
        self.messaggio = messaggio


# --- registration -----------------------------------------------------------------------------


def _blocca(evento):
    """The event's row, locked until the end of the transaction (only the event's own table)."""
    return EventoPage.objects.select_for_update(of=("self",)).get(pk=evento.pk)


def _posto_libero(evento):
    """The lowest free seat, or None when the event is full."""
    presi = set(Iscrizione.objects.filter(evento=evento).confermate().values_list("posto", flat=True))
    limite = evento.posti if evento.posti is not None else len(presi) + 1
    return next((posto for posto in range(1, limite + 1) if posto not in presi), None)


@transaction.atomic
def partecipa(*, evento, user, adesso=None):
    """Join an event: a seat if there is one, otherwise the waiting list (if the event has one).

    Returns (iscrizione, creata). Joining twice changes nothing."""
    if not permissions.can_join(user, evento):
        raise PermissionDenied
    evento = _blocca(evento)
    esistente = Iscrizione.objects.filter(evento=evento, user=user).first()
    if esistente is not None and esistente.attiva:
        return esistente, False
    motivo = evento.iscrizioni_chiuse_perche(adesso)
    if motivo:
        raise OperazioneNonPossibile(motivo)

    iscrizione = esistente or Iscrizione(evento=evento, user=user)
    iscrizione.in_lista_dal = timezone.now()
    iscrizione.presente = False
    iscrizione.presenza_registrata_il = None
    posto = _posto_libero(evento)
    if posto is not None:
        iscrizione.stato, iscrizione.posto = Iscrizione.Stato.CONFERMATA, posto
    elif evento.lista_attesa:
        iscrizione.stato, iscrizione.posto = Iscrizione.Stato.IN_ATTESA, None
    else:
        raise OperazioneNonPossibile(_("I posti sono esauriti e questo evento non ha una lista d'attesa."))
    iscrizione.save()
    iscrizione.evento = evento
    if iscrizione.stato == Iscrizione.Stato.CONFERMATA:
        _email_conferma(iscrizione)
    else:
        _email_lista_attesa(iscrizione)
    logger.info("Iscrizione %s all'evento %s: %s", user.pk, evento.pk, iscrizione.stato)
    return iscrizione, True


@transaction.atomic
def annulla(*, evento, user, adesso=None):
    """Cancel one's registration. A freed seat goes to the first on the waiting list, who is emailed."""
    evento = _blocca(evento)
    iscrizione = Iscrizione.objects.filter(evento=evento, user=user).attive().first()
    if iscrizione is None:
        raise OperazioneNonPossibile(_("Non risulta un'iscrizione a nome tuo per questo evento."))
    if evento.e_concluso(adesso):
        raise OperazioneNonPossibile(_("L'evento si è concluso: l'iscrizione non si può più annullare."))
    era_confermata = iscrizione.stato == Iscrizione.Stato.CONFERMATA
    iscrizione.stato, iscrizione.posto = Iscrizione.Stato.ANNULLATA, None
    iscrizione.presente, iscrizione.presenza_registrata_il = False, None
    iscrizione.save()
    logger.info("Iscrizione %s all'evento %s annullata", user.pk, evento.pk)
    promossi = _promuovi(evento) if era_confermata else []
    return iscrizione, promossi


def _promuovi(evento):
    """Give every free seat to the waiting list, in order of arrival (the caller holds the lock)."""
    promossi = []
    for iscrizione in Iscrizione.objects.filter(evento=evento).in_attesa().select_related("user"):
        posto = _posto_libero(evento)
        if posto is None:
            break
        iscrizione.stato, iscrizione.posto = Iscrizione.Stato.CONFERMATA, posto
        iscrizione.save(update_fields=["stato", "posto", "aggiornata_il"])
        iscrizione.evento = evento
        _email_conferma(iscrizione, promossa=True)
        promossi.append(iscrizione)
    return promossi


@transaction.atomic
def aggiorna_lista_attesa(*, evento):
    """After an editor adds seats: the waiting list fills them (called when the page is published)."""
    evento = _blocca(evento)
    if evento.e_concluso():
        return []
    return _promuovi(evento)


# --- attendance and certificates ----------------------------------------------------------------


@transaction.atomic
def segna_presenza(*, iscrizione, editor, presente=True):
    if not permissions.can_manage_registrations(editor, iscrizione.evento):
        raise PermissionDenied
    iscrizione = Iscrizione.objects.select_for_update().get(pk=iscrizione.pk)
    if iscrizione.stato != Iscrizione.Stato.CONFERMATA:
        raise OperazioneNonPossibile(_("Solo chi ha un'iscrizione confermata può risultare presente."))
    iscrizione.presente = presente
    iscrizione.presenza_registrata_il = timezone.now() if presente else None
    iscrizione.save(update_fields=["presente", "presenza_registrata_il", "aggiornata_il"])
    logger.info(
        "Presenza di %s all'evento %s: %s (da %s)", iscrizione.user_id, iscrizione.evento_id, presente, editor.pk
    )
    return iscrizione


def _normalizza_codice(codice):
    return "".join(str(codice or "").split()).upper()


@transaction.atomic
def registra_presenza_con_codice(*, evento, user, codice, adesso=None):
    """An attendee enters the code shown during the live event: valid only during it, once."""
    adesso = adesso or timezone.now()
    iscrizione = (
        Iscrizione.objects.select_for_update()
        .filter(evento=evento, user=user, stato=Iscrizione.Stato.CONFERMATA)
        .first()
    )
    if iscrizione is None:
        raise OperazioneNonPossibile(_("Per registrare la presenza devi avere un'iscrizione confermata all'evento."))
    if not evento.e_in_corso(adesso):
        raise OperazioneNonPossibile(_("Il codice di presenza vale solo durante l'evento."))
    if iscrizione.presente:
        raise OperazioneNonPossibile(_("La tua presenza è già registrata."))
    if not secrets.compare_digest(_normalizza_codice(codice), _normalizza_codice(evento.codice_presenza)):
        raise OperazioneNonPossibile(_("Il codice non è corretto: controlla quello mostrato durante la diretta."))
    iscrizione.presente = True
    iscrizione.presenza_registrata_il = adesso
    iscrizione.save(update_fields=["presente", "presenza_registrata_il", "aggiornata_il"])
    return iscrizione


@transaction.atomic
def emetti_attestato(*, evento, user):
    """The attendee's certificate, issued once and numbered; the same one on every download."""
    iscrizione = Iscrizione.objects.filter(evento=evento, user=user).select_related("attestato").first()
    if iscrizione is None or not permissions.can_download_certificate(user, iscrizione):
        raise OperazioneNonPossibile(_("L'attestato è disponibile solo per chi risulta presente all'evento."))
    try:
        return iscrizione.attestato
    except Attestato.DoesNotExist:
        pass
    inizio = timezone.localtime(evento.inizio)
    attestato = Attestato.objects.create(
        iscrizione=iscrizione,
        numero=f"tmp-{secrets.token_hex(6)}",
        nome_partecipante=user.get_full_name() or user.email,
        titolo_evento=evento.title,
        data_evento=date_format(inizio, "j F Y").lower(),
        durata=str(evento.durata_leggibile),
    )
    attestato.numero = f"{inizio.year}-{attestato.pk:06d}"
    attestato.save(update_fields=["numero"])
    logger.info("Attestato %s emesso per %s", attestato.numero, user.pk)
    return attestato


# --- reminders ----------------------------------------------------------------------------------


def invia_promemoria(*, adesso=None):
    """Email every confirmed attendee of an event that starts within 24 hours, once.

    Returns the number of reminders sent. The record and the email are written in one transaction
    and the record's unique constraint stops a second one, even from two runs at the same time."""
    adesso = adesso or timezone.now()
    iscrizioni = (
        Iscrizione.objects.confermate()
        .filter(
            evento__live=True,
            evento__inizio__gt=adesso,
            evento__inizio__lte=adesso + ANTICIPO_PROMEMORIA,
        )
        .exclude(promemoria__tipo="24h")
        .select_related("evento", "user")
        .prefetch_related("evento__dirette")
    )
    inviati = 0
    for iscrizione in iscrizioni:
        try:
            with transaction.atomic():
                PromemoriaInviato.objects.create(iscrizione=iscrizione, tipo="24h")
                oggetto = _("Promemoria: «%(titolo)s» inizia domani")
                _avvisa(iscrizione, Tipo.PROMEMORIA, oggetto, "promemoria", con_ics=True)
        except IntegrityError:
            continue
        inviati += 1
    return inviati


# --- the user's data ----------------------------------------------------------------------------


def dati_utente(user):
    """What the platform keeps about a person's registrations, for the JSON export of the profile."""
    return {
        "iscrizioni_eventi": [
            {
                "evento": iscrizione.evento.title,
                "inizio": iscrizione.evento.inizio.isoformat(),
                "stato": iscrizione.get_stato_display(),
                "iscritto_il": iscrizione.in_lista_dal.isoformat(),
                "presente": iscrizione.presente,
                "attestato": getattr(getattr(iscrizione, "attestato", None), "numero", None),
            }
            for iscrizione in Iscrizione.objects.per_utente(user).select_related("attestato")
        ]
    }


# --- emails -------------------------------------------------------------------------------------


def _email(iscrizione, modello, oggetto, *, con_ics, **contesto):
    evento = iscrizione.evento
    contesto = {
        "iscrizione": iscrizione,
        "evento": evento,
        "url": url_pagina(evento),
        "nome": iscrizione.user.get_full_name() or iscrizione.user.email,
        **contesto,
    }
    messaggio = EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + oggetto % {"titolo": evento.title},
        body=render_to_string(f"eventi/email/{modello}.txt", contesto),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[iscrizione.user.email],
    )
    if con_ics:
        messaggio.attach(f"evento-{evento.pk}.ics", ics_evento(evento), "text/calendar")
    messaggio.send()


def _avvisa(iscrizione, tipo, oggetto, modello, *, con_ics, **contesto):
    """A notification in the site to the registered member and, if they chose email for this kind,
    the email (with the .ics when asked)."""
    evento = iscrizione.evento
    notifiche.notifica(
        destinatari=[iscrizione.user_id],
        tipo=tipo,
        titolo=oggetto % {"titolo": evento.title},
        url=evento.get_url(),
        oggetto=evento,
        email=False,
    )
    if notifiche.vuole_email(iscrizione.user, tipo):
        _email(iscrizione, modello, oggetto, con_ics=con_ics, **contesto)


def _email_conferma(iscrizione, *, promossa=False):
    oggetto = (
        _("Si è liberato un posto: iscrizione confermata a «%(titolo)s»")
        if promossa
        else _("Iscrizione confermata: «%(titolo)s»")
    )
    _avvisa(iscrizione, Tipo.ISCRIZIONE, oggetto, "conferma", con_ics=True, promossa=promossa)


def _email_lista_attesa(iscrizione):
    posizione = (
        Iscrizione.objects.filter(evento=iscrizione.evento)
        .in_attesa()
        .filter(in_lista_dal__lte=iscrizione.in_lista_dal)
        .count()
    )
    oggetto = _("Sei in lista d'attesa per «%(titolo)s»")
    _avvisa(iscrizione, Tipo.ISCRIZIONE, oggetto, "lista_attesa", con_ics=False, posizione=posizione)


def avvisa_pubblicazione(*, evento, prima_volta):
    """An event published for the first time: the members who follow one of its zones or themes."""
    if not prima_volta or evento.get_view_restrictions().exists():
        return 0
    return notifiche.notifica(
        destinatari=chi_segue(
            zone=evento.zone.values_list("pk", flat=True), temi=evento.temi.values_list("pk", flat=True)
        ),
        tipo=Tipo.NOVITA,
        titolo=_("Nuovo evento: «%(titolo)s», %(quando)s") % {"titolo": evento.title, "quando": evento.quando},
        url=evento.get_url(),
        testo=evento.intro,
        oggetto=evento,
    )


# --- the review workflow ------------------------------------------------------------------------

NOME_WORKFLOW = "Revisione eventi"
NOME_TASK = "Revisione della redazione regionale"
# Wagtail's own default workflow on the root page, created by its migrations in English.
WORKFLOW_PREDEFINITO = {"Moderators approval": "Approvazione dei moderatori"}


@transaction.atomic
def assicura_workflow(index_page):
    """Events go to the Redattori regionali (the same review step as the practices' last one), not to
    Wagtail's default "Moderators approval". Idempotent; an index page to which the editors assigned
    another workflow keeps it. Called when an events index is created and after every migrate."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from cop import roles

    for inglese, italiano in WORKFLOW_PREDEFINITO.items():
        Workflow.objects.filter(name=inglese).update(name=italiano)
        GroupApprovalTask.objects.filter(name=inglese).update(name=italiano)
    workflow, _creato = Workflow.objects.get_or_create(name=NOME_WORKFLOW)
    redazione, creato = GroupApprovalTask.objects.get_or_create(name=NOME_TASK)
    if creato:
        redazione.groups.add(Group.objects.get_or_create(name=roles.REDATTORI)[0])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=redazione, defaults={"sort_order": 0})
    if index_page is not None:
        WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow
