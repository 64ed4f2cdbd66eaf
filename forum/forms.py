from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Categoria

MESSAGGIO_AIUTO = _(
    "Puoi usare Markdown: **grassetto**, *corsivo*, elenchi, > citazioni, [testo](https://indirizzo). "
    "Scrivi @nomeutente per menzionare una persona."
)
ERRORE_HONEYPOT = _("Il modulo non è stato inviato correttamente: ricarica la pagina e riprova.")


class HoneypotMixin(forms.Form):
    """A field people do not see (hidden by CSS, out of the tab order); bots fill it."""

    sito_web = forms.CharField(
        label=_("Lascia vuoto questo campo"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_sito_web(self):
        if self.cleaned_data.get("sito_web"):
            raise forms.ValidationError(ERRORE_HONEYPOT, code="honeypot")
        return ""


class MessaggioForm(HoneypotMixin):
    testo = forms.CharField(
        label=_("Il tuo messaggio"),
        help_text=MESSAGGIO_AIUTO,
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    cita = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = ["testo", "sito_web", "cita"]


class DiscussioneForm(HoneypotMixin):
    titolo = forms.CharField(label=_("Titolo"), max_length=200, required=False)
    testo = forms.CharField(
        label=_("Il tuo messaggio"),
        help_text=MESSAGGIO_AIUTO,
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    field_order = ["titolo", "testo", "sito_web"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titolo"].error_messages["max_length"] = _("Il titolo è troppo lungo: al massimo 200 caratteri.")


class SegnalazioneForm(forms.Form):
    motivo = forms.CharField(
        label=_("Perché segnali questo messaggio?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Spiega in breve perché segnali il messaggio.")},
    )


class MotivoForm(forms.Form):
    motivo = forms.CharField(
        label=_("Motivo"),
        max_length=2000,
        error_messages={"required": _("Indica il motivo: resta nel registro della moderazione.")},
    )


class FiltroSegnalazioniForm(forms.Form):
    """The reports queue's filter: the open reports (the default), or those already handled."""

    APERTE = "aperte"
    GESTITE = "gestite"

    stato = forms.ChoiceField(
        label=_("Mostra"),
        choices=[(APERTE, _("Da esaminare")), (GESTITE, _("Già gestite"))],
        required=False,
    )

    @property
    def gestite(self):
        return self.is_valid() and self.cleaned_data["stato"] == self.GESTITE


class SpostaForm(MotivoForm):
    categoria = forms.ModelChoiceField(label=_("Nuova categoria"), queryset=Categoria.objects.all())


class SospendiForm(MotivoForm):
    giorni = forms.IntegerField(label=_("Giorni di sospensione"), min_value=1, max_value=3650, initial=7)
