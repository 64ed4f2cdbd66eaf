"""Every write of the shared app that carries a rule: keyword-only, atomic, logged."""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import mail_managers, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import roles
from .models import Profilo, SegnalazioneAccessibilita, ValutazionePagina

logger = logging.getLogger(__name__)


@transaction.atomic
def crea_profilo(
    *, user, ente="", ruolo_professionale="", zona=None, consenso_privacy=False, riepilogo_settimanale=False
):
    profilo, _created = Profilo.objects.get_or_create(user=user)
    profilo.ente = ente
    profilo.ruolo_professionale = ruolo_professionale
    profilo.zona = zona
    profilo.riepilogo_settimanale = riepilogo_settimanale
    if consenso_privacy and profilo.consenso_privacy_il is None:
        profilo.consenso_privacy_il = timezone.now()
    profilo.save()
    if zona is not None:
        profilo.zone_seguite.add(zona)
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
):
    """`riepilogo_settimanale=None` leaves the digest setting as it is."""
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    profilo, _created = Profilo.objects.get_or_create(user=user)
    profilo.ente = ente
    profilo.ruolo_professionale = ruolo_professionale
    profilo.zona = zona
    if riepilogo_settimanale is not None:
        profilo.riepilogo_settimanale = riepilogo_settimanale
    profilo.save()
    profilo.zone_seguite.set(zone_seguite)
    profilo.temi_seguiti.set(temi_seguiti)
    return profilo


def esporta_dati_utente(*, user):
    """Everything the platform keeps about a person, as a JSON-ready dict (GDPR art. 15 and 20)."""
    from allauth.account.models import EmailAddress

    profilo = (
        Profilo.objects.filter(user=user)
        .select_related("zona")
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
            "ente": profilo.ente,
            "ruolo_professionale": profilo.get_ruolo_professionale_display(),
            "zona": profilo.zona.nome if profilo.zona else None,
            "zone_seguite": [zona.nome for zona in profilo.zone_seguite.all()],
            "temi_seguiti": [tema.nome for tema in profilo.temi_seguiti.all()],
            "consenso_privacy_il": profilo.consenso_privacy_il.isoformat() if profilo.consenso_privacy_il else None,
            "riepilogo_settimanale": profilo.riepilogo_settimanale,
            "riepiloghi_inviati": [
                {
                    "settimana": f"{r.anno}-W{r.settimana:02d}",
                    "inviato_il": r.inviato_il.isoformat(),
                    "novita": r.numero_voci,
                }
                for r in user.riepiloghi.order_by("inviato_il")
            ],
        }
    for contributo in contributi_utente_registrati:
        dati.update(contributo(user))
    return dati


# Later apps add what they keep about a user (practices, registrations, posts) to the export.
contributi_utente_registrati = []


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
