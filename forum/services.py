"""Every write of the forum: keyword-only arguments, one transaction, the permission check from
`forum.permissions`, a log line (and an `AzioneModerazione` row for moderation)."""

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .accesso import can_read_categoria
from .menzioni import nomi_menzionati, rendi_messaggio
from .models import (
    AzioneModerazione,
    Categoria,
    Discussione,
    ImpostazioniForum,
    Iscrizione,
    Lettura,
    Messaggio,
    Notifica,
    Reazione,
    Segnalazione,
    Sospensione,
    VersioneMessaggio,
)

logger = logging.getLogger(__name__)

SALT_DISISCRIZIONE = "forum.disiscrizione"


def _richiedi(consentito, messaggio=None):
    if not consentito:
        raise PermissionDenied(messaggio or _("Non hai i permessi per questa azione."))


# --- Anti-abuse -----------------------------------------------------------------------------


def _valida_testo(testo, impostazioni):
    if not (testo or "").strip():
        raise ValidationError(_("Il messaggio è vuoto: scrivi qualcosa prima di pubblicarlo."), code="vuoto")
    if len(testo) > impostazioni.max_caratteri:
        raise ValidationError(
            _("Il messaggio è troppo lungo: %(n)s caratteri, il massimo è %(max)s. Accorcialo e riprova.")
            % {"n": f"{len(testo):n}", "max": f"{impostazioni.max_caratteri:n}"},
            code="lungo",
        )


def _controlla_limiti(*, user, testo, nuova_discussione):
    """Discourse-like limits, configurable in "Impostazioni del forum". Moderators are exempt from
    the rate limits, not from the length and duplicate checks."""
    impostazioni = ImpostazioniForum.load()
    _valida_testo(testo, impostazioni)
    ultimo = Messaggio.objects.filter(autore=user).exclude(stato=Messaggio.Stato.RIMOSSO).order_by("-pk").first()
    if ultimo is not None and ultimo.testo.strip() == testo.strip():
        raise ValidationError(
            _(
                "Hai appena pubblicato questo stesso messaggio: "
                "scrivi qualcosa di diverso o modifica quello già inviato."
            ),
            code="duplicato",
        )
    if permissions.can_moderate(user):
        return
    adesso = timezone.now()
    nuovo = user.date_joined > adesso - timedelta(days=1)
    if nuova_discussione:
        attesa = impostazioni.secondi_tra_discussioni_nuovi if nuovo else impostazioni.secondi_tra_discussioni
        ultima = Discussione.objects.filter(autore=user).aggregate(m=Max("creata_il"))["m"]
        if ultima is not None and (mancano := attesa - int((adesso - ultima).total_seconds())) > 0:
            raise ValidationError(
                _("Hai aperto una discussione poco fa: attendi ancora %(s)s secondi prima di aprirne un'altra.")
                % {"s": mancano},
                code="frequenza",
            )
        if nuovo and Discussione.objects.filter(autore=user).count() >= impostazioni.max_discussioni_primo_giorno:
            raise ValidationError(
                _(
                    "Nel primo giorno di iscrizione si possono aprire al massimo %(n)s discussioni: "
                    "potrai aprirne altre domani."
                )
                % {"n": impostazioni.max_discussioni_primo_giorno},
                code="primo_giorno",
            )
    else:
        attesa = impostazioni.secondi_tra_messaggi_nuovi if nuovo else impostazioni.secondi_tra_messaggi
        if ultimo is not None and (mancano := attesa - int((adesso - ultimo.creato_il).total_seconds())) > 0:
            raise ValidationError(
                _("Hai scritto un messaggio poco fa: attendi ancora %(s)s secondi prima di pubblicarne un altro.")
                % {"s": mancano},
                code="frequenza",
            )
        if nuovo:
            risposte = Messaggio.objects.filter(autore=user).count() - Discussione.objects.filter(autore=user).count()
            if risposte >= impostazioni.max_risposte_primo_giorno:
                raise ValidationError(
                    _(
                        "Nel primo giorno di iscrizione si possono scrivere al massimo %(n)s risposte: "
                        "potrai scriverne altre domani."
                    )
                    % {"n": impostazioni.max_risposte_primo_giorno},
                    code="primo_giorno",
                )


# --- Counters --------------------------------------------------------------------------------


def _ricalcola_categoria(categoria):
    discussioni = Discussione.objects.filter(categoria=categoria)
    totali = discussioni.aggregate(n=Count("pk"), m=Sum("num_messaggi"))
    ultima = discussioni.order_by("-ultima_attivita", "-pk").first()
    categoria.num_discussioni = totali["n"]
    categoria.num_messaggi = totali["m"] or 0
    categoria.ultima_discussione = ultima
    categoria.ultima_attivita = ultima.ultima_attivita if ultima else None
    categoria.save(update_fields=["num_discussioni", "num_messaggi", "ultima_discussione", "ultima_attivita"])


def _ricalcola(discussione):
    """Counts and last activity of a topic and of its category (hidden posts do not count)."""
    pubblici = Messaggio.objects.filter(discussione=discussione).exclude(stato=Messaggio.Stato.NASCOSTO)
    ultimo = pubblici.order_by("-pk").values("pk", "creato_il", "autore_id").first()
    discussione.num_messaggi = pubblici.count()
    discussione.ultimo_messaggio_id_visibile = ultimo["pk"] if ultimo else 0
    discussione.ultima_attivita = ultimo["creato_il"] if ultimo else discussione.creata_il
    discussione.ultimo_autore_id = ultimo["autore_id"] if ultimo else None
    discussione.save(update_fields=["num_messaggi", "ultimo_messaggio_id_visibile", "ultima_attivita", "ultimo_autore"])
    _ricalcola_categoria(discussione.categoria)


# --- Writing --------------------------------------------------------------------------------


def _menzionabili(testo):
    nomi = nomi_menzionati(testo)
    if not nomi:
        return {}
    utenti = get_user_model().objects.filter(username__in=nomi, is_active=True)
    return {u.username: u for u in utenti}


def _accoda_notifiche(messaggio, menzionati):
    """One task row, in the post's transaction: the worker finds the followers and tells them
    (`diffondi_messaggio`), so a topic with a thousand followers does not slow its posts."""
    from .tasks import diffondi_messaggio

    # The followers are those of now, not of when the worker comes: the last subscription so far.
    ultima_iscrizione = Iscrizione.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    diffondi_messaggio.enqueue(messaggio.pk, sorted(u.pk for u in menzionati.values()), ultima_iscrizione)


def diffondi_messaggio(*, messaggio, menzioni, ultima_iscrizione):
    """Tell the followers of the topic (or of its category) and the members mentioned in `messaggio`:
    in the site, and by the forum's batched emails those who chose email for that kind. Returns the
    number of members told. A post hidden or removed before the worker came is told to no one."""
    from notifiche import services as notifiche
    from notifiche.tipi import Canale, Tipo

    if not messaggio.is_visibile:
        return 0
    discussione = messaggio.discussione
    # Who followed when the post was written (not who started following before the worker came).
    iscritti = set(
        Iscrizione.objects.filter(Q(discussione=discussione) | Q(categoria_id=discussione.categoria_id))
        .filter(pk__lte=ultima_iscrizione)
        .values_list("user_id", flat=True)
    )
    menzioni = set(menzioni)
    destinatari = (iscritti | menzioni) - {messaggio.autore_id}
    if not can_read_categoria(AnonymousUser(), discussione.categoria_id):
        # A working group's topic: only who may read it now (someone mentioned from outside, or who left).
        utenti = get_user_model().objects.filter(pk__in=destinatari)
        destinatari = {u.pk for u in utenti if can_read_categoria(u, discussione.categoria_id)}
    menzioni &= destinatari
    risposte = destinatari - menzioni
    canali = {**notifiche.canali(risposte, Tipo.RISPOSTA), **notifiche.canali(menzioni, Tipo.MENZIONE)}
    Notifica.objects.bulk_create(
        [
            Notifica(user_id=uid, messaggio=messaggio, discussione=discussione, menzione=uid in menzioni)
            for uid, canale in canali.items()
            if canale == Canale.EMAIL
        ],
        ignore_conflicts=True,
    )
    autore = messaggio.autore.nome_visualizzato
    estratto = " ".join(messaggio.testo.split())[:280]
    if menzioni:
        notifiche.crea(
            sorted(menzioni),
            notifiche.dati(
                tipo=Tipo.MENZIONE,
                titolo=_("%(autore)s ti ha menzionato in «%(titolo)s»")
                % {"autore": autore, "titolo": discussione.titolo},
                url=messaggio.get_absolute_url(),
                testo=estratto,
                oggetto=messaggio,
                attore=messaggio.autore_id,
                email=False,
            ),
        )
    if risposte:
        notifiche.crea(
            sorted(risposte),
            notifiche.dati(
                tipo=Tipo.RISPOSTA,
                titolo=_("%(autore)s ha scritto in «%(titolo)s»") % {"autore": autore, "titolo": discussione.titolo},
                url=messaggio.get_absolute_url(),
                testo=estratto,
                oggetto=messaggio,
                attore=messaggio.autore_id,
                email=False,
            ),
        )
    return len(destinatari)


def _scrivi(*, discussione, user, testo, cita=None):
    menzionati = _menzionabili(testo)
    if cita is not None and (cita.discussione_id != discussione.pk or not cita.is_visibile):
        cita = None
    messaggio = Messaggio.objects.create(
        discussione=discussione, autore=user, testo=testo, html=rendi_messaggio(testo, menzioni=menzionati), cita=cita
    )
    Iscrizione.objects.get_or_create(user=user, discussione=discussione)
    _accoda_notifiche(messaggio, menzionati)
    _ricalcola(discussione)
    Lettura.objects.update_or_create(user=user, discussione=discussione, defaults={"ultimo_letto": messaggio.pk})
    return messaggio


@transaction.atomic
def crea_discussione(*, categoria, user, titolo, testo, pagina=None):
    _richiedi(permissions.can_start_topic(user, categoria))
    titolo = (titolo or "").strip()
    if not titolo:
        raise ValidationError(_("Scrivi un titolo per la discussione."), code="titolo")
    if len(titolo) > 200:
        raise ValidationError(_("Il titolo è troppo lungo: al massimo 200 caratteri."), code="titolo")
    _controlla_limiti(user=user, testo=testo, nuova_discussione=True)
    discussione = Discussione.objects.create(categoria=categoria, titolo=titolo, autore=user, pagina=pagina)
    _scrivi(discussione=discussione, user=user, testo=testo)
    logger.info("Discussione %s aperta da %s", discussione.pk, user.pk)
    return discussione


@transaction.atomic
def rispondi(*, discussione, user, testo, cita=None):
    _richiedi(
        permissions.can_reply(user, discussione),
        _("La discussione è chiusa.") if discussione.chiusa and permissions.can_write(user) else None,
    )
    _controlla_limiti(user=user, testo=testo, nuova_discussione=False)
    messaggio = _scrivi(discussione=discussione, user=user, testo=testo, cita=cita)
    logger.info("Messaggio %s scritto da %s nella discussione %s", messaggio.pk, user.pk, discussione.pk)
    return messaggio


@transaction.atomic
def modifica_messaggio(*, messaggio, user, testo):
    _richiedi(permissions.can_edit(user, messaggio))
    _valida_testo(testo, ImpostazioniForum.load())
    if testo == messaggio.testo:
        return messaggio
    VersioneMessaggio.objects.create(
        messaggio=messaggio, testo=messaggio.testo, scritta_il=messaggio.modificato_il or messaggio.creato_il
    )
    messaggio.testo = testo
    messaggio.html = rendi_messaggio(testo, menzioni=_menzionabili(testo))
    messaggio.modificato_il = timezone.now()
    messaggio.save(update_fields=["testo", "html", "modificato_il"])
    logger.info("Messaggio %s modificato da %s", messaggio.pk, user.pk)
    return messaggio


@transaction.atomic
def elimina_messaggio(*, messaggio, user):
    """Soft delete by the author: the post reads "messaggio rimosso", the replies stay."""
    _richiedi(permissions.can_delete(user, messaggio))
    messaggio.stato = Messaggio.Stato.RIMOSSO
    messaggio.save(update_fields=["stato"])
    logger.info("Messaggio %s rimosso dall'autore %s", messaggio.pk, user.pk)
    return messaggio


@transaction.atomic
def imposta_utile(*, messaggio, user, utile):
    """Set (`utile=True`) or remove the member's "utile" on the post. Idempotent: a double submit of
    the same action leaves the same state, it never cancels the first one. Returns `utile`."""
    _richiedi(permissions.can_react(user, messaggio))
    if not utile:
        Reazione.objects.filter(messaggio=messaggio, user=user).delete()
        return False
    try:
        with transaction.atomic():
            Reazione.objects.get_or_create(messaggio=messaggio, user=user)
    except IntegrityError:  # two requests at once: the constraint keeps one
        pass
    return True


@transaction.atomic
def segnala(*, messaggio, user, motivo):
    _richiedi(permissions.can_report(user, messaggio))
    motivo = (motivo or "").strip()
    if not motivo:
        raise ValidationError(_("Spiega in breve perché segnali il messaggio."), code="motivo")
    segnalazione = Segnalazione.objects.create(messaggio=messaggio, autore=user, motivo=motivo[:2000])
    logger.info("Messaggio %s segnalato da %s", messaggio.pk, user.pk)
    return segnalazione


@transaction.atomic
def segna_letto(*, discussione, user, fino_a):
    if not user.is_authenticated or not fino_a:
        return
    aggiornate = Lettura.objects.filter(user=user, discussione=discussione, ultimo_letto__lt=fino_a).update(
        ultimo_letto=fino_a
    )
    if not aggiornate:
        Lettura.objects.get_or_create(user=user, discussione=discussione, defaults={"ultimo_letto": fino_a})


# --- Subscriptions --------------------------------------------------------------------------


@transaction.atomic
def segui(*, user, discussione=None, categoria=None, attiva=True):
    """Follow (or stop following) a topic or a category."""
    _richiedi(permissions.can_follow(user))
    filtro = {"discussione": discussione} if discussione is not None else {"categoria": categoria}
    if attiva:
        Iscrizione.objects.get_or_create(user=user, **filtro)
    else:
        Iscrizione.objects.filter(user=user, **filtro).delete()
    return attiva


def token_disiscrizione(*, user, discussione):
    return signing.dumps({"u": user.pk, "d": discussione.pk}, salt=SALT_DISISCRIZIONE, compress=True)


def leggi_token_disiscrizione(token):
    """(user, discussione) of a valid token; raises signing.BadSignature (tampered or malformed)."""
    dati = signing.loads(token, salt=SALT_DISISCRIZIONE)
    try:
        user = get_user_model().objects.get(pk=dati["u"])
        discussione = Discussione.objects.select_related("categoria").get(pk=dati["d"])
    except (KeyError, TypeError, get_user_model().DoesNotExist, Discussione.DoesNotExist) as exc:
        raise signing.BadSignature("oggetto inesistente") from exc
    return user, discussione


@transaction.atomic
def disiscrivi_con_token(*, token):
    """Without login: the signed token names the member and the topic. It stops the emails of that
    topic (the topic subscription and, if the emails came from following its category, that too)."""
    user, discussione = leggi_token_disiscrizione(token)
    Iscrizione.objects.filter(Q(discussione=discussione) | Q(categoria_id=discussione.categoria_id), user=user).delete()
    Notifica.objects.filter(user=user, discussione=discussione, inviata_il__isnull=True).delete()
    logger.info("Utente %s disiscritto dalla discussione %s con il link dell'email", user.pk, discussione.pk)
    return user, discussione


# --- "Discuti" for practice and event pages -------------------------------------------------


def _categoria_per_pagina(page):
    # A page is public: its topic goes in a category anyone may read, never in one of a group's.
    pubbliche = Categoria.objects.leggibili_da(AnonymousUser())
    impostazioni = ImpostazioniForum.load()
    if impostazioni.categoria_discuti_id and pubbliche.filter(pk=impostazioni.categoria_discuti_id).exists():
        return impostazioni.categoria_discuti
    categoria = pubbliche.order_by("ordine", "nome").first()
    if categoria is None:
        raise ValidationError(_("Il forum non ha ancora categorie: chiedi alla redazione di crearne una."))
    return categoria


@transaction.atomic
def discussione_per(*, oggetto_page, user):
    """The topic about a Wagtail page (a practice, an event): the existing one, or a new one opened
    by `user` with a first post linking the page."""
    esistente = Discussione.objects.filter(pagina=oggetto_page).first()
    if esistente is not None:
        return esistente
    _richiedi(permissions.can_open_discussion_for_page(user, oggetto_page))
    categoria = _categoria_per_pagina(oggetto_page)
    titolo = oggetto_page.title[:200]
    url = oggetto_page.full_url or oggetto_page.url or ""
    testo = _("Discussione su [%(titolo)s](%(url)s).") % {"titolo": titolo.replace("]", ""), "url": url}
    discussione = Discussione.objects.create(categoria=categoria, titolo=titolo, autore=user, pagina=oggetto_page)
    _scrivi(discussione=discussione, user=user, testo=testo)
    logger.info("Discussione %s aperta per la pagina %s da %s", discussione.pk, oggetto_page.pk, user.pk)
    return discussione


# --- Moderation -----------------------------------------------------------------------------


def _motivo(motivo):
    motivo = (motivo or "").strip()
    if not motivo:
        raise ValidationError(_("Indica il motivo: resta nel registro della moderazione."), code="motivo")
    return motivo


def _registra(*, tipo, moderatore, motivo, **oggetti):
    return AzioneModerazione.objects.create(tipo=tipo, moderatore=moderatore, motivo=motivo, **oggetti)


def _chiudi_segnalazioni(messaggio, moderatore):
    Segnalazione.objects.filter(messaggio=messaggio, gestita_il__isnull=True).update(
        gestita_il=timezone.now(), gestita_da=moderatore
    )


@transaction.atomic
def nascondi_messaggio(*, messaggio, moderatore, motivo):
    _richiedi(permissions.can_moderate_in(moderatore, messaggio.discussione.categoria_id))
    motivo = _motivo(motivo)
    messaggio.stato = Messaggio.Stato.NASCOSTO
    messaggio.save(update_fields=["stato"])
    _chiudi_segnalazioni(messaggio, moderatore)
    _ricalcola(messaggio.discussione)
    return _registra(
        tipo=AzioneModerazione.Tipo.NASCONDI,
        moderatore=moderatore,
        motivo=motivo,
        messaggio=messaggio,
        discussione=messaggio.discussione,
        utente=messaggio.autore,
    )


@transaction.atomic
def ripristina_messaggio(*, messaggio, moderatore, motivo):
    _richiedi(permissions.can_moderate_in(moderatore, messaggio.discussione.categoria_id))
    motivo = _motivo(motivo)
    messaggio.stato = Messaggio.Stato.VISIBILE
    messaggio.save(update_fields=["stato"])
    _ricalcola(messaggio.discussione)
    return _registra(
        tipo=AzioneModerazione.Tipo.RIPRISTINA,
        moderatore=moderatore,
        motivo=motivo,
        messaggio=messaggio,
        discussione=messaggio.discussione,
        utente=messaggio.autore,
    )


@transaction.atomic
def archivia_segnalazioni(*, messaggio, moderatore, motivo):
    """The reports on the post are handled without hiding it."""
    _richiedi(permissions.can_moderate(moderatore))
    motivo = _motivo(motivo)
    _chiudi_segnalazioni(messaggio, moderatore)
    return _registra(
        tipo=AzioneModerazione.Tipo.ARCHIVIA,
        moderatore=moderatore,
        motivo=motivo,
        messaggio=messaggio,
        discussione=messaggio.discussione,
    )


@transaction.atomic
def imposta_chiusura(*, discussione, moderatore, motivo, chiusa):
    _richiedi(permissions.can_moderate_in(moderatore, discussione.categoria_id))
    motivo = _motivo(motivo)
    discussione.chiusa = chiusa
    discussione.save(update_fields=["chiusa"])
    tipo = AzioneModerazione.Tipo.CHIUDI if chiusa else AzioneModerazione.Tipo.RIAPRI
    return _registra(tipo=tipo, moderatore=moderatore, motivo=motivo, discussione=discussione)


@transaction.atomic
def imposta_evidenza(*, discussione, moderatore, motivo, fissata):
    _richiedi(permissions.can_moderate_in(moderatore, discussione.categoria_id))
    motivo = _motivo(motivo)
    discussione.fissata = fissata
    discussione.save(update_fields=["fissata"])
    tipo = AzioneModerazione.Tipo.FISSA if fissata else AzioneModerazione.Tipo.SFISSA
    return _registra(tipo=tipo, moderatore=moderatore, motivo=motivo, discussione=discussione)


@transaction.atomic
def sposta_discussione(*, discussione, categoria, moderatore, motivo):
    _richiedi(permissions.can_moderate(moderatore))
    motivo = _motivo(motivo)
    precedente = discussione.categoria
    discussione.categoria = categoria
    discussione.save(update_fields=["categoria"])
    _ricalcola_categoria(precedente)
    _ricalcola_categoria(categoria)
    return _registra(
        tipo=AzioneModerazione.Tipo.SPOSTA,
        moderatore=moderatore,
        motivo=motivo,
        discussione=discussione,
        dettagli=f"{precedente} → {categoria}",
    )


@transaction.atomic
def sospendi(*, utente, moderatore, giorni, motivo):
    _richiedi(permissions.can_moderate(moderatore))
    motivo = _motivo(motivo)
    if utente.pk == moderatore.pk:
        raise ValidationError(_("Non puoi sospendere te stesso."))
    if not 1 <= int(giorni) <= 3650:
        raise ValidationError(_("La sospensione dura da 1 a 3650 giorni."))
    fino_al = timezone.now() + timedelta(days=int(giorni))
    Sospensione.objects.create(user=utente, fino_al=fino_al, motivo=motivo, decisa_da=moderatore)
    return _registra(
        tipo=AzioneModerazione.Tipo.SOSPENDI,
        moderatore=moderatore,
        motivo=motivo,
        utente=utente,
        dettagli=_("fino al %(data)s") % {"data": timezone.localtime(fino_al).strftime("%d/%m/%Y %H:%M")},
    )
