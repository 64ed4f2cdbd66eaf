from django import forms
from django.utils.translation import gettext_lazy as _

from buonepratiche.allegati import verifica_allegato
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


class DocumentoForm(forms.Form):
    """A new document (title and file), or a new version of one (`documento`, file only)."""

    titolo = forms.CharField(label=_("Titolo"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, ODT, DOCX, XLSX o ODS, al massimo 20 MB."),
        error_messages={"required": _("Scegli il file da caricare.")},
    )

    def __init__(self, *args, nuova_versione=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.nuova_versione = nuova_versione
        if nuova_versione:
            del self.fields["titolo"]

    def clean_titolo(self):
        titolo = self.cleaned_data.get("titolo", "").strip()
        if not titolo:
            raise forms.ValidationError(_("Scrivi un titolo per il documento."))
        return titolo

    def clean_file(self):
        file = self.cleaned_data["file"]
        verifica_allegato(file)
        return file
