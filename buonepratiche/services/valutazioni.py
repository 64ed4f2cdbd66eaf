"""Evaluation on the criteria of the European Commission's Best Practice Portal and the
"Buona pratica validata" badge. See buonepratiche/services/__init__.py."""

import logging
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from buonepratiche import permissions
from buonepratiche.models import (
    BuonaPraticaPage,
    Criterio,
    ImpostazioniBuonePratiche,
    PunteggioCriterio,
    ValutazionePratica,
)
from buonepratiche.services import notifiche

logger = logging.getLogger(__name__)

PUNTEGGIO_MINIMO = 1
PUNTEGGIO_MASSIMO = 4
_CENTESIMI = Decimal("0.01")


def _media(valori):
    valori = [Decimal(valore) for valore in valori]
    return (sum(valori) / len(valori)).quantize(_CENTESIMI, rounding=ROUND_HALF_UP)


def controlla_punteggi(punteggi):
    """The scores as {criterio: int}, or ValidationError with one message per wrong criterion
    (keyed by the criterion, so a form can show each message next to its field)."""
    errori = {}
    puliti = {}
    for criterio in Criterio:
        valore = punteggi.get(criterio.value)
        if valore in (None, ""):
            errori[criterio.value] = _("Manca il punteggio per «%(criterio)s».") % {"criterio": criterio.label}
            continue
        try:
            numero = int(valore)
        except (TypeError, ValueError):
            numero = None
        if numero is None or str(numero) != str(valore).strip() or not PUNTEGGIO_MINIMO <= numero <= PUNTEGGIO_MASSIMO:
            errori[criterio.value] = _("Il punteggio per «%(criterio)s» deve essere un numero intero da 1 a 4.") % {
                "criterio": criterio.label
            }
            continue
        puliti[criterio.value] = numero
    sconosciuti = set(punteggi) - set(Criterio.values)
    if sconosciuti:
        errori["__all__"] = _("Criteri sconosciuti: %(criteri)s.") % {"criteri": ", ".join(sorted(sconosciuti))}
    if errori:
        raise ValidationError(errori)
    return puliti


@transaction.atomic
def valuta_pratica(*, pratica, valutatore, punteggi, note=None, nota_generale=""):
    """Record (or update) `valutatore`'s evaluation of `pratica`: a score 1-4 for every criterion
    of `Criterio`, an optional note each and a general note. Recomputes the evaluation's average
    and the practice's "validata" flag. Returns the ValutazionePratica."""
    if not permissions.can_evaluate(valutatore, pratica):
        raise PermissionDenied(_("Solo i redattori regionali possono valutare le buone pratiche."))
    puliti = controlla_punteggi(punteggi)
    note = note or {}

    valutazione, creata = ValutazionePratica.objects.select_for_update().get_or_create(
        pratica=pratica, valutatore=valutatore
    )
    valutazione.media = _media(puliti.values())
    valutazione.nota_generale = (nota_generale or "").strip()
    valutazione.save()
    valutazione.punteggi.all().delete()
    PunteggioCriterio.objects.bulk_create(
        PunteggioCriterio(
            valutazione=valutazione,
            criterio=criterio,
            punteggio=puliti[criterio],
            nota=(note.get(criterio) or "").strip(),
        )
        for criterio in Criterio.values
    )
    aggiorna_validata(pratica=pratica)
    logger.info(
        "Pratica %s %s da %s: media %s",
        pratica.pk,
        "valutata" if creata else "rivalutata",
        valutatore.pk,
        valutazione.media,
    )
    return valutazione


def soglia_attuale():
    return ImpostazioniBuonePratiche.load().soglia_validazione


def media_pratica(medie):
    """The practice's average: the mean of its evaluations' averages (None without evaluations)."""
    return _media(medie) if medie else None


def aggiorna_validata(*, pratica, soglia=None):
    """Set `pratica.validata` from its evaluations, with a queryset update: the flag is derived
    data, so no new page revision is created (and the page's `with_content_json` keeps it when an
    older revision is published)."""
    soglia = soglia_attuale() if soglia is None else Decimal(str(soglia))
    medie = list(ValutazionePratica.objects.filter(pratica_id=pratica.pk).values_list("media", flat=True))
    media = media_pratica(medie)
    validata = media is not None and media >= soglia
    # The first update matches only a practice that was not validated: then a True is news for who saved it.
    divenuta_validata = BuonaPraticaPage.objects.filter(pk=pratica.pk, validata=False).update(validata=validata)
    if not divenuta_validata:
        BuonaPraticaPage.objects.filter(pk=pratica.pk).update(validata=validata)
    elif validata:
        notifiche.validata(pratica=pratica)
    pratica.validata = validata
    return validata


@transaction.atomic
def ricalcola_validazioni(*, soglia=None):
    """Recompute the "validata" flag of every practice (after the threshold changed).
    Two UPDATE queries whatever the number of practices. Returns the number of validated ones."""
    soglia = soglia_attuale() if soglia is None else Decimal(str(soglia))
    medie = defaultdict(list)
    for pratica_id, media in ValutazionePratica.objects.values_list("pratica_id", "media"):
        medie[pratica_id].append(media)
    validate = [pratica_id for pratica_id, valori in medie.items() if media_pratica(valori) >= soglia]
    BuonaPraticaPage.objects.filter(validata=True).exclude(pk__in=validate).update(validata=False)
    BuonaPraticaPage.objects.filter(pk__in=validate, validata=False).update(validata=True)
    logger.info("Validazioni ricalcolate con soglia %s: %s pratiche validate", soglia, len(validate))
    return len(validate)
