"""Screens of the Wagtail admin for evaluating practices (registered in wagtail_hooks.py).

One form for every criterion of the European Commission's Best Practice Portal: a score 1-4
and a note each, plus a general note. It is the only way to write an evaluation; the snippet
listing of evaluations sends its "add" and "edit" here. The rules live in services/valutazioni.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from buonepratiche import permissions
from buonepratiche.models import BuonaPraticaPage, Criterio, ValutazionePratica
from buonepratiche.services.valutazioni import valuta_pratica

PUNTEGGI = [
    (1, gettext_lazy("1 · non soddisfatto")),
    (2, gettext_lazy("2 · soddisfatto in parte")),
    (3, gettext_lazy("3 · soddisfatto")),
    (4, gettext_lazy("4 · pienamente soddisfatto")),
]


class PraticaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class ValutazioneForm(forms.Form):
    """Fields `punteggio_<criterio>` and `nota_<criterio>` for every Criterio, and `nota_generale`.
    Without a practice, a field to choose it among the live ones comes first."""

    def __init__(self, *args, pratica=None, **kwargs):
        super().__init__(*args, **kwargs)
        if pratica is None:
            self.fields["pratica"] = PraticaChoiceField(
                label=_("Pratica da valutare"),
                queryset=BuonaPraticaPage.objects.live().order_by("title").only("pk", "title"),
            )
        self.criteri = []
        for criterio in Criterio:
            self.fields[f"punteggio_{criterio.value}"] = forms.TypedChoiceField(
                label=criterio.label,
                choices=PUNTEGGI,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Manca il punteggio per «%(criterio)s».") % {"criterio": criterio.label},
                    "invalid_choice": _("Il punteggio per «%(criterio)s» deve essere un numero intero da 1 a 4.")
                    % {"criterio": criterio.label},
                },
            )
            self.fields[f"nota_{criterio.value}"] = forms.CharField(
                label=_("Nota su «%(criterio)s»") % {"criterio": criterio.label},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
            self.criteri.append((criterio, f"punteggio_{criterio.value}", f"nota_{criterio.value}"))
        self.fields["nota_generale"] = forms.CharField(
            label=_("Nota generale"), widget=forms.Textarea(attrs={"rows": 4}), required=False
        )

    @classmethod
    def initial_da(cls, valutazione):
        if valutazione is None:
            return {}
        initial = {"nota_generale": valutazione.nota_generale}
        for punteggio in valutazione.punteggi.all():
            initial[f"punteggio_{punteggio.criterio}"] = punteggio.punteggio
            initial[f"nota_{punteggio.criterio}"] = punteggio.nota
        return initial

    def campi_criteri(self):
        """(criterio, score field, note field) for the template."""
        return [(criterio, self[punteggio], self[nota]) for criterio, punteggio, nota in self.criteri]

    def dati_servizio(self):
        dati = self.cleaned_data
        return {
            "punteggi": {criterio.value: dati[punteggio] for criterio, punteggio, _nota in self.criteri},
            "note": {criterio.value: dati[nota] for criterio, _punteggio, nota in self.criteri},
            "nota_generale": dati["nota_generale"],
        }


class ValutaPraticaView(WagtailAdminTemplateMixin, FormView):
    """Evaluate a practice (`pratica_id` in the URL) or choose it in the form (the "add" of the
    evaluations listing). A second evaluation by the same editor updates the first."""

    template_name = "buonepratiche/admin/valuta_pratica.html"
    header_icon = "success"

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_evaluate(request.user, self.pratica):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def pratica(self):
        pratica_id = self.kwargs.get("pratica_id")
        if pratica_id is None:
            return None
        return get_object_or_404(BuonaPraticaPage, pk=pratica_id)

    @cached_property
    def valutazione_esistente(self):
        if self.pratica is None:
            return None
        return (
            ValutazionePratica.objects.filter(pratica=self.pratica, valutatore=self.request.user)
            .prefetch_related("punteggi")
            .first()
        )

    def get_page_title(self):
        return _("Valuta una buona pratica")

    def get_page_subtitle(self):
        return self.pratica.title if self.pratica else ""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_buonepratiche_valutazionepratica:list"), "label": _("Valutazioni")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["pratica"] = self.pratica
        return kwargs

    def get_form_class(self):
        return ValutazioneForm

    def get_initial(self):
        return ValutazioneForm.initial_da(self.valutazione_esistente)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            pratica=self.pratica,
            valutazione_esistente=self.valutazione_esistente,
            action_url=self.request.get_full_path(),
            submit_button_label=_("Salva la valutazione"),
            submit_button_active_label=_("Salvataggio…"),
        )
        return context

    def form_valid(self, form):
        pratica = self.pratica or form.cleaned_data["pratica"]
        try:
            valutazione = valuta_pratica(pratica=pratica, valutatore=self.request.user, **form.dati_servizio())
        except PermissionDenied:
            return permission_denied(self.request)
        except ValidationError as errore:
            for campo, messaggi in errore.message_dict.items():
                form.add_error(f"punteggio_{campo}" if campo in Criterio.values else None, messaggi)
            return self.form_invalid(form)
        pratica.refresh_from_db(fields=["validata"])
        if pratica.validata:
            esito = _("La pratica ha il contrassegno «Buona pratica validata».")
        else:
            esito = _("La pratica non raggiunge la soglia per il contrassegno «Buona pratica validata».")
        messages.success(
            self.request,
            _("Valutazione di «%(pratica)s» salvata: media %(media)s. %(esito)s")
            % {"pratica": pratica.title, "media": valutazione.media, "esito": esito},
        )
        return redirect("wagtailsnippets_buonepratiche_valutazionepratica:list")

    def form_invalid(self, form):
        messages.error(self.request, _("La valutazione non è stata salvata: controlla i punteggi evidenziati."))
        return super().form_invalid(form)


def modifica_valutazione(request, pk):
    """The listing's "edit": the editor's own evaluation opens in the evaluation form; someone
    else's opens read-only (each editor writes only their own)."""
    valutazione = get_object_or_404(ValutazionePratica, pk=pk)
    if valutazione.valutatore_id == request.user.pk:
        return redirect("buonepratiche_valuta_pratica", pratica_id=valutazione.pratica_id)
    return redirect("wagtailsnippets_buonepratiche_valutazionepratica:inspect", pk)
