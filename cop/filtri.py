"""Filters read from a query string, declared once as a Django form: the library, the news, the events,
the search page and the read API use these fields, with the same names and values on the site and in
the API.

- On the site (the default) a bad value is dropped and listed in `ignorati`; the other values still
  apply and nothing is an error: a shared link with a stale filter still opens.
- In the API (`rigoroso=True`) a parameter given empty, repeated when it may not be, or with a bad value
  is an error too; `errore` is the first one, which the API answers with a 400.
- `parametri_openapi()` describes the same fields for the OpenAPI document.

    form = FiltriBibliotecaForm(request.GET, vocabolari=vocabolari())
    form.valori  # {"zona": [3, 7], "ordina": "titolo"}: only what was given, cleaned
    form.ignorati  # [Ignorato("anno", "19x", "«19x» non è un anno: ...")]
"""

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _

VERO = ("1", "true", "si", "sì", "on")
FALSO = ("0", "false", "no", "off")
ANNO_RE = re.compile(r"[0-9]{4}")
NUMERO_RE = re.compile(r"[0-9]+")
MESE_RE = re.compile(r"([0-9]{4})-([0-9]{2})")

SLUG = {"type": "string", "pattern": "^[-A-Za-z0-9_]+$"}


def breve(valore, n=40):
    return valore[:n]


@dataclass(frozen=True)
class Ignorato:
    """A parameter not taken: `valore` is None when the parameter itself is unknown or misused."""

    parametro: str
    valore: str | None
    messaggio: str


def avviso(ignorato):
    """The site's notice of a parameter it did not take (the library and the news listing)."""
    if ignorato.valore is None:
        return _("Il parametro «%(parametro)s» non è riconosciuto ed è stato ignorato.") % {
            "parametro": ignorato.parametro
        }
    return _("Il filtro «%(parametro)s=%(valore)s» non è valido ed è stato ignorato.") % {
        "parametro": ignorato.parametro,
        "valore": breve(ignorato.valore),
    }


# --- fields ------------------------------------------------------------------------------------------


class CampoFiltro(forms.Field):
    """A query-string parameter. `ripetibile`: it may be given more than once and its values are OR-ed
    (cleaned one by one, without repetitions); otherwise the last one counts (an error in the API)."""

    schema = {"type": "string"}

    def __init__(self, *, ripetibile=False, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.ripetibile = ripetibile

    def pulisci(self, valore):
        """The clean value of one non-empty string, or ValueError with the message for the user."""
        return valore

    def clean(self, value):
        try:
            return self.pulisci(value)
        except ValueError as errore:
            raise forms.ValidationError(str(errore)) from errore

    def schema_openapi(self):
        return dict(self.schema)


class VoceField(CampoFiltro):
    """A value of a vocabulary, by its slug or choice value. `voci` maps it to (clean value, label); a
    callable is called the first time a value is checked (one query at most, none when unused).
    `elenco` lists the values in the OpenAPI document (fixed lists); otherwise the schema is a slug."""

    def __init__(self, *, voci, elenco=None, **kwargs):
        super().__init__(**kwargs)
        self._voci = voci
        self.elenco = list(elenco) if elenco is not None else None

    @property
    def voci(self):
        if callable(self._voci):
            self._voci = self._voci()
        return self._voci

    @voci.setter
    def voci(self, voci):
        self._voci = voci

    def pulisci(self, valore):
        if valore not in self.voci:
            if self.elenco is not None:
                raise ValueError(
                    _("«%(valore)s» non è un valore ammesso: usa uno tra %(scelte)s.")
                    % {"valore": breve(valore), "scelte": ", ".join(self.elenco)}
                )
            raise ValueError(
                _("«%(valore)s» non è un valore noto del filtro «%(filtro)s»: le voci sono in /api/v1/vocabolari/.")
                % {"valore": breve(valore), "filtro": self.label}
            )
        return self.voci[valore][0]

    def etichetta(self, valore):
        return self.voci.get(valore, (valore, valore))[1]

    def schema_openapi(self):
        return {"type": "string", "enum": self.elenco} if self.elenco is not None else dict(SLUG)


def voci_di_scelte(scelte):
    """`voci` of a fixed list: Django `choices` pairs, or a {value: label} mapping."""
    coppie = scelte.items() if isinstance(scelte, dict) else scelte
    return {valore: (valore, etichetta) for valore, etichetta in coppie}


def voci_del_modello(modello, *, campo="pk"):
    """`voci` of a vocabulary model by slug (`Zona`, `Tema`, ...): `campo` of the object, None for the
    object itself, labelled with `str()`."""

    def carica():
        return {o.slug: (o if campo is None else getattr(o, campo), str(o)) for o in modello.objects.all()}

    return carica


class AnnoField(CampoFiltro):
    schema = {"type": "integer", "minimum": 1900, "maximum": 2100}

    def pulisci(self, valore):
        if not ANNO_RE.fullmatch(valore) or not 1900 <= int(valore) <= 2100:
            raise ValueError(
                _("«%(valore)s» non è un anno: scrivi quattro cifre, ad esempio 2024.") % {"valore": breve(valore)}
            )
        return int(valore)


class MeseField(CampoFiltro):
    """A month as «2026-12»: the first day of it (a `date`)."""

    schema = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}

    def pulisci(self, valore):
        trovato = MESE_RE.fullmatch(valore)
        if not trovato or not 1900 <= int(trovato[1]) <= 2100 or not 1 <= int(trovato[2]) <= 12:
            raise ValueError(
                _("«%(valore)s» non è un mese: scrivi anno e mese, ad esempio 2026-12.") % {"valore": breve(valore)}
            )
        return date(int(trovato[1]), int(trovato[2]), 1)


class SiNoField(CampoFiltro):
    """Yes or no, with the same spellings everywhere (`VERO`, `FALSO`)."""

    schema = {"type": "boolean"}

    def pulisci(self, valore):
        if valore.lower() in VERO:
            return True
        if valore.lower() in FALSO:
            return False
        raise ValueError(_("«%(valore)s» non è un valore ammesso: usa true o false.") % {"valore": breve(valore)})


class NumeroField(CampoFiltro):
    """A whole number from `minimo`; above `massimo` an error, or `massimo` itself with `limita`."""

    def __init__(self, *, minimo=0, massimo=None, limita=False, predefinito=None, **kwargs):
        super().__init__(**kwargs)
        self.minimo, self.massimo, self.limita, self.predefinito = minimo, massimo, limita, predefinito

    def pulisci(self, valore):
        if not NUMERO_RE.fullmatch(valore):
            raise ValueError(
                _("«%(valore)s» non è un numero intero maggiore o uguale a %(minimo)s.")
                % {"valore": breve(valore), "minimo": self.minimo}
            )
        cifre = valore.lstrip("0") or "0"
        numero = int(cifre) if len(cifre) <= 18 else 10**18  # no int() of a thousand digits
        if numero < self.minimo:
            raise ValueError(_("Il valore minimo è %(minimo)s.") % {"minimo": self.minimo})
        if self.massimo is not None and numero > self.massimo:
            if self.limita:
                return self.massimo
            raise ValueError(_("Il valore massimo è %(massimo)s.") % {"massimo": self.massimo})
        return numero

    def schema_openapi(self):
        schema = {"type": "integer", "minimum": self.minimo}
        if self.massimo is not None and not self.limita:
            schema["maximum"] = self.massimo
        if self.predefinito is not None:
            schema["default"] = self.predefinito
        return schema


# --- the form ----------------------------------------------------------------------------------------


class Filtri(forms.Form):
    """Base of the filter forms. `alias` maps another accepted name to a field ("pagina" -> "page");
    `NOMI` names the fields in the notice of the filters ignored (`nomi_ignorati`)."""

    alias = {}
    NOMI = {}

    def __init__(self, data=None, *, rigoroso=False, **kwargs):
        super().__init__(data, **kwargs)
        self.rigoroso = rigoroso

    def _ignora(self, parametro, valore, messaggio):
        self.ignorati.append(Ignorato(parametro, valore, messaggio))
        if parametro in self.fields:
            self._errors.setdefault(parametro, self.error_class()).append(messaggio)

    @property
    def scelti(self):
        """The valid values as written in the URL, by field name (a list each): for links back."""
        self.is_valid()
        return self._scelti

    def _grezzi(self, nome):
        grezzi = list(self.data.getlist(nome))
        for alias, campo in self.alias.items():
            if campo == nome:
                grezzi += self.data.getlist(alias)
        return [valore.strip() for valore in grezzi]

    def full_clean(self):
        self._errors = forms.utils.ErrorDict()
        self.cleaned_data = {}
        self.ignorati = []
        self._scelti = {}
        if not self.is_bound:  # a form shown with `initial`, nothing to read
            return
        self._sconosciuti()
        for nome, campo in self.fields.items():
            grezzi = self._ammessi(nome, campo, self._grezzi(nome))
            puliti, scelti = [], []
            for grezzo in grezzi:
                try:
                    valore = campo.clean(grezzo)
                except forms.ValidationError as errore:
                    self._ignora(nome, grezzo, errore.messages[0])
                    continue
                if valore not in puliti:
                    puliti.append(valore)
                    scelti.append(grezzo)
            if puliti:
                self.cleaned_data[nome] = puliti if campo.ripetibile else puliti[0]
                self._scelti[nome] = scelti

    def _sconosciuti(self):
        noti = set(self.fields) | {alias for alias, campo in self.alias.items() if campo in self.fields}
        for parametro in self.data:
            if parametro not in noti:
                self._ignora(
                    parametro[:40],
                    None,
                    _("Parametro sconosciuto: «%(nome)s». I parametri accettati sono: %(noti)s.")
                    % {"nome": parametro[:40], "noti": ", ".join(sorted(self.fields))},
                )

    def _ammessi(self, nome, campo, grezzi):
        """The values to clean: none when misused in the API (empty, or repeated when it may not be),
        the non-empty ones on the site (the last one for a field that is not repeatable)."""
        if self.rigoroso and "" in grezzi:
            self._ignora(nome, None, _("Il parametro «%(nome)s» è vuoto.") % {"nome": nome})
            return []
        if self.rigoroso and not campo.ripetibile and len(grezzi) > 1:
            self._ignora(nome, None, _("Il parametro «%(nome)s» può comparire una sola volta.") % {"nome": nome})
            return []
        grezzi = [valore for valore in grezzi if valore]
        return grezzi if campo.ripetibile else grezzi[-1:]

    def nomi_ignorati(self):
        """The names (`NOMI`) of the filters given with a value that is not valid (unknown parameters are
        left alone): the site says they were ignored."""
        return [str(self.NOMI[i.parametro]) for i in self.ignorati if i.valore is not None and i.parametro in self.NOMI]

    @property
    def valori(self):
        """What was given and is valid, cleaned, by field name (a list for repeatable fields)."""
        self.is_valid()
        return self.cleaned_data

    @property
    def errore(self):
        """The first parameter not taken (what the API answers with a 400), or None."""
        self.is_valid()
        return self.ignorati[0] if self.ignorati else None

    @classmethod
    def parametri_openapi(cls):
        """The fields as OpenAPI query parameters: description from the help text (or label)."""
        parametri = []
        for nome, campo in cls.base_fields.items():
            schema = campo.schema_openapi()
            parametro = {
                "name": nome,
                "in": "query",
                "required": False,
                "description": str(campo.help_text or campo.label or nome),
                "schema": {"type": "array", "items": schema} if campo.ripetibile else schema,
            }
            if campo.ripetibile:
                parametro.update(style="form", explode=True)
            parametri.append(parametro)
        return parametri


class FiltriElenco(Filtri):
    """A directory's filters (organisations, members): `FACCETTE` pairs each parameter with the keyword of
    the queryset's `filtra`; the chosen values, the query string back and the chips that remove each one."""

    FACCETTE = ()

    def criteri(self, *, tranne=None):
        return {criterio: self.valori[p] for p, criterio in self.FACCETTE if p != tranne and self.valori.get(p)}

    def querydict(self, **cambi):
        q = QueryDict(mutable=True)
        for parametro, scelti in self.scelti.items():
            if parametro != "page":
                q.setlist(parametro, cambi.get(parametro, scelti))
        return q

    @property
    def attivi(self):
        """The chosen filters, each with the query string that removes it (components/filtri_attivi.html)."""
        attivi = []
        for parametro, scelti in self.scelti.items():
            if parametro == "page":
                continue
            campo = self.fields[parametro]
            for valore in scelti:
                nome = campo.etichetta(valore) if isinstance(campo, VoceField) else valore
                rimuovi = self.querydict(**{parametro: [v for v in scelti if v != valore]})
                attivi.append({"etichetta": f"{campo.label}: {nome}", "rimuovi": rimuovi.urlencode()})
        return attivi
