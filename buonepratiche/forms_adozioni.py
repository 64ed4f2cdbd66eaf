"""The "L'abbiamo adottata" form of the practice page (the rules live in services/adozioni.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buonepratiche.services.adozioni import NOTA_MAX, pratiche_derivabili


class PraticaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class DichiarazioneAdozioneForm(forms.Form):
    pratica_derivata = PraticaChoiceField(
        label=_("La pratica della tua zona che ne deriva (facoltativo)"),
        queryset=None,
        required=False,
        empty_label=_("Nessuna / non ancora pubblicata"),
    )
    nota = forms.CharField(
        label=_("Come l'avete adattata (facoltativo)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTA_MAX,
        required=False,
        help_text=_("Non inserire dati delle persone seguite dai servizi."),
    )

    def __init__(self, *args, pratica, zona, **kwargs):
        kwargs.setdefault("prefix", "adozione")
        super().__init__(*args, **kwargs)
        self.pratica = pratica
        self.zona = zona
        self.fields["pratica_derivata"].queryset = pratiche_derivabili(zona=zona, escludi=pratica).only("pk", "title")
