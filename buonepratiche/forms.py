"""The steps of "Proponi una buona pratica": one form per step, each saved as a draft revision."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cop.models import Organizzazione, Tema, Zona, normalizza_nome

from .allegati import ESTENSIONI, verifica_allegato
from .models import BuonaPraticaPage, Destinatario, FonteFinanziamento, Metodologia, SoggettoCoinvolto
from .sezioni import html_in_testo, testo_in_html

AIUTO_TESTO = _(
    "Una riga vuota separa i paragrafi; «- » o «1. » a inizio riga fanno un elenco; "
    "**grassetto**, *corsivo* e [testo](https://indirizzo) come nel forum."
)


class NomeZonaField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class TestoFormattatoField(forms.CharField):
    """A text area for a section of the practice, in the site's Markdown (see buonepratiche/sezioni.py);
    the service sanitises the HTML before storing it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", AIUTO_TESTO)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # A bound form shows what was typed; an unbound one converts the stored HTML back.
        if isinstance(value, str) and value.lstrip().startswith("<"):
            return html_in_testo(value)
        return value

    def clean(self, value):
        return testo_in_html(super().clean(value))


class PassoForm(forms.Form):
    """A step: `campi_pratica` are the fields it reads from and writes to the practice."""

    campi_pratica = ()

    @classmethod
    def iniziali(cls, pratica):
        iniziali = {}
        for campo in cls.campi_pratica:
            valore = getattr(pratica, campo)
            if hasattr(valore, "all"):
                valore = list(valore.all())
            iniziali[campo] = valore
        return iniziali

    def dati(self):
        return {campo: self.cleaned_data[campo] for campo in self.campi_pratica if campo in self.cleaned_data}


class DatiPrincipaliForm(PassoForm):
    """1. Che cosa, dove, per chi."""

    campi_pratica = ("title", "abstract", "zone", "temi", "destinatari")

    title = forms.CharField(label=_("Titolo della pratica"), max_length=255)
    abstract = forms.CharField(
        label=_("In breve"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Due o tre frasi: che cosa, per chi, dove (al massimo 600 caratteri)."),
    )
    zone = NomeZonaField(
        label=_("Territori"),
        queryset=Zona.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("La zona-distretto o le zone dove si svolge. Il referente di zona la revisionerà."),
        error_messages={"required": _("Scegli almeno un territorio.")},
    )
    temi = forms.ModelMultipleChoiceField(
        label=_("Temi"),
        queryset=Tema.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Scegli almeno un tema.")},
    )
    destinatari = forms.ModelMultipleChoiceField(
        label=_("Destinatari"), queryset=Destinatario.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zona.objects.attuali()


class IndicatoreForm(forms.Form):
    valore = forms.CharField(label=_("Valore"), max_length=40, required=False, help_text=_("Es. 616, 25, 80%."))
    descrizione = forms.CharField(
        label=_("Che cosa misura"), max_length=200, required=False, help_text=_("Es. progetti finanziati.")
    )

    def clean(self):
        dati = super().clean()
        if bool(dati.get("valore")) != bool(dati.get("descrizione")):
            raise forms.ValidationError(_("Scrivi sia il valore sia che cosa misura (o lascia vuoti entrambi)."))
        return dati


IndicatoriFormSet = forms.formset_factory(IndicatoreForm, extra=2, max_num=20, absolute_max=30)


class DescrizioneForm(PassoForm):
    """2. Il racconto della pratica e i risultati in cifre."""

    campi_pratica = ("contesto", "obiettivi", "azioni", "risultati", "difficolta", "trasferibilita")

    contesto = TestoFormattatoField(label=_("Contesto"))
    obiettivi = TestoFormattatoField(label=_("Obiettivi"))
    azioni = TestoFormattatoField(label=_("Azioni"))
    risultati = TestoFormattatoField(label=_("Risultati"))
    difficolta = TestoFormattatoField(label=_("Difficoltà incontrate"))
    trasferibilita = TestoFormattatoField(label=_("Che cosa la rende trasferibile"))


class SoggettoForm(forms.Form):
    """A promoter or partner: an organisation of the list by its name, or a new one with its type."""

    nome = forms.CharField(
        label=_("Organizzazione"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "organizzazioni-note", "autocomplete": "off"}),
    )
    tipo = forms.ChoiceField(
        label=_("Tipo"),
        choices=[("", "—")] + Organizzazione.Tipo.choices,
        required=False,
        help_text=_("Solo per un'organizzazione nuova."),
    )
    ruolo = forms.ChoiceField(
        label=_("Ruolo"), choices=SoggettoCoinvolto.Ruolo.choices, initial=SoggettoCoinvolto.Ruolo.PARTNER
    )

    def __init__(self, *args, organizzazioni, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizzazioni = organizzazioni

    def clean(self):
        dati = super().clean()
        nome = normalizza_nome(dati.get("nome"))
        dati["nome"] = nome
        if nome and not dati.get("tipo") and not self.organizzazioni.con_nome(nome).exists():
            self.add_error(
                "tipo",
                _("«%(nome)s» non è ancora nell'elenco delle organizzazioni: scegline il tipo.") % {"nome": nome},
            )
        return dati


class BaseSoggettiFormSet(forms.BaseFormSet):
    """The rows of promoters and partners; `organizzazioni` are those the member may name (a selector)."""

    def __init__(self, *args, organizzazioni, **kwargs):
        self.organizzazioni = organizzazioni
        super().__init__(*args, form_kwargs={"organizzazioni": organizzazioni}, **kwargs)

    @cached_property
    def nomi_noti(self):
        """The names suggested while typing (a datalist)."""
        return list(self.organizzazioni.order_by("nome").values_list("nome", flat=True))


SoggettiFormSet = forms.formset_factory(SoggettoForm, formset=BaseSoggettiFormSet, extra=2, max_num=30, absolute_max=40)


def _tag_da_testo(testo):
    nomi = []
    for parte in (testo or "").split(","):
        nome = " ".join(parte.split())[:100]
        if nome and nome.lower() not in {n.lower() for n in nomi}:
            nomi.append(nome)
    return nomi


class ComeForm(PassoForm):
    """3. Con chi, con quali fondi e metodi, quando."""

    campi_pratica = ("fonti_finanziamento", "metodologie", "data_inizio", "data_fine", "stato", "tags")

    fonti_finanziamento = forms.ModelMultipleChoiceField(
        label=_("Fonti di finanziamento"),
        queryset=FonteFinanziamento.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    metodologie = forms.ModelMultipleChoiceField(
        label=_("Metodologie"), queryset=Metodologia.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    data_inizio = forms.DateField(
        label=_("Data di inizio"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    data_fine = forms.DateField(
        label=_("Data di fine"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    stato = forms.ChoiceField(
        label=_("Stato"), choices=BuonaPraticaPage.Stato.choices, initial=BuonaPraticaPage.Stato.IN_CORSO
    )
    tags = forms.CharField(
        label=_("Etichette"),
        required=False,
        max_length=500,
        help_text=_("Parole chiave separate da virgole, ad esempio: co-progettazione, housing first."),
        widget=forms.TextInput(attrs={"list": "etichette-esistenti", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.etichette_suggerite = list(
            Tag.objects.filter(buonepratiche_buonapraticatag_items__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("name", flat=True)[:50]
        )

    @classmethod
    def iniziali(cls, pratica):
        iniziali = super().iniziali(pratica)
        iniziali["tags"] = ", ".join(tag.name for tag in iniziali["tags"])
        return iniziali

    def clean_tags(self):
        return _tag_da_testo(self.cleaned_data["tags"])

    def clean(self):
        dati = super().clean()
        inizio, fine = dati.get("data_inizio"), dati.get("data_fine")
        if inizio and fine and fine < inizio:
            self.add_error("data_fine", _("La data di fine non può precedere la data di inizio."))
        return dati


class AllegatoField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(attrs={"accept": ",".join(f".{est}" for est in ESTENSIONI)}),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file:
            verifica_allegato(file)
        return file


class DocumentiForm(PassoForm):
    """4. Documenti e persona di contatto."""

    campi_pratica = ("contatto_nome", "contatto_email", "contatto_telefono")

    nuovo_allegato = AllegatoField(
        label=_("Aggiungi un documento"),
        required=False,
        help_text=_("PDF, ODT, DOCX, XLSX o ODS, al massimo 20 MB. Un documento alla volta."),
    )
    titolo_allegato = forms.CharField(
        label=_("Titolo del documento (facoltativo)"),
        max_length=200,
        required=False,
        help_text=_("Se lo lasci vuoto useremo il nome del file."),
    )
    allegati_rimossi = forms.TypedMultipleChoiceField(
        label=_("Documenti da togliere"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    contatto_nome = forms.CharField(label=_("Persona di contatto"), max_length=120, required=False)
    contatto_email = forms.EmailField(
        label=_("Email di contatto"),
        required=False,
        error_messages={"invalid": _("Inserisci un indirizzo email valido, ad esempio nome@esempio.it.")},
    )
    contatto_telefono = forms.CharField(label=_("Telefono di contatto"), max_length=40, required=False)

    def __init__(self, *args, allegati=(), troppo_grandi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.mostra_allegati(allegati)
        # Files the upload handler stopped at the limit (see allegati.LimiteDimensioneUploadHandler).
        self.troppo_grandi = troppo_grandi or {}

    def clean_nuovo_allegato(self):
        nome = self.troppo_grandi.get(self.add_prefix("nuovo_allegato"))
        if nome:
            raise forms.ValidationError(
                _("Il file «%(nome)s» supera i 20 MB, il massimo consentito.") % {"nome": nome}, code="dimensione"
            )
        return self.cleaned_data.get("nuovo_allegato")

    def mostra_allegati(self, allegati):
        """The documents the step lists (again after a save that added or removed some)."""
        self.allegati = list(allegati)
        self.fields["allegati_rimossi"].choices = [(i, a.titolo_visualizzato) for i, a in enumerate(self.allegati)]

    def documenti_caricati(self):
        """Each uploaded document with its "togli" checkbox, for the list of step 4."""
        return list(zip(self.allegati, self["allegati_rimossi"], strict=True))

    def solo_allegato_non_valido(self):
        return bool(self.errors) and set(self.errors) == {"nuovo_allegato"}
