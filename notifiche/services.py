"""Every write of the notifications: telling members about something, reading, preferences.

`notifica` is called by the apps' services inside the transaction of what it tells about: a few
recipients get their rows at once; more than `SOGLIA_DIRETTA` (the followers of a zone, of a topic)
are handed to the task worker in one task row written in that same transaction, so a post read by
a thousand followers costs its author one insert, and no post means no notification."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from cop.indirizzo import url_assoluto
from cop.mail import oggetto_da_modello

from .models import Notifica, Preferenza
from .tipi import PREDEFINITI, Canale, Tipo

logger = logging.getLogger(__name__)

SOGLIA_DIRETTA = 20
TITOLO_MAX = 300


# --- Preferences ------------------------------------------------------------------------------------


def canali(user_ids, tipo):
    """{user id: Canale} for one kind (one query)."""
    scelte = dict(Preferenza.objects.filter(user_id__in=list(user_ids), tipo=tipo).values_list("user_id", "canale"))
    predefinito = PREDEFINITI[Tipo(tipo)]
    return {uid: scelte.get(uid, predefinito) for uid in user_ids}


def canale(user, tipo):
    return canali([user.pk], tipo)[user.pk]


def vuole_email(user, tipo):
    """Whether an email of this kind may be sent to `user` now: the paths that send their own emails
    (forum, events, groups) ask this."""
    return canale(user, tipo) == Canale.EMAIL


def preferenze_di(user):
    """[(Tipo, Canale)] for every kind, in the order of the kinds."""
    scelte = dict(Preferenza.objects.filter(user=user).values_list("tipo", "canale"))
    return [(tipo, Canale(scelte.get(tipo, PREDEFINITI[tipo]))) for tipo in Tipo]


@transaction.atomic
def salva_preferenze(*, user, scelte):
    """`scelte`: {Tipo: Canale}. Rows only where the choice differs from the default."""
    for tipo, scelta in scelte.items():
        if scelta == PREDEFINITI[Tipo(tipo)]:
            Preferenza.objects.filter(user=user, tipo=tipo).delete()
        else:
            Preferenza.objects.update_or_create(user=user, tipo=tipo, defaults={"canale": scelta})


# --- Telling ----------------------------------------------------------------------------------------


def dati(*, tipo, titolo, url="", testo="", oggetto=None, attore=None, email=True):
    """What a notification says, as the task queue can carry it."""
    return {
        "tipo": str(tipo),
        "titolo": str(titolo)[:TITOLO_MAX],
        "url": url or "",
        "testo": str(testo),
        "oggetto_tipo": ContentType.objects.get_for_model(oggetto, for_concrete_model=False).pk if oggetto else None,
        "oggetto_id": oggetto.pk if oggetto else None,
        "attore": getattr(attore, "pk", attore),
        "email": email,
    }


def notifica(*, destinatari, tipo, titolo, url="", testo="", oggetto=None, attore=None, email=True):
    """Tell `destinatari` (users or user ids) that something happened, in the caller's transaction.

    `email=False` where the caller sends its own email (and asks `vuole_email` first). The one who
    caused it (`attore`) is never told. Returns the number of recipients considered."""
    ids = {getattr(d, "pk", d) for d in destinatari}
    ids.discard(getattr(attore, "pk", attore))
    ids.discard(None)
    if not ids:
        return 0
    contenuto = dati(tipo=tipo, titolo=titolo, url=url, testo=testo, oggetto=oggetto, attore=attore, email=email)
    ids = sorted(ids)
    if len(ids) <= SOGLIA_DIRETTA:
        crea(ids, contenuto)
    else:
        from .tasks import diffondi

        diffondi.enqueue(ids, contenuto)
    return len(ids)


def crea(ids, contenuto, *, adesso=None):
    """The rows for active members who did not turn this kind off, and the emails of those who chose
    them (through the task queue, as every email). Returns the number of rows written."""
    adesso = adesso or timezone.now()
    utenti = {
        u.pk: u
        for u in get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .only("pk", "email", "first_name", "username")
    }
    scelte = canali(list(utenti), contenuto["tipo"])
    riceventi = [uid for uid, scelta in scelte.items() if scelta != Canale.NESSUNO]
    Notifica.objects.bulk_create(
        [
            Notifica(
                user_id=uid,
                tipo=contenuto["tipo"],
                titolo=contenuto["titolo"],
                testo=contenuto["testo"],
                url=contenuto["url"],
                attore_id=contenuto["attore"],
                oggetto_tipo_id=contenuto["oggetto_tipo"],
                oggetto_id=contenuto["oggetto_id"],
                creata_il=adesso,
            )
            for uid in riceventi
        ]
    )
    if contenuto["email"]:
        for uid in riceventi:
            if scelte[uid] == Canale.EMAIL and utenti[uid].email:
                _email(utenti[uid], contenuto)
    return len(riceventi)


def _email(user, contenuto):
    contesto = {
        "nome": user.first_name or user.username,
        "titolo": contenuto["titolo"],
        "testo": contenuto["testo"],
        "url": url_assoluto(contenuto["url"]) if contenuto["url"] else "",
        "url_preferenze": url_assoluto(reverse("notifiche:preferenze")),
    }
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + oggetto_da_modello("notifiche/email/notifica_oggetto.txt", contesto),
        render_to_string("notifiche/email/notifica.txt", contesto),
        None,
        [user.email],
    )


def esito_revisione(*, workflow_state, approvata, revisore=None):
    """The outcome of a review, to who submitted the content, with the reviewer's comment: approved
    links to the page online; sent back for changes links where its author edits it (the page's
    `url_per_autore`, the admin's editor otherwise)."""
    richiedente = workflow_state.requested_by
    oggetto = workflow_state.content_object
    if richiedente is None or not isinstance(oggetto, Page):  # only pages have workflows here
        return 0
    oggetto = oggetto.specific
    stato_compito = workflow_state.current_task_state
    commento = stato_compito.specific.get_comment() if stato_compito is not None else ""
    titolo_contenuto = str(oggetto)
    if approvata:
        titolo = _("«%(titolo)s» è stata approvata") % {"titolo": titolo_contenuto}
        url = oggetto.get_url() if getattr(oggetto, "live", False) else ""
    else:
        titolo = _("«%(titolo)s» ha bisogno di modifiche prima della pubblicazione") % {"titolo": titolo_contenuto}
        url = ""
    if not url:
        url = (
            oggetto.url_per_autore()
            if hasattr(oggetto, "url_per_autore")
            else reverse("wagtailadmin_pages:edit", args=[oggetto.pk])
        )
    # The email of this kind is Wagtail's own (notifiche/signals.py), sent to who chose email.
    return notifica(
        destinatari=[richiedente],
        tipo=Tipo.REVISIONE,
        titolo=titolo,
        url=url,
        testo=commento or "",
        attore=revisore,
        email=False,
    )


# --- Reading ----------------------------------------------------------------------------------------


def segna_letta(*, notifica, user):
    """Mark one of `user`'s own notifications as read."""
    if notifica.user_id != user.pk:
        raise PermissionDenied
    return Notifica.objects.filter(pk=notifica.pk, letta_il__isnull=True).update(letta_il=timezone.now())


def segna_tutte_lette(*, user):
    return Notifica.objects.di(user).non_lette().update(letta_il=timezone.now())
