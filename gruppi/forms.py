from django import forms
from django.utils.translation import gettext_lazy as _


class RichiestaForm(forms.Form):
    messaggio = forms.CharField(
        label=_("Un messaggio per chi coordina (facoltativo)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Per esempio il tuo ruolo e perché vuoi partecipare. Al massimo 500 caratteri."),
    )


class InvitoForm(forms.Form):
    email = forms.EmailField(
        label=_("Indirizzo email di chi inviti"),
        help_text=_("Riceve un link valido 30 giorni; chi non è ancora registrato si registra con questo indirizzo."),
    )
