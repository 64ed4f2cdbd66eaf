"""Every write of the shared app that carries a rule: keyword-only, atomic, logged."""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import mail_managers, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log

from . import roles
from .indirizzo import url_assoluto
from .models import Organizzazione, Profilo, SegnalazioneAccessibilita, ValutazionePagina, normalizza_nome
from .selectors import organizzazioni_visibili

logger = logging.getLogger(__name__)


@transaction.atomic
def crea_profilo(
    *,
    user,
    ente="",
    ruolo_professionale="",
    zona=None,
    consenso_privacy=False,
    riepilogo_settimanale=False,
    zona_confermata=False,
):
    """`zona_confermata=True` is for code acting for the redazione (the demo, management commands):
    the zone is confirmed at once instead of waiting for an editor."""
    profilo, _created = Profilo.objects.get_or_create(user=user)
    profilo.ente = ente
    profilo.ruolo_professionale = ruolo_professionale
    profilo.riepilogo_settimanale = riepilogo_settimanale
    if consenso_privacy and profilo.consenso_privacy_il is None:
        profilo.consenso_privacy_il = timezone.now()
    profilo.save()
    if zona_confermata:
        conferma_zona(profilo=profilo, zona=zona, confermata_da=None)
    else:
        _dichiara_zona(profilo=profilo, zona=zona, user=user)
    if zona is not None:
        profilo.zone_seguite.add(zona)
    return profilo


def _dati_zona(zona):
    return {"id": zona.pk, "nome": zona.nome} if zona is not None else None


def _dichiara_zona(*, profilo, zona, user):
    """The member's own declaration of their zone: it grants nothing until an editor confirms it
    (`conferma_zona`); a zone confirmed before and now left stops granting anything. A referente's
    zone is set only by editors: their declaration does not change."""
    if profilo.zona_id == (zona.pk if zona else None):
        return
    if roles.is_referente(profilo.user):
        raise PermissionDenied(_("La zona di un referente di zona la imposta la redazione."))
    precedente = profilo.zona
    profilo.zona = zona
    if profilo.zona_confermata_id is not None and profilo.zona_confermata_id != profilo.zona_id:
        # The member says the confirmed zone is no longer theirs: it stops granting anything.
        profilo.zona_confermata = None
        profilo.zona_confermata_il = None
        profilo.zona_confermata_da = None
    profilo.save(update_fields=["zona", "zona_confermata", "zona_confermata_il", "zona_confermata_da", "aggiornato_il"])
    log(
        instance=profilo,
        action="cop.zona_dichiarata",
        user=user,
        data={"zona": _dati_zona(zona), "precedente": _dati_zona(precedente)},
    )
    logger.info("Utente %s ha dichiarato la zona %s", profilo.user_id, zona.pk if zona else None)


@transaction.atomic
def conferma_zona(*, profilo, zona, confermata_da):
    """An editor sets the zone that grants rights (review as Referente di zona, adoption for the
    zone): it becomes the declared zone too. Logged in the profile's history. `confermata_da=None`
    only for code acting for the redazione (the demo, management commands), never from a request."""
    if confermata_da is not None and not roles.is_redattore(confermata_da):
        raise PermissionDenied(_("Solo la redazione conferma la zona di un membro."))
    if profilo.zona_confermata_id == (zona.pk if zona else None) and profilo.zona_id == profilo.zona_confermata_id:
        return profilo
    precedente = profilo.zona_confermata
    profilo.zona = zona
    profilo.zona_confermata = zona
    profilo.zona_confermata_il = timezone.now()
    profilo.zona_confermata_da = confermata_da
    profilo.save()
    if zona is not None:
        profilo.zone_seguite.add(zona)
    log(
        instance=profilo,
        action="cop.zona_confermata",
        user=confermata_da,
        data={"zona": _dati_zona(zona), "precedente": _dati_zona(precedente)},
    )
    logger.info(
        "Zona %s confermata per l'utente %s da %s",
        zona.pk if zona else None,
        profilo.user_id,
        confermata_da.pk if confermata_da else None,
    )
    return profilo


@transaction.atomic
def attiva_operatore(*, user):
    """A verified sign-up becomes an Operatore."""
    group, _created = Group.objects.get_or_create(name=roles.OPERATORI)
    user.groups.add(group)
    user.__dict__.pop("_cop_group_names", None)  # cached by roles.group_names
    Profilo.objects.get_or_create(user=user)
    logger.info("Utente %s attivato come operatore", user.pk)


@transaction.atomic
def aggiorna_profilo(
    *,
    user,
    first_name,
    last_name,
    ente,
    ruolo_professionale,
    zona,
    zone_seguite,
    temi_seguiti,
    riepilogo_settimanale=None,
    organizzazione=None,
    visibilita=None,
    bio=None,
    avatar=None,
    rimuovi_avatar=False,
):
    """`riepilogo_settimanale`, `visibilita` and `bio` None (or "" for `visibilita`) leave the setting as it
    is. `organizzazione` is a declaration, as the zone before an editor confirms it: no right reads it.
    `avatar` is the photo already prepared by cop.avatar (None keeps the current one, unless
    `rimuovi_avatar`); the file it replaces is deleted from the storage once the change is committed."""
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    profilo, _created = Profilo.objects.get_or_create(user=user)
    profilo.ente = ente
    profilo.organizzazione = organizzazione
    profilo.ruolo_professionale = ruolo_professionale
    if riepilogo_settimanale is not None:
        profilo.riepilogo_settimanale = riepilogo_settimanale
    if visibilita:
        profilo.visibilita = visibilita
    if bio is not None:
        profilo.bio = bio.strip()
    if avatar is not None or rimuovi_avatar:
        _cancella_avatar_dopo(profilo.avatar.name)
        if avatar is not None:
            profilo.avatar.save(avatar.name, avatar, save=False)
        else:
            profilo.avatar = ""
    profilo.save()
    _dichiara_zona(profilo=profilo, zona=zona, user=user)
    profilo.zone_seguite.set(zone_seguite)
    profilo.temi_seguiti.set(temi_seguiti)
    return profilo


def _cancella_avatar_dopo(nome):
    """Delete the stored photo `nome` when the transaction commits (not if it rolls back)."""
    if not nome:
        return
    campo = Profilo._meta.get_field("avatar")
    transaction.on_commit(lambda: campo.storage.delete(nome))


@transaction.atomic
def invita_utente(*, user, invitato_da):
    """An account created by an editor in the admin: no password yet, its address unverified, and an
    email with a link to choose the password (allauth's password reset from key). Following the link
    proves the address (`verifica_email_con_invito`): one email, not an invitation and a verification."""
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    user.set_unusable_password()
    user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True, "verified": False})
    chiave = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    contesto = {
        "user": user,
        "invitato_da": invitato_da,
        "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + chiave,
        "giorni": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    oggetto = render_to_string("cop/email/invito_oggetto.txt", contesto).strip()
    send_mail(oggetto, render_to_string("cop/email/invito.txt", contesto), None, [user.email])
    logger.info("Utente %s invitato da %s", user.pk, invitato_da.pk if invitato_da else None)


def verifica_email_con_invito(*, user):
    """The person chose their password from the link emailed to their only address: that proves the
    address. With more than one address the link could have gone to any of them: nothing is marked."""
    from allauth.account.models import EmailAddress

    indirizzi = list(EmailAddress.objects.filter(user=user))
    if len(indirizzi) == 1 and not indirizzi[0].verified and indirizzi[0].email.lower() == user.email.lower():
        indirizzi[0].verified = True
        indirizzi[0].save(update_fields=["verified"])
        logger.info("Email dell'utente %s verificata con il link dell'invito", user.pk)


def esporta_dati_utente(*, user):
    """Everything the platform keeps about a person, as a JSON-ready dict (GDPR art. 15 and 20)."""
    from allauth.account.models import EmailAddress

    profilo = (
        Profilo.objects.filter(user=user)
        .select_related("zona", "zona_confermata", "organizzazione")
        .prefetch_related("zone_seguite", "temi_seguiti")
        .first()
    )
    dati = {
        "esportato_il": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "email": user.email,
            "nome": user.first_name,
            "cognome": user.last_name,
            "registrato_il": user.date_joined.isoformat(),
            "ultimo_accesso": user.last_login.isoformat() if user.last_login else None,
            "ruoli": sorted(group.name for group in user.groups.all()),
            "indirizzi_email": [
                {"email": address.email, "verificato": address.verified, "principale": address.primary}
                for address in EmailAddress.objects.filter(user=user)
            ],
        },
        "profilo": None,
        "segnalazioni_accessibilita": [
            {"inviata_il": s.creata_il.isoformat(), "pagina": s.url_pagina, "messaggio": s.messaggio}
            for s in SegnalazioneAccessibilita.objects.filter(user=user)
        ],
    }
    if profilo is not None:
        dati["profilo"] = {
            "organizzazione": profilo.organizzazione.nome if profilo.organizzazione else None,
            "ente": profilo.ente,
            "ruolo_professionale": profilo.get_ruolo_professionale_display(),
            "zona": profilo.zona.nome if profilo.zona else None,
            "zona_confermata": profilo.zona_confermata.nome if profilo.zona_confermata else None,
            "zone_seguite": [zona.nome for zona in profilo.zone_seguite.all()],
            "temi_seguiti": [tema.nome for tema in profilo.temi_seguiti.all()],
            "consenso_privacy_il": profilo.consenso_privacy_il.isoformat() if profilo.consenso_privacy_il else None,
            "riepilogo_settimanale": profilo.riepilogo_settimanale,
            "visibilita_del_profilo": profilo.get_visibilita_display(),
            "presentazione": profilo.bio,
            "foto": url_assoluto(profilo.url_avatar) if profilo.avatar else None,
            "riepiloghi_inviati": [
                {
                    "settimana": f"{r.anno}-W{r.settimana:02d}",
                    "inviato_il": r.inviato_il.isoformat(),
                    "novita": r.numero_voci,
                }
                for r in user.riepiloghi.order_by("inviato_il")
            ],
        }
    # The apps add what they keep about a user (practices, registrations, posts): `cop_dati_utente` hooks.
    for contributo in hooks.get_hooks("cop_dati_utente"):
        dati.update(contributo(user))
    return dati


@transaction.atomic
def imposta_riepilogo(*, user, attivo):
    """Turn the weekly digest on or off (profile form, or the signed link of the email, without login)."""
    profilo, _created = Profilo.objects.get_or_create(user=user)
    if profilo.riepilogo_settimanale != attivo:
        profilo.riepilogo_settimanale = attivo
        profilo.save(update_fields=["riepilogo_settimanale", "aggiornato_il"])
        logger.info("Utente %s: riepilogo settimanale %s", user.pk, "attivato" if attivo else "disattivato")
    return profilo


@transaction.atomic
def elimina_account(*, user):
    """Delete the account and its personal data. What the user wrote stays, signed "utente rimosso":
    every author foreign key in the project is `on_delete=SET_NULL`."""
    user_id = user.pk
    profilo = Profilo.objects.filter(user=user).only("avatar").first()
    if profilo is not None:
        _cancella_avatar_dopo(profilo.avatar.name)
    # The reports stay for the editors, without who sent them.
    SegnalazioneAccessibilita.objects.filter(user=user).update(nome="", email="", user=None)
    user.delete()
    logger.info("Account %s eliminato su richiesta dell'utente", user_id)


@transaction.atomic
def registra_segnalazione_accessibilita(*, pagina, user, nome, email, url_pagina, messaggio):
    segnalazione = SegnalazioneAccessibilita.objects.create(
        nome=nome,
        email=email,
        url_pagina=url_pagina,
        messaggio=messaggio,
        user=user if user.is_authenticated else None,
    )
    destinatari = [pagina.email_contatto] if pagina.email_contatto else []
    testo = render_to_string("cop/email/segnalazione_accessibilita.txt", {"segnalazione": segnalazione})
    oggetto = _("Nuova segnalazione di accessibilità")
    if destinatari:
        send_mail(oggetto, testo, settings.DEFAULT_FROM_EMAIL, destinatari)
    elif settings.MANAGERS:
        mail_managers(oggetto, testo)
    return segnalazione


def registra_valutazione(*, page, voto, motivo="", commento=""):
    return ValutazionePagina.objects.create(page=page, voto=voto, motivo=motivo, commento=commento)


# --- Organisations ------------------------------------------------------------------------------------


@transaction.atomic
def organizzazione_per_nome(*, nome, tipo="", user=None, pubblica=False, zone=()):
    """The organisation a member (or an import) names, created when it is new.

    A member sees the published organisations and those they proposed themselves: when the name is one of
    them, that one counts (the one of type `tipo` if two share the name), whatever type they chose. A new
    name needs a type and waits for an editor's review, unless `pubblica` (an editor's import, the demo).
    A new organisation belongs to `zone` (those of the practice that names it). ValueError when the name is
    new and no type is given."""
    nome = normalizza_nome(nome)
    omonime = (Organizzazione.objects.all() if pubblica else organizzazioni_visibili(user)).con_nome(nome)
    trovate = list(omonime.order_by("pk"))
    if trovate:
        return next((o for o in trovate if o.tipo == tipo), trovate[0])
    if not tipo:
        raise ValueError(
            _("«%(nome)s» non è ancora nell'elenco delle organizzazioni: scegline il tipo.") % {"nome": nome}
        )
    esistente = Organizzazione.objects.con_nome(nome).filter(tipo=tipo).first()
    if esistente is not None:  # proposed by someone else, still under review: the same body
        return esistente
    if pubblica:
        organizzazione = Organizzazione.objects.create(nome=nome, tipo=tipo, stato=Organizzazione.Stato.PUBBLICATA)
    else:
        organizzazione = _proponi_organizzazione(nome=nome, tipo=tipo, user=user)
    organizzazione.zone.set(zone)
    return organizzazione


def _proponi_organizzazione(*, nome, tipo, user):
    """A new organisation named by a member: it waits for an editor's review."""
    autore = user if user is not None and user.is_authenticated else None
    organizzazione = Organizzazione.objects.create(
        nome=nome, tipo=tipo, stato=Organizzazione.Stato.DA_REVISIONARE, proposta_da=autore
    )
    log(instance=organizzazione, action="cop.organizzazione_proposta", user=autore)
    logger.info("Organizzazione %s proposta dall'utente %s", organizzazione.pk, getattr(autore, "pk", None))
    return organizzazione
