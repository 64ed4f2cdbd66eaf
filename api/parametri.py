"""Query parameters, declared once: the viewset reads and checks them with `leggi()`, the OpenAPI
document describes them with `schema_openapi()`. An endpoint lists its `Parametro`s; nothing else is
accepted.

    Parametro("zona", _("Zona-distretto (slug)..."), SLUG, slug_di(Zona), ripetibile=True)
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errori import ParametroNonValido

LIMITE_PREDEFINITO = 20
LIMITE_MASSIMO = 100
ANNO_RE = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Parametro:
    """One query parameter. `converti` takes the raw value (a list of them if `ripetibile`: repeat the
    parameter to give more values, which are OR-ed) and returns the clean value or raises ValueError
    with the message for the client."""

    nome: str
    descrizione: str
    schema: dict
    converti: Callable[[Any], Any]
    ripetibile: bool = False

    def schema_openapi(self):
        schema = {"type": "array", "items": self.schema} if self.ripetibile else self.schema
        parametro = {"name": self.nome, "in": "query", "required": False, "description": str(self.descrizione)}
        parametro["schema"] = schema
        if self.ripetibile:
            parametro.update(style="form", explode=True)
        return parametro


def leggi(dati, parametri):
    """The clean values of the parameters present in `dati` (a QueryDict), by name. Anything not
    declared, repeated when it may not be, empty or malformed raises ParametroNonValido."""
    per_nome = {p.nome: p for p in parametri}
    for nome in dati:
        if nome not in per_nome:
            raise ParametroNonValido(
                _("Parametro sconosciuto: «%(nome)s». I parametri accettati sono: %(noti)s.")
                % {"nome": nome[:40], "noti": ", ".join(sorted(per_nome))},
                parametro=nome[:40],
            )
    valori = {}
    for parametro in parametri:
        if parametro.nome not in dati:
            continue
        grezzi = [valore.strip() for valore in dati.getlist(parametro.nome)]
        if not parametro.ripetibile and len(grezzi) > 1:
            raise ParametroNonValido(
                _("Il parametro «%(nome)s» può comparire una sola volta.") % {"nome": parametro.nome},
                parametro=parametro.nome,
            )
        if any(valore == "" for valore in grezzi):
            raise ParametroNonValido(
                _("Il parametro «%(nome)s» è vuoto.") % {"nome": parametro.nome}, parametro=parametro.nome
            )
        try:
            valori[parametro.nome] = parametro.converti(grezzi if parametro.ripetibile else grezzi[0])
        except ValueError as errore:
            raise ParametroNonValido(str(errore), parametro=parametro.nome) from errore
    return valori


# --- converters --------------------------------------------------------------------------------------


def _breve(valore):
    return valore[:40]


def slug_di(modello, *, campo="pk"):
    """Slugs of a vocabulary model (`Zona`, `Tema`, ...), checked in one query. Gives `campo` of the
    objects (the objects themselves with campo=None): a list, in the order given and without
    repetitions, for a repeatable parameter, one value otherwise."""

    def converti(valori):
        lista = list(dict.fromkeys(valori if isinstance(valori, list) else [valori]))
        trovati = {oggetto.slug: oggetto for oggetto in modello.objects.filter(slug__in=lista)}
        for valore in lista:
            if valore not in trovati:
                raise ValueError(
                    _("«%(valore)s» non è un valore noto di %(vocabolario)s: vedi /api/v1/vocabolari/.")
                    % {"valore": _breve(valore), "vocabolario": modello._meta.verbose_name_plural}
                )
        risultato = [trovati[valore] if campo is None else getattr(trovati[valore], campo) for valore in lista]
        return risultato if isinstance(valori, list) else risultato[0]

    return converti


def una_di(scelte):
    """One or more values of a fixed list (`TextChoices` values, sort keys)."""

    def converti(valori):
        lista = valori if isinstance(valori, list) else [valori]
        for valore in lista:
            if valore not in scelte:
                raise ValueError(
                    _("«%(valore)s» non è un valore ammesso: usa uno tra %(scelte)s.")
                    % {"valore": _breve(valore), "scelte": ", ".join(scelte)}
                )
        return list(dict.fromkeys(lista)) if isinstance(valori, list) else valori

    return converti


def anno(valori):
    lista = valori if isinstance(valori, list) else [valori]
    anni = []
    for valore in lista:
        if not ANNO_RE.match(valore) or not 1900 <= int(valore) <= 2100:
            raise ValueError(
                _("«%(valore)s» non è un anno: scrivi quattro cifre, ad esempio 2024.") % {"valore": _breve(valore)}
            )
        anni.append(int(valore))
    return list(dict.fromkeys(anni)) if isinstance(valori, list) else anni[0]


VERO = ("true", "1")
FALSO = ("false", "0")


def booleano(valore):
    if valore.lower() in VERO:
        return True
    if valore.lower() in FALSO:
        return False
    raise ValueError(_("«%(valore)s» non è un valore ammesso: usa true o false.") % {"valore": _breve(valore)})


def intero_tra(minimo, massimo=None):
    def converti(valore):
        if not re.fullmatch(r"\d+", valore):
            raise ValueError(
                _("«%(valore)s» non è un numero intero maggiore o uguale a %(minimo)s.")
                % {"valore": _breve(valore), "minimo": minimo}
            )
        numero = int(valore)
        if numero < minimo:
            raise ValueError(_("Il valore minimo è %(minimo)s.") % {"minimo": minimo})
        if massimo is not None and numero > massimo:
            raise ValueError(_("Il valore massimo è %(massimo)s.") % {"massimo": massimo})
        return numero

    return converti


# --- JSON Schema of one value --------------------------------------------------------------------------

SLUG = {"type": "string", "pattern": "^[-A-Za-z0-9_]+$"}
ANNO = {"type": "integer", "minimum": 1900, "maximum": 2100}
BOOLEANO = {"type": "boolean"}


def enum(scelte):
    return {"type": "string", "enum": list(scelte)}


# --- the parameters every listing has ---------------------------------------------------------------------

PAGINAZIONE = (
    Parametro(
        "limit",
        format_lazy(
            gettext_lazy("Quanti elementi restituire (da 0 a {massimo}; predefinito {predefinito})."),
            massimo=LIMITE_MASSIMO,
            predefinito=LIMITE_PREDEFINITO,
        ),
        {"type": "integer", "minimum": 0, "maximum": LIMITE_MASSIMO, "default": LIMITE_PREDEFINITO},
        intero_tra(0, LIMITE_MASSIMO),
    ),
    Parametro(
        "offset",
        gettext_lazy("Quanti elementi saltare dall'inizio dell'elenco (predefinito 0)."),
        {"type": "integer", "minimum": 0, "default": 0},
        intero_tra(0),
    ),
)
