"""The API's errors: always JSON `{"errore": "<messaggio in italiano>", "parametro": <nome o null>}`."""

from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from wagtail.api.v2.utils import BadRequestError


class ParametroNonValido(BadRequestError):
    """A query parameter the endpoint does not accept (unknown, repeated, malformed, out of range)."""

    def __init__(self, messaggio, *, parametro=None):
        super().__init__(messaggio)
        self.messaggio = messaggio
        self.parametro = parametro


def corpo_errore(messaggio, parametro=None):
    return {"errore": str(messaggio), "parametro": parametro}


def errore_per_eccezione(exc):
    """(status, body) for the exceptions a view of the API may raise, None for the others."""
    from django.http import Http404

    if isinstance(exc, ParametroNonValido):
        return status.HTTP_400_BAD_REQUEST, corpo_errore(exc.messaggio, exc.parametro)
    if isinstance(exc, BadRequestError):
        return status.HTTP_400_BAD_REQUEST, corpo_errore(str(exc))
    if isinstance(exc, Http404 | exceptions.NotFound):
        return status.HTTP_404_NOT_FOUND, corpo_errore(_("Risorsa non trovata."))
    if isinstance(exc, exceptions.MethodNotAllowed):
        return exc.status_code, corpo_errore(_("L'API è in sola lettura: usa il metodo GET."))
    if isinstance(exc, exceptions.Throttled):
        return exc.status_code, corpo_errore(
            _("Troppe richieste: riprova tra %(secondi)s secondi.") % {"secondi": int(exc.wait or 1)}
        )
    if isinstance(exc, exceptions.NotAcceptable):
        return exc.status_code, corpo_errore(_("L'API risponde solo in JSON (application/json)."))
    if isinstance(exc, exceptions.APIException):
        return exc.status_code, corpo_errore(str(exc.detail))
    return None
