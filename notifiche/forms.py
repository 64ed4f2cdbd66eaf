from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from .tipi import Canale, Tipo


class FiltroNotifiche(forms.Form):
    """The parameters of /notifiche/: which ones (all, unread) and the page."""

    class Quali(models.TextChoices):
        TUTTE = "tutte", _("Tutte")
        DA_LEGGERE = "da-leggere", _("Da leggere")

    quali = forms.ChoiceField(label=_("Mostra"), choices=Quali.choices, required=False)

    def clean_quali(self):
        return self.cleaned_data.get("quali") or self.Quali.TUTTE


class PreferenzeForm(forms.Form):
    """One choice of channel per kind of notification."""

    def __init__(self, *args, preferenze, **kwargs):
        super().__init__(*args, **kwargs)
        for tipo, scelta in preferenze:
            self.fields[tipo.value] = forms.ChoiceField(
                label=tipo.label,
                choices=Canale.choices,
                initial=scelta.value,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Scegli come ricevere questo tipo di notifica."),
                    "invalid_choice": _("Scelta non valida: scegli una delle opzioni elencate."),
                },
            )

    def scelte(self):
        return {Tipo(nome): Canale(valore) for nome, valore in self.cleaned_data.items()}
