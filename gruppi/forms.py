from django import forms
from django.utils.translation import gettext_lazy as _

from cop.models import Organizzazione

from .models import BisognoEmerso, Incontro


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


class IncontroForm(forms.ModelForm):
    class Meta:
        model = Incontro
        fields = ["titolo", "inizio", "luogo", "ordine_del_giorno", "verbale", "decisioni"]
        widgets = {
            "inizio": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ordine_del_giorno": forms.Textarea(attrs={"rows": 5}),
            "verbale": forms.Textarea(attrs={"rows": 10}),
            "decisioni": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "ordine_del_giorno": _(
                "Prima dell'incontro. Si può usare il Markdown: un elenco con «- » all'inizio delle righe."
            ),
            "verbale": _("Dopo l'incontro: chi c'era, che cosa si è detto."),
            "decisioni": _("Che cosa si è deciso, chi fa che cosa e entro quando."),
        }


class BisognoForm(forms.ModelForm):
    class Meta:
        model = BisognoEmerso
        fields = ["titolo", "descrizione", "tema", "destinatari", "organizzazione"]
        widgets = {"descrizione": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizzazione"].queryset = Organizzazione.objects.pubblicate().only("pk", "nome")
