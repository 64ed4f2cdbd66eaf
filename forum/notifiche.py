"""Batched email notifications: at most one email per topic per hour per member.

`Notifica` rows are queued in the transaction that writes the post; `invia_notifiche` (run by the
task `invia_notifiche_forum` after each post and by `manage.py invia_notifiche_forum` from cron)
sends, for each member and topic, one email with every pending post, unless that member already
had an email for that topic in the last hour: those rows wait for the next run. Idempotent: rows
are marked sent in the same transaction that enqueues the email."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.indirizzo import url_assoluto

from .accesso import can_read_categoria
from .models import Messaggio, Notifica
from .services import token_disiscrizione

logger = logging.getLogger(__name__)

INTERVALLO = timedelta(hours=1)


def invia_notifiche(*, adesso=None):
    """Send what is due; return the number of emails enqueued."""
    adesso = adesso or timezone.now()
    coppie = (
        Notifica.objects.filter(inviata_il__isnull=True).values_list("user_id", "discussione_id").distinct().order_by()
    )
    inviate = 0
    for user_id, discussione_id in list(coppie):
        with transaction.atomic():
            ultimo_invio = Notifica.objects.filter(
                user_id=user_id, discussione_id=discussione_id, inviata_il__isnull=False
            ).aggregate(m=Max("inviata_il"))["m"]
            if ultimo_invio is not None and adesso - ultimo_invio < INTERVALLO:
                continue
            righe = list(
                Notifica.objects.select_for_update(of=("self",))
                .filter(user_id=user_id, discussione_id=discussione_id, inviata_il__isnull=True)
                .select_related("user", "discussione", "messaggio", "messaggio__autore")
                .order_by("messaggio_id")
            )
            if not righe:
                continue
            Notifica.objects.filter(pk__in=[r.pk for r in righe]).update(inviata_il=adesso)
            user = righe[0].user
            discussione = righe[0].discussione
            messaggi = [r.messaggio for r in righe if r.messaggio.stato == Messaggio.Stato.VISIBILE]
            # Who left a working group no longer reads its discussions: nothing of them by email either.
            leggibile = can_read_categoria(user, discussione.categoria_id)
            if not messaggi or not user.is_active or not user.email or not leggibile:
                continue
            contesto = {
                "user": user,
                "discussione": discussione,
                "messaggi": messaggi,
                "menzione": any(r.menzione for r in righe),
                "url_discussione": url_assoluto(messaggi[0].get_absolute_url()),
                "url_disiscrizione": url_assoluto(
                    reverse(
                        "forum:disiscrizione",
                        kwargs={"token": token_disiscrizione(user=user, discussione=discussione)},
                    )
                ),
            }
            send_mail(
                _("Nuovi messaggi in «%(titolo)s»") % {"titolo": discussione.titolo},
                render_to_string("forum/email/notifica.txt", contesto),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            inviate += 1
    logger.info("Notifiche del forum: %s email accodate", inviate)
    return inviate
