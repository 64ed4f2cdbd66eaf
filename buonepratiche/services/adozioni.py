"""Services of "L'abbiamo adottata": a zone declares it replicated a practice of another territory.
See buonepratiche/services/__init__.py."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from buonepratiche import permissions
from buonepratiche.models import Adozione, BuonaPraticaPage
from buonepratiche.services import notifiche

logger = logging.getLogger(__name__)

NOTA_MAX = 2000


class AdozioneGiaDichiarata(ValidationError):
    """The zone already declared it adopted this practice (one declaration per zone)."""

    def __init__(self, adozione):
        self.adozione = adozione
        super().__init__(
            _("La zona %(zona)s ha già dichiarato di aver adottato questa pratica il %(data)s.")
            % {
                "zona": adozione.zona_adottante,
                "data": formats.date_format(timezone.localtime(adozione.creata_il), "j F Y"),
            },
            code="gia_dichiarata",
        )


def pratiche_derivabili(*, zona, escludi=None):
    """The live practices of `zona` that a declaration may name as derived from another practice."""
    pratiche = BuonaPraticaPage.objects.live().filter(zone=zona).order_by("title")
    if escludi is not None:
        pratiche = pratiche.exclude(pk=escludi.pk)
    return pratiche


def motivo_rifiuto(user, pratica):
    """Why `user` may not declare an adoption of `pratica`, in words for them (None if they may)."""
    if permissions.can_declare_adoption(user, pratica):
        return None
    if not user.is_authenticated:
        return _("Accedi per dichiarare che la tua zona ha adottato questa pratica.")
    profilo = getattr(user, "profilo", None)
    if profilo is None or profilo.zona_id is None:
        return _("Indica la tua zona-distretto nel profilo per dichiarare che l'avete adottata.")
    if profilo.zona_confermata_id is None:
        return _(
            "La tua zona-distretto è in attesa di conferma da parte della redazione: potrai dichiarare "
            "l'adozione quando sarà confermata."
        )
    if not pratica.live:
        return _("Si può dichiarare l'adozione solo di una pratica pubblicata.")
    if pratica.zone.filter(pk=profilo.zona_confermata_id).exists():
        return _("Questa pratica è già della tua zona: l'adozione si dichiara per le pratiche di altri territori.")
    return _("Non puoi dichiarare l'adozione di questa pratica.")


@transaction.atomic
def dichiara_adozione(*, pratica, user, pratica_derivata=None, nota=""):
    """Record that the confirmed zone of `user`'s profile adopted `pratica`, optionally naming the derived
    practice of that zone. One declaration per zone: a second one raises AdozioneGiaDichiarata."""
    motivo = motivo_rifiuto(user, pratica)
    if motivo is not None:
        raise PermissionDenied(motivo)
    zona = user.profilo.zona_confermata
    nota = (nota or "").strip()
    if len(nota) > NOTA_MAX:
        raise ValidationError({"nota": _("La nota può contenere al massimo %(max)s caratteri.") % {"max": NOTA_MAX}})
    if (
        pratica_derivata is not None
        and not pratiche_derivabili(zona=zona, escludi=pratica).filter(pk=pratica_derivata.pk).exists()
    ):
        raise ValidationError(
            {"pratica_derivata": _("La pratica derivata deve essere una pratica pubblicata della tua zona.")}
        )

    esistente = Adozione.objects.filter(pratica=pratica, zona_adottante=zona).select_related("zona_adottante").first()
    if esistente is not None:
        raise AdozioneGiaDichiarata(esistente)
    try:
        with transaction.atomic():
            adozione = Adozione.objects.create(
                pratica=pratica, zona_adottante=zona, pratica_derivata=pratica_derivata, dichiarata_da=user, nota=nota
            )
    except IntegrityError:
        # Two members of the same zone declared at the same moment: the other one was first.
        raise AdozioneGiaDichiarata(
            Adozione.objects.select_related("zona_adottante").get(pratica=pratica, zona_adottante=zona)
        ) from None
    notifiche.adottata(adozione=adozione)
    logger.info("Pratica %s adottata dalla zona %s (utente %s)", pratica.pk, zona.pk, user.pk)
    return adozione
