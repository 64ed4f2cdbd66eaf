"""The weekly digest: one email per member with what is new in the zones and themes they follow and in
the working groups they belong to.

What is new comes from sources that the apps register in their wagtail_hooks.py, as for the home
page's sections, so `cop` does not import them:

    @hooks.register("cop_fonti_riepilogo")
    def fonti_riepilogo():
        return {"pratiche": novita_per_riepilogo}

A source takes `dal` and `adesso` (aware datetimes) and returns the `Voce` items that became public in
that interval, in a fixed number of queries whatever their number: the command asks each source once,
for the earliest start among the members, and matches the items to each member in memory.

`invia_riepiloghi` (run by `manage.py invia_riepilogo_settimanale`, weekly from cron) writes one
`RiepilogoInviato` per member per ISO week in the same transaction that enqueues the email: the unique
constraint stops a second digest in the same week, even from two runs at the same time. A member with
nothing new gets no email (and no record: a later run in the same week may still find something)."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from .indirizzo import url_assoluto
from .models import Profilo, RiepilogoInviato, Tema, Zona

logger = logging.getLogger(__name__)

# The sections of the email, in this order, each filled by the source registered under its name.
SEZIONI = (
    ("notifiche", gettext_lazy("Per te")),
    ("aggiornamenti", gettext_lazy("Aggiornamenti")),
    ("pratiche", gettext_lazy("Nuove buone pratiche")),
    ("eventi", gettext_lazy("Eventi in programma")),
    ("gruppi", gettext_lazy("Nei tuoi gruppi di lavoro")),
    ("discussioni", gettext_lazy("Nuove discussioni nel forum")),
)
# Without a previous digest, the last week; after a long pause, never more than four weeks.
PERIODO = timedelta(days=7)
PERIODO_MASSIMO = timedelta(days=28)
SALT_DISISCRIZIONE = "cop.riepilogo.disiscrizione"


def fonti():
    """{section: source} from every app's `cop_fonti_riepilogo` hook."""
    trovate = {}
    for hook in hooks.get_hooks("cop_fonti_riepilogo"):
        for nome, fonte in hook().items():
            if nome not in dict(SEZIONI):
                raise ValueError(f"Sezione del riepilogo sconosciuta: {nome}")
            trovate[nome] = fonte
    return trovate


@dataclass(frozen=True)
class Voce:
    """One new thing, as a source reports it."""

    titolo: str
    percorso: str  # path on the site ("/pratiche/slug/"), made absolute in the email
    data: datetime  # when it became public
    sommario: str = ""
    dettaglio: str = ""  # a short line: the kind of update, the date of an event, the forum category
    zone: frozenset = field(default_factory=frozenset)  # Zona primary keys
    temi: frozenset = field(default_factory=frozenset)  # Tema primary keys
    autore_id: int | None = None  # a member is not told about what they wrote themselves
    # The user ids this item is for alone (a working group's members): it reaches them whatever they
    # follow, and no one else. None: anyone who follows one of its zones or themes.
    per: frozenset | None = None

    def riguarda(self, user_id, zone, temi):
        if self.autore_id == user_id:
            return False
        if self.per is not None:
            return user_id in self.per
        return bool(self.zone & zone or self.temi & temi)


# --- Unsubscribe link ----------------------------------------------------------------------------------


def token_disiscrizione(user):
    return signing.dumps({"u": user.pk}, salt=SALT_DISISCRIZIONE)


def leggi_token_disiscrizione(token):
    """The user of a valid token; raises signing.BadSignature (tampered, malformed, unknown user)."""
    dati = signing.loads(token, salt=SALT_DISISCRIZIONE)
    try:
        return get_user_model().objects.get(pk=dati["u"])
    except (KeyError, TypeError, get_user_model().DoesNotExist) as exc:
        raise signing.BadSignature("utente inesistente") from exc


# --- Who gets a digest and what is in it ---------------------------------------------------------------


def settimana_iso(adesso):
    anno, settimana, _giorno = timezone.localtime(adesso).isocalendar()
    return anno, settimana


def destinatari(*, anno, settimana):
    """Profiles of active members with a verified email who want the digest and have not had this week's
    (three queries: the profiles with their users, followed zones, followed themes)."""
    email_verificata = EmailAddress.objects.filter(
        user_id=OuterRef("user_id"), verified=True, email__iexact=OuterRef("user__email")
    )
    gia_inviato = RiepilogoInviato.objects.filter(user_id=OuterRef("user_id"), anno=anno, settimana=settimana)
    ultimo_invio = RiepilogoInviato.objects.filter(user_id=OuterRef("user_id")).order_by("-inviato_il")
    return (
        Profilo.objects.filter(riepilogo_settimanale=True, user__is_active=True)
        .exclude(user__email="")
        .filter(Exists(email_verificata), ~Exists(gia_inviato))
        .annotate(ultimo_invio=Subquery(ultimo_invio.values("inviato_il")[:1]))
        .select_related("user")
        .prefetch_related(
            Prefetch("zone_seguite", queryset=Zona.objects.only("pk")),
            Prefetch("temi_seguiti", queryset=Tema.objects.only("pk")),
        )
        .order_by("pk")
    )


def inizio_per(profilo, adesso):
    """From when things are new for this member: their last digest, or a week ago; at most four weeks."""
    inizio = profilo.ultimo_invio or adesso - PERIODO
    return max(inizio, adesso - PERIODO_MASSIMO)


def senza_novita(user_ids):
    """Of `user_ids`, the members who chose not to read in the digest what is new in the zones and
    themes they follow (the notification preferences, through `cop_riepilogo_senza_novita` hooks)."""
    esclusi = set()
    for hook in hooks.get_hooks("cop_riepilogo_senza_novita"):
        esclusi |= set(hook(user_ids))
    return esclusi


def _seguiti(profilo):
    """(zone, themes) primary keys the member follows (prefetched by `destinatari`)."""
    return {zona.pk for zona in profilo.zone_seguite.all()}, {tema.pk for tema in profilo.temi_seguiti.all()}


def sezioni_per(profilo, novita, *, dal, senza_seguiti=False):
    """[(title, [Voce])] of the non-empty sections for this member: items after `dal` in a followed zone
    or theme (unless `senza_seguiti`), or meant for them alone (their groups, their notifications), not
    written by the member; an item in two sections (an open group's topic) only in the first."""
    zone, temi = (set(), set()) if senza_seguiti else _seguiti(profilo)
    sezioni, gia_dette = [], set()
    for nome, titolo in SEZIONI:
        voci = [
            voce
            for voce in novita.get(nome, [])
            if voce.data > dal and voce.percorso not in gia_dette and voce.riguarda(profilo.user_id, zone, temi)
        ]
        if voci:
            sezioni.append((str(titolo), voci))
            gia_dette.update(voce.percorso for voce in voci)
    return sezioni


def invia_riepiloghi(*, adesso=None):
    """Enqueue this week's digest for every member who has something new; return how many."""
    adesso = adesso or timezone.now()
    anno, settimana = settimana_iso(adesso)
    profili = list(destinatari(anno=anno, settimana=settimana))
    if not profili:
        return 0
    inizi = {profilo.pk: inizio_per(profilo, adesso) for profilo in profili}
    dal = min(inizi.values())
    novita = {nome: list(fonte(dal=dal, adesso=adesso)) for nome, fonte in fonti().items()}
    esclusi = senza_novita([profilo.user_id for profilo in profili])
    inviati = 0
    for profilo in profili:
        sezioni = sezioni_per(profilo, novita, dal=inizi[profilo.pk], senza_seguiti=profilo.user_id in esclusi)
        if not sezioni:
            continue
        try:
            with transaction.atomic():
                RiepilogoInviato.objects.create(
                    user=profilo.user,
                    anno=anno,
                    settimana=settimana,
                    inviato_il=adesso,
                    numero_voci=sum(len(voci) for _titolo, voci in sezioni),
                )
                _email(profilo.user, sezioni)
        except IntegrityError:
            continue  # another run sent this week's digest in the meantime
        inviati += 1
    logger.info("Riepilogo settimanale %s-W%02d: %s email accodate", anno, settimana, inviati)
    return inviati


# --- The email -----------------------------------------------------------------------------------------


def _email(user, sezioni):
    url_disiscrizione = url_assoluto(reverse("riepilogo_disiscrizione", kwargs={"token": token_disiscrizione(user)}))
    contesto = {
        "nome": user.first_name or user.username,
        "sezioni": [
            (titolo, [{"voce": voce, "url": url_assoluto(voce.percorso)} for voce in voci]) for titolo, voci in sezioni
        ],
        "url_sito": url_assoluto("/"),
        "url_profilo": url_assoluto(reverse("profilo_modifica")),
        "url_disiscrizione": url_disiscrizione,
    }
    messaggio = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Le novità della settimana"),
        body=render_to_string("cop/email/riepilogo.txt", contesto),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        # RFC 2369 and RFC 8058: mail clients show their own "unsubscribe" button, which POSTs here.
        headers={
            "List-Unsubscribe": f"<{url_disiscrizione}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    messaggio.attach_alternative(render_to_string("cop/email/riepilogo.html", contesto), "text/html")
    messaggio.send()
