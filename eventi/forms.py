from django import forms
from django.utils.translation import gettext_lazy as _

from cop.filtri import AnnoField, Filtri, MeseField, NumeroField, VoceField, voci_del_modello, voci_di_scelte
from cop.models import Tema, Zona

from .models import EventoPage


class FiltriEventiForm(Filtri):
    """The listing's filters and page: `/eventi/` (an invalid value is ignored with a notice, the others
    still apply) and `/api/v1/eventi/` (with `quando`). Unbound, with `anni`, it is the form shown above
    the listing: selects of every theme, zone and year that has events."""

    tipo = VoceField(
        label=_("Tipo"),
        help_text=_("Tipo di evento."),
        voci=voci_di_scelte(EventoPage.Tipo.choices),
        elenco=EventoPage.Tipo.values,
        widget=forms.Select,
    )
    tema = VoceField(
        label=_("Tema"),
        help_text=_("Tema: slug (vedi /api/v1/vocabolari/)."),
        voci=voci_del_modello(Tema, campo=None),
        widget=forms.Select,
    )
    zona = VoceField(
        label=_("Zona"),
        help_text=_("Zona-distretto: slug (vedi /api/v1/vocabolari/)."),
        voci=voci_del_modello(Zona, campo=None),
        widget=forms.Select,
    )
    anno = AnnoField(label=_("Anno"), help_text=_("Anno di inizio dell'evento."), widget=forms.Select)
    page = NumeroField(label=_("Pagina"), minimo=1)

    alias = {"pagina": "page"}  # the address of the listing's pages before the site's one vocabulary
    TUTTI = {"tipo": _("Tutti i tipi"), "tema": _("Tutti i temi"), "zona": _("Tutte le zone")}
    NOMI = {"tipo": _("tipo"), "tema": _("tema"), "zona": _("zona"), "anno": _("anno"), "page": _("pagina")}

    def __init__(self, data=None, *, anni=None, **kwargs):
        super().__init__(data, **kwargs)
        if anni is not None and not self.is_bound:
            del self.fields["page"]
            for campo in self.fields.values():
                campo.help_text = ""  # the help texts describe the API's parameters
            for nome, tutti in self.TUTTI.items():
                voci = self.fields[nome].voci
                self.fields[nome].widget.choices = [("", tutti)] + [(v, voce[1]) for v, voce in voci.items()]
            if "anno" not in self.fields:
                return
            # A valid year without events stays chosen in its select (the listing then says it is empty).
            scelto = str(self.initial.get("anno") or "")
            anni = [str(a) for a in anni] + ([scelto] if scelto and scelto not in map(str, anni) else [])
            self.fields["anno"].widget.choices = [("", _("Tutti gli anni"))] + [(a, a) for a in anni]

    def filtri(self):
        """The valid filters as keyword arguments of `EventoQuerySet.filtra`."""
        return {nome: valore for nome, valore in self.valori.items() if nome in self.TUTTI or nome == "anno"}

    @property
    def attivi(self):
        return bool(self.filtri())


class FiltriCalendarioForm(FiltriEventiForm):
    """The filters of the month view and the agenda (and of the feed they link to): kind, theme and zone
    as in the listing, the month shown (`mese=2026-12`) instead of the year; `page` pages the agenda of
    upcoming events. Unbound, with `anni`, the form shown above the calendar, the month as a hidden field
    (filtering keeps the month in view)."""

    anno = None
    mese = MeseField(label=_("Mese"), help_text=_("Mese, come 2026-12."), widget=forms.HiddenInput)

    NOMI = {**FiltriEventiForm.NOMI, "mese": _("mese")}

    def filtri(self):
        return {nome: valore for nome, valore in self.valori.items() if nome in self.TUTTI}


def anni_degli_eventi():
    """The years that have events, latest first (for the year filter)."""
    anni = EventoPage.objects.pubblicati().order_by().datetimes("inizio", "year", order="DESC")
    return [data.year for data in anni]


class CodicePresenzaForm(forms.Form):
    codice = forms.CharField(
        label=_("Codice di presenza"),
        max_length=20,
        help_text=_("Il codice mostrato durante la diretta."),
        error_messages={"required": _("Scrivi il codice mostrato durante la diretta.")},
    )
