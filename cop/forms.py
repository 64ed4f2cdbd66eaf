from django import forms
from django.utils.translation import gettext_lazy as _

from . import avatar, roles, services
from .models import BIO_MASSIMA, Organizzazione, Profilo, Tema, ValutazionePagina, Zona


class ZonaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.nome


class DatiProfessionaliForm(forms.Form):
    """Who a member is professionally: asked at sign-up, edited in the profile."""

    first_name = forms.CharField(label=_("Nome"), max_length=150)
    last_name = forms.CharField(label=_("Cognome"), max_length=150)
    ente = forms.CharField(
        label=_("Ente o organizzazione"),
        max_length=200,
        required=False,
        help_text=_("Es. Società della Salute, Comune, cooperativa sociale."),
    )
    ruolo_professionale = forms.ChoiceField(
        label=_("Ruolo professionale"), choices=[("", "—")] + Profilo.Ruolo.choices, required=False
    )
    zona = ZonaChoiceField(
        label=_("Zona-distretto"),
        queryset=Zona.objects.none(),
        required=False,
        empty_label=_("Nessuna / fuori Toscana"),
    )

    # Unticked unless the member ticks it: see Profilo.riepilogo_settimanale.
    riepilogo_settimanale = forms.BooleanField(
        label=_("Voglio ricevere ogni settimana un'email con le novità delle zone e dei temi che seguo"),
        help_text=_("Puoi disattivarla quando vuoi dal profilo o con il link in fondo a ogni email."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone_attuali = Zona.objects.toscane().attuali()
        self.fields["zona"].queryset = self.zone_attuali


class SignupForm(DatiProfessionaliForm):
    """Extra fields of the allauth sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    consenso_privacy = forms.BooleanField(
        label=_("Ho letto l'informativa sul trattamento dei dati personali e acconsento al trattamento dei miei dati"),
        error_messages={"required": _("Per registrarti devi accettare l'informativa sulla privacy.")},
    )

    field_order = ["first_name", "last_name", "email", "password1", "password2", "ente", "ruolo_professionale", "zona"]

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
        services.crea_profilo(
            user=user,
            ente=self.cleaned_data["ente"],
            ruolo_professionale=self.cleaned_data["ruolo_professionale"],
            zona=self.cleaned_data["zona"],
            consenso_privacy=self.cleaned_data["consenso_privacy"],
            riepilogo_settimanale=self.cleaned_data["riepilogo_settimanale"],
        )


class AvatarField(forms.FileField):
    """A photo checked and converted by cop.avatar: `cleaned_data` holds the stored WebP, not the upload."""

    widget = forms.FileInput(attrs={"accept": ",".join(f".{est}" for est in avatar.ESTENSIONI)})

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        return avatar.prepara_avatar(file) if file else None


class ProfiloForm(DatiProfessionaliForm):
    organizzazione = forms.ModelChoiceField(
        label=_("Organizzazione per cui lavori"),
        queryset=Organizzazione.objects.none(),
        required=False,
        empty_label=_("Non è nell'elenco / nessuna"),
        help_text=_("Le organizzazioni dell'elenco pubblico. Se la tua non c'è, scrivila in «Ente o organizzazione»."),
    )
    zone_seguite = forms.ModelMultipleChoiceField(
        label=_("Zone che segui"),
        queryset=Zona.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    temi_seguiti = forms.ModelMultipleChoiceField(
        label=_("Temi che segui"),
        queryset=Tema.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    visibilita = forms.ChoiceField(
        label=_("Chi vede il tuo profilo pubblico"),
        choices=Profilo.Visibilita.choices,
        widget=forms.RadioSelect,
        required=False,  # not sent: the choice stays as it is
        help_text=_(
            "Il profilo mostra nome, ruolo, organizzazione, zona, presentazione, foto e ciò che hai fatto qui "
            "(pratiche pubblicate, discussioni, eventi seguiti). «Solo ai membri»: chi ha un account nella "
            "comunità; «A tutti»: anche chi visita il sito senza accedere, e il profilo compare nell'elenco "
            "pubblico dei membri; «A nessuno»: solo tu, e il tuo nome non diventa un link. "
            "Email e zone che segui non sono mai mostrate."
        ),
    )
    bio = forms.CharField(
        label=_("Presentazione"),
        max_length=BIO_MASSIMA,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Qualche riga su di te e sul tuo lavoro, al massimo %(n)s caratteri. Solo testo.")
        % {"n": BIO_MASSIMA},
    )
    avatar = AvatarField(
        label=_("Foto"),
        required=False,
        help_text=_(
            "JPG, PNG o WebP, al massimo 5 MB: la ritagliamo in un quadrato e togliamo i dati nascosti della "
            "foto (come il luogo dello scatto). Senza foto mostriamo le tue iniziali."
        ),
    )
    rimuovi_avatar = forms.BooleanField(label=_("Togli la foto attuale"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizzazione"].queryset = Organizzazione.objects.pubblicate().only("pk", "nome")
        self.order_fields(["first_name", "last_name", "organizzazione", "ente"])
        self.fields["zone_seguite"].queryset = self.zone_attuali
        zona = self.fields["zona"]
        if user is not None and roles.is_referente(user):
            # A referente's zone is what makes them a reviewer: only the redazione sets it.
            zona.disabled = True
            zona.initial = getattr(getattr(user, "profilo", None), "zona_id", None)
            zona.help_text = _("La zona di un referente di zona la imposta la redazione: scrivile per cambiarla.")
        else:
            zona.help_text = _(
                "Una nuova zona resta «in attesa di conferma» finché la redazione non la conferma: "
                "fino ad allora non vale per dichiarare le adozioni della zona."
            )

    @classmethod
    def initial_for(cls, user, profilo):
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "organizzazione": profilo.organizzazione_id,
            "ente": profilo.ente,
            "ruolo_professionale": profilo.ruolo_professionale,
            "zona": profilo.zona_id,
            "zone_seguite": list(profilo.zone_seguite.values_list("pk", flat=True)),
            "temi_seguiti": list(profilo.temi_seguiti.values_list("pk", flat=True)),
            "riepilogo_settimanale": profilo.riepilogo_settimanale,
            "visibilita": profilo.visibilita,
            "bio": profilo.bio,
        }


class EliminaAccountForm(forms.Form):
    password = forms.CharField(label=_("Password attuale"), widget=forms.PasswordInput, strip=False)
    conferma = forms.BooleanField(
        label=_("Ho capito: il mio account e i miei dati personali saranno cancellati definitivamente"),
        error_messages={"required": _("Conferma di aver compreso che l'eliminazione è definitiva.")},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("La password non è corretta."))
        return password


class SegnalazioneAccessibilitaForm(forms.Form):
    nome = forms.CharField(label=_("Nome e cognome (facoltativo)"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("La tua email"),
        help_text=_("La usiamo solo per risponderti."),
        error_messages={"invalid": _("Inserisci un indirizzo email valido, ad esempio nome@esempio.it.")},
    )
    url_pagina = forms.CharField(
        label=_("Pagina o contenuto che non riesci a usare (facoltativo)"), max_length=500, required=False
    )
    messaggio = forms.CharField(
        label=_("Descrivi il problema"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Scrivi il problema che hai incontrato.")},
    )
    # Honeypot: people do not see it, bots fill it in.
    sito_web = forms.CharField(required=False, label=_("Lascia vuoto questo campo"))

    def clean_sito_web(self):
        if self.cleaned_data["sito_web"]:
            raise forms.ValidationError(_("Richiesta non valida."))
        return ""

    def clean(self):
        cleaned = super().clean()
        cleaned.pop("sito_web", None)
        return cleaned


class ValutazionePaginaForm(forms.Form):
    page_id = forms.IntegerField(widget=forms.HiddenInput)
    voto = forms.TypedChoiceField(
        label=_("Quanto sono chiare le informazioni su questa pagina?"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Scegli un voto da 1 a 5 stelle.")},
    )
    motivo = forms.ChoiceField(
        label=_("Qual è stato il motivo?"), choices=[("", "—")] + ValutazionePagina.Motivo.choices, required=False
    )
    commento = forms.CharField(label=_("Vuoi aggiungere altri dettagli?"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        voto, motivo = cleaned.get("voto"), cleaned.get("motivo")
        # Without JavaScript both lists of motives are on screen: a motive from the other list
        # (e.g. "Le indicazioni erano chiare" with 2 stars) is dropped, the vote is kept.
        if voto and motivo and motivo not in ValutazionePagina.motivi_per(voto):
            cleaned["motivo"] = ""
        return cleaned
