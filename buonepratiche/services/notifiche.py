"""Who is told what about a practice, through the notifiche app: its followers when it is first
published, its author when it is adopted (the outcome of a review: notifiche/signals.py), the members
who saved it when it changes.

Called by the services and the signal wiring of this app, in the transaction of what they tell."""

from django.utils.translation import gettext as _

from cop.selectors import chi_segue
from notifiche import services as notifiche
from notifiche.tipi import Tipo

from ..models import BuonaPraticaPage, PraticaSalvata


def _chi_ha_salvato(pratica):
    return PraticaSalvata.objects.filter(pratica_id=pratica.pk).values_list("user_id", flat=True)


def pubblicata(*, pratica, prima_volta, da=None):
    """First publication: who follows one of its zones or themes; a later one: who saved it."""
    if pratica.get_view_restrictions().exists():
        return 0
    if prima_volta:
        return notifiche.notifica(
            destinatari=set(
                chi_segue(
                    zone=pratica.zone.values_list("pk", flat=True), temi=pratica.temi.values_list("pk", flat=True)
                )
            )
            - {pratica.owner_id},
            tipo=Tipo.NOVITA,
            titolo=_("Nuova buona pratica: «%(titolo)s»") % {"titolo": pratica.title},
            url=pratica.get_url(),
            testo=pratica.abstract,
            oggetto=pratica,
            attore=da,
        )
    return notifiche.notifica(
        destinatari=_chi_ha_salvato(pratica),
        tipo=Tipo.SALVATA,
        titolo=_("«%(titolo)s» è stata aggiornata: è online una nuova versione") % {"titolo": pratica.title},
        url=pratica.get_url(),
        oggetto=pratica,
        attore=da,
    )


def validata(*, pratica):
    pratica = BuonaPraticaPage.objects.get(pk=pratica.pk)
    return notifiche.notifica(
        destinatari=_chi_ha_salvato(pratica),
        tipo=Tipo.SALVATA,
        titolo=_("«%(titolo)s» è ora una buona pratica validata") % {"titolo": pratica.title},
        url=pratica.get_url(),
        oggetto=pratica,
    )


def adottata(*, adozione):
    pratica = adozione.pratica
    zona = adozione.zona_adottante
    attore = adozione.dichiarata_da
    indirizzo = pratica.get_url()
    url = f"{indirizzo}#adozioni" if indirizzo else ""
    numero = notifiche.notifica(
        destinatari=[pratica.owner_id],
        tipo=Tipo.ADOZIONE,
        titolo=_("La zona %(zona)s ha adottato la tua pratica «%(titolo)s»") % {"zona": zona, "titolo": pratica.title},
        url=url,
        testo=adozione.nota,
        oggetto=pratica,
        attore=attore,
    )
    return numero + notifiche.notifica(
        destinatari=set(_chi_ha_salvato(pratica)) - {pratica.owner_id},
        tipo=Tipo.SALVATA,
        titolo=_("«%(titolo)s» è stata adottata dalla zona %(zona)s") % {"zona": zona, "titolo": pratica.title},
        url=url,
        oggetto=pratica,
        attore=attore,
    )
