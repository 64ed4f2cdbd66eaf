from django import forms
from django.utils.translation import gettext_lazy as _

from cop.models import Tema, Zona

from .models import EventoPage


class FiltriEventiForm(forms.Form):
    """The listing's filters, read from the URL. An invalid value is ignored (with a notice), the
    others still apply."""

    tipo = forms.ChoiceField(
        label=_("Tipo"), required=False, choices=[("", _("Tutti i tipi"))] + EventoPage.Tipo.choices
    )
    tema = forms.ModelChoiceField(
        label=_("Tema"),
        required=False,
        queryset=Tema.objects.all(),
        to_field_name="slug",
        empty_label=_("Tutti i temi"),
    )
    zona = forms.ModelChoiceField(
        label=_("Zona"),
        required=False,
        queryset=Zona.objects.all(),
        to_field_name="slug",
        empty_label=_("Tutte le zone"),
    )
    anno = forms.TypedChoiceField(label=_("Anno"), required=False, coerce=int, empty_value=None)

    NOMI = {"tipo": _("tipo"), "tema": _("tema"), "zona": _("zona"), "anno": _("anno")}

    def __init__(self, *args, anni=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anno"].choices = [("", _("Tutti gli anni"))] + [(str(anno), str(anno)) for anno in anni]

    def filtri(self):
        """The valid filters (all of them, if the form is valid) as keyword arguments."""
        self.is_valid()
        return {nome: self.cleaned_data.get(nome) for nome in self.fields if nome not in self.errors}

    def ignorati(self):
        return [str(self.NOMI[nome]) for nome in self.errors]

    @property
    def attivi(self):
        return any(self.data.get(nome) for nome in self.fields if nome not in self.errors)


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
