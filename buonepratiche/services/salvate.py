"""«Salva» on a practice page and «Pratiche salvate» in the personal area."""

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from buonepratiche import permissions
from buonepratiche.models import PraticaSalvata

logger = logging.getLogger(__name__)


@transaction.atomic
def salva(*, pratica, user):
    """Keep `pratica` among `user`'s saved practices (saving it twice changes nothing)."""
    if not permissions.can_save(user, pratica):
        raise PermissionDenied(_("Puoi salvare solo pratiche pubblicate, dopo aver effettuato l'accesso."))
    salvata, creata = PraticaSalvata.objects.get_or_create(user=user, pratica=pratica)
    if creata:
        logger.info("Utente %s: pratica %s salvata", user.pk, pratica.pk)
    return salvata


@transaction.atomic
def rimuovi(*, pratica, user):
    """Take `pratica` out of `user`'s saved practices (also when it is no longer online)."""
    rimosse, _dettaglio = PraticaSalvata.objects.filter(user=user, pratica=pratica).delete()
    return rimosse
