"""Every write on working groups: keyword-only, atomic, checked in gruppi/permissions.py, logged."""

import logging
from datetime import timedelta
from pathlib import PurePath

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cop.indirizzo import url_assoluto
from cop.mail import oggetto_da_modello
from cop.models import slug_libero
from notifiche import services as notifiche
from notifiche.tipi import Tipo

from . import permissions
from .models import Appartenenza, BisognoEmerso, DocumentoGruppo, Incontro, Invito, VersioneDocumento

logger = logging.getLogger(__name__)

DURATA_INVITO = timedelta(days=30)


def _verifica(consentito, messaggio):
    if not consentito:
        raise PermissionDenied(messaggio)


def _scrivi(destinatari, modello, contesto):
    oggetto = oggetto_da_modello(f"gruppi/email/{modello}_oggetto.txt", contesto)
    testo = render_to_string(f"gruppi/email/{modello}.txt", contesto)
    for email in destinatari:
        send_mail(oggetto, testo, None, [email])


def _avvisa(utenti, modello, contesto, *, titolo, url, attore=None, oggetto=None):
    """A notification in the site to each of `utenti`, and the email to who chose email for the kind."""
    notifiche.notifica(
        destinatari=utenti, tipo=Tipo.GRUPPO, titolo=titolo, url=url, attore=attore, oggetto=oggetto, email=False
    )
    attore_id = getattr(attore, "pk", None)
    _scrivi(
        [u.email for u in utenti if u.email and u.pk != attore_id and notifiche.vuole_email(u, Tipo.GRUPPO)],
        modello,
        contesto,
    )


def _persona(user):
    return {"id": user.pk, "nome": user.nome_visualizzato}


def _nuova_appartenenza(*, gruppo, user, **campi):
    try:
        with transaction.atomic():
            return Appartenenza.objects.create(gruppo=gruppo, user=user, **campi)
    except IntegrityError as errore:  # two clicks at once: the first one counts
        raise ValidationError(_("Sei già nel gruppo o hai già chiesto di entrare.")) from errore


@transaction.atomic
def entra(*, gruppo, user):
    """One click in an open group."""
    _verifica(permissions.can_join(user, gruppo), _("Non puoi entrare in questo gruppo con un clic."))
    riga = _nuova_appartenenza(gruppo=gruppo, user=user)
    permissions.dimentica(user)
    log(instance=gruppo, action="gruppi.entrato", user=user, data={"persona": _persona(user)})
    return riga


@transaction.atomic
def richiedi(*, gruppo, user, messaggio=""):
    """Ask to join a group "su richiesta": its coordinators are told by email."""
    _verifica(permissions.can_request(user, gruppo), _("Non puoi chiedere di entrare in questo gruppo."))
    riga = _nuova_appartenenza(gruppo=gruppo, user=user, stato=Appartenenza.Stato.RICHIESTA, messaggio=messaggio)
    permissions.dimentica(user)
    log(instance=gruppo, action="gruppi.richiesta", user=user, data={"persona": _persona(user)})
    coordinatori = gruppo.appartenenze.attive().filter(ruolo=Appartenenza.Ruolo.COORDINATORE).select_related("user")
    contesto = {
        "gruppo": gruppo,
        "persona": user,
        "messaggio": messaggio,
        "url": url_assoluto(gruppo.get_absolute_url()),
    }
    _avvisa(
        [c.user for c in coordinatori],
        "richiesta",
        contesto,
        titolo=_("%(persona)s chiede di entrare nel gruppo «%(gruppo)s»")
        % {"persona": user.nome_visualizzato, "gruppo": gruppo.nome},
        url=reverse("gruppi:membri", args=[gruppo.slug]),
        attore=user,
    )
    return riga


@transaction.atomic
def accogli(*, appartenenza, da):
    gruppo = appartenenza.gruppo
    _verifica(permissions.can_manage(da, gruppo), _("Non puoi accogliere richieste in questo gruppo."))
    if appartenenza.stato != Appartenenza.Stato.RICHIESTA:
        raise ValidationError(_("Questa richiesta è già stata gestita."))
    appartenenza.stato = Appartenenza.Stato.ATTIVA
    appartenenza.creata_il = timezone.now()
    appartenenza.save(update_fields=["stato", "creata_il"])
    log(instance=gruppo, action="gruppi.accolto", user=da, data={"persona": _persona(appartenenza.user)})
    contesto = {"gruppo": gruppo, "url": url_assoluto(gruppo.get_absolute_url())}
    _avvisa(
        [appartenenza.user],
        "accolto",
        contesto,
        titolo=_("Sei entrato nel gruppo «%(gruppo)s»") % {"gruppo": gruppo.nome},
        url=gruppo.get_absolute_url(),
        attore=da,
    )
    return appartenenza


@transaction.atomic
def respingi(*, appartenenza, da):
    gruppo = appartenenza.gruppo
    _verifica(permissions.can_manage(da, gruppo), _("Non puoi gestire le richieste di questo gruppo."))
    if appartenenza.stato != Appartenenza.Stato.RICHIESTA:
        raise ValidationError(_("Questa richiesta è già stata gestita."))
    log(instance=gruppo, action="gruppi.respinto", user=da, data={"persona": _persona(appartenenza.user)})
    appartenenza.delete()


@transaction.atomic
def lascia(*, gruppo, user):
    """A member leaves (or withdraws a request): access ends at once."""
    riga = permissions.appartenenza(user, gruppo)
    _verifica(riga is not None, _("Non fai parte di questo gruppo."))
    riga.delete()
    permissions.dimentica(user)
    log(instance=gruppo, action="gruppi.uscito", user=user, data={"persona": _persona(user)})


@transaction.atomic
def rimuovi(*, appartenenza, da):
    gruppo = appartenenza.gruppo
    _verifica(permissions.can_manage(da, gruppo), _("Non puoi togliere persone da questo gruppo."))
    if appartenenza.user_id == da.pk:
        raise ValidationError(_("Per uscire dal gruppo usa «Esci dal gruppo»."))
    log(instance=gruppo, action="gruppi.rimosso", user=da, data={"persona": _persona(appartenenza.user)})
    appartenenza.delete()


@transaction.atomic
def cambia_ruolo(*, appartenenza, da, ruolo):
    """Appoint a coordinator, or make one a member again: editors, the zone's referente, the creator."""
    gruppo = appartenenza.gruppo
    _verifica(
        permissions.can_appoint(da, gruppo),
        _("Solo la redazione, il referente della zona e chi ha creato il gruppo nominano i coordinatori."),
    )
    if appartenenza.stato != Appartenenza.Stato.ATTIVA:
        raise ValidationError(_("Prima accogli la richiesta: poi puoi nominare la persona coordinatore."))
    appartenenza.ruolo = ruolo
    appartenenza.save(update_fields=["ruolo"])
    log(
        instance=gruppo,
        action="gruppi.ruolo",
        user=da,
        data={"persona": _persona(appartenenza.user), "ruolo": ruolo},
    )
    return appartenenza


@transaction.atomic
def invita(*, gruppo, email, da):
    """An invitation by email, valid 30 days: the link works for a member, and for someone who signs up
    with that address first."""
    _verifica(permissions.can_manage(da, gruppo), _("Non puoi invitare persone in questo gruppo."))
    email = email.strip().lower()
    if gruppo.appartenenze.attive().filter(user__email__iexact=email).exists():
        raise ValidationError(_("Chi usa questo indirizzo fa già parte del gruppo."))
    invito = Invito.objects.create(gruppo=gruppo, email=email, invitato_da=da, scade_il=timezone.now() + DURATA_INVITO)
    log(instance=gruppo, action="gruppi.invito", user=da, data={"email": email})
    contesto = {"gruppo": gruppo, "da": da, "url": url_assoluto(invito.get_absolute_url()), "scade_il": invito.scade_il}
    invitato = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
    if invitato is None:
        _scrivi([email], "invito", contesto)
    else:
        # A member: the invitation under the bell too, by email as they chose for this kind.
        _avvisa(
            [invitato],
            "invito",
            contesto,
            titolo=_("%(da)s ti invita nel gruppo «%(gruppo)s»") % {"da": da.nome_visualizzato, "gruppo": gruppo.nome},
            url=invito.get_absolute_url(),
            attore=da,
        )
    return invito


@transaction.atomic
def accetta_invito(*, invito, user):
    """The invited person joins (a pending request of theirs becomes membership)."""
    if not invito.valido:
        raise ValidationError(
            _("Questo invito è scaduto o è già stato usato: chiedine uno nuovo a chi coordina il gruppo.")
        )
    if (user.email or "").lower() != invito.email:
        raise ValidationError(
            _("Questo invito è per l'indirizzo %(email)s: accedi con quell'account per accettarlo.")
            % {"email": invito.email}
        )
    _verifica(permissions.is_membro_della_comunita(user), _("Conferma prima il tuo indirizzo email."))
    gruppo = invito.gruppo
    riga, _creata = Appartenenza.objects.get_or_create(gruppo=gruppo, user=user)
    if riga.stato != Appartenenza.Stato.ATTIVA:
        riga.stato = Appartenenza.Stato.ATTIVA
        riga.save(update_fields=["stato"])
    invito.accettato_il, invito.accettato_da = timezone.now(), user
    invito.save(update_fields=["accettato_il", "accettato_da"])
    permissions.dimentica(user)
    log(instance=gruppo, action="gruppi.invito_accettato", user=user, data={"persona": _persona(user)})
    return riga


@transaction.atomic
def assicura_discussioni(*, gruppo):
    """The group's own forum category (created once): its discussions, read and written as the group's
    access says (gruppi.selectors.categorie_riservate)."""
    from forum.models import Categoria

    if gruppo.categoria_id is not None:
        return gruppo.categoria
    categoria = Categoria.objects.create(
        nome=gruppo.nome[:120],
        slug=slug_libero(Categoria, f"gruppo-{gruppo.slug}"),
        descrizione=_("Le discussioni del gruppo di lavoro «%(gruppo)s».") % {"gruppo": gruppo.nome},
        zona=gruppo.zona,
        ordine=100,
    )
    gruppo.categoria = categoria
    gruppo.save(update_fields=["categoria"])
    return categoria


@transaction.atomic
def salva_incontro(*, gruppo, da, dati, incontro=None):
    """A new meeting of the group, or the same one with its agenda, minutes and decisions written."""
    _verifica(permissions.can_manage(da, gruppo), _("Solo chi coordina il gruppo scrive i suoi incontri."))
    nuovo = incontro is None
    if nuovo:
        incontro = Incontro(gruppo=gruppo, creato_da=da)
    for campo, valore in dati.items():
        setattr(incontro, campo, valore)
    incontro.full_clean()
    incontro.save()
    log(instance=gruppo, action="gruppi.incontro", user=da, data={"incontro": incontro.titolo, "nuovo": nuovo})
    return incontro


@transaction.atomic
def aggiungi_bisogno(*, incontro, da, dati):
    """A need that emerged at the meeting."""
    _verifica(permissions.can_manage(da, incontro.gruppo), _("Solo chi coordina il gruppo registra i bisogni emersi."))
    bisogno = BisognoEmerso(incontro=incontro, **dati)
    bisogno.full_clean()
    bisogno.save()
    log(instance=incontro.gruppo, action="gruppi.bisogno", user=da, data={"bisogno": bisogno.titolo})
    return bisogno


@transaction.atomic
def carica_documento(*, gruppo, da, file, titolo="", documento=None):
    """A new document of the group, or a new version of `documento` (the old versions stay). The file was
    checked by the form (buonepratiche.allegati.verifica_allegato, as practice attachments)."""
    _verifica(permissions.can_use_documents(da, gruppo), _("Solo i membri del gruppo caricano i suoi documenti."))
    adesso = timezone.now()
    if documento is None:
        documento = DocumentoGruppo.objects.create(gruppo=gruppo, titolo=titolo, creato_il=adesso, aggiornato_il=adesso)
        numero = 1
    else:
        documento = DocumentoGruppo.objects.select_for_update().get(pk=documento.pk, gruppo=gruppo)
        numero = (documento.versioni.aggregate(n=Max("numero"))["n"] or 0) + 1
        documento.aggiornato_il = adesso
        documento.save(update_fields=["aggiornato_il"])
    nome = PurePath(file.name).name
    versione = VersioneDocumento(
        documento=documento, numero=numero, nome_file=nome, dimensione=file.size, caricata_da=da, caricata_il=adesso
    )
    versione.file.save(nome, file, save=False)
    versione.save()
    log(instance=gruppo, action="gruppi.documento", user=da, data={"documento": documento.titolo, "versione": numero})
    return versione
