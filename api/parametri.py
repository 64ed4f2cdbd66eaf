"""Query parameters of the read API: an endpoint's filters are the site's own filter form (the same
names and values, see `cop.filtri`), read strictly, plus the pagination and `fields`. The same form
describes them in the OpenAPI document and on `/api/`.

    Parametri = form_elenco(FiltriBibliotecaForm, PraticaSerializer)
    leggi(request.GET, Parametri)  # -> {"zona": [3], "limit": 10}, or ParametroNonValido (a 400)
"""

from functools import cache

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cop.filtri import CampoFiltro, Filtri, NumeroField, breve

from .errori import ParametroNonValido

LIMITE_PREDEFINITO = 20
LIMITE_MASSIMO = 100


def leggi(dati, form_class):
    """The clean values of the parameters present in `dati` (a QueryDict), by name. Anything not
    declared, repeated when it may not be, empty or malformed raises ParametroNonValido."""
    form = form_class(dati, rigoroso=True)
    errore = form.errore
    if errore is not None:
        raise ParametroNonValido(errore.messaggio, parametro=errore.parametro)
    return form.valori


class CampiField(CampoFiltro):
    """`fields`: some fields of a serializer, separated by commas."""

    def __init__(self, *, nomi, **kwargs):
        super().__init__(**kwargs)
        self.nomi = list(nomi)

    def pulisci(self, valore):
        campi = [campo.strip() for campo in valore.split(",") if campo.strip()]
        sconosciuti = [campo for campo in campi if campo not in self.nomi]
        if sconosciuti:
            raise ValueError(
                _("Campo sconosciuto: «%(campo)s». I campi sono: %(campi)s.")
                % {"campo": breve(sconosciuti[0]), "campi": ", ".join(self.nomi)}
            )
        return campi

    def schema_openapi(self):
        alternative = "|".join(self.nomi)
        return {"type": "string", "pattern": f"^({alternative})(,({alternative}))*$"}


class ParametriPaginazione(Filtri):
    """What every listing of the API accepts besides its filters."""

    limit = NumeroField(
        help_text=format_lazy(
            gettext_lazy("Quanti elementi restituire (da 0 a {massimo}; predefinito {predefinito})."),
            massimo=LIMITE_MASSIMO,
            predefinito=LIMITE_PREDEFINITO,
        ),
        minimo=0,
        massimo=LIMITE_MASSIMO,
        predefinito=LIMITE_PREDEFINITO,
    )
    offset = NumeroField(
        help_text=gettext_lazy("Quanti elementi saltare dall'inizio dell'elenco (predefinito 0)."),
        minimo=0,
        predefinito=0,
    )


def _campi(serializer_class):
    return CampiField(
        help_text=gettext_lazy("Solo questi campi di ogni elemento, separati da virgole (l'id c'è sempre)."),
        nomi=serializer_class().fields,
    )


@cache
def form_elenco(filtri, serializer_class):
    """The parameters of a listing: pagination, `fields` and the site's filter form `filtri`, whose
    page (`page`) is the API's `limit` and `offset` instead."""
    return type("ParametriElenco", (ParametriPaginazione, filtri), {"fields": _campi(serializer_class), "page": None})


@cache
def form_dettaglio(serializer_class):
    """The parameters of a detail: only `fields`."""
    return type("ParametriDettaglio", (Filtri,), {"fields": _campi(serializer_class)})
