"""Proporre una buona pratica dal sito: un modulo a passi che salva una bozza a ogni passo, il
riepilogo con «Invia» alla revisione, «Le mie pratiche»."""

import re
import time
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from cop.selectors import organizzazioni_visibili

from .. import permissions
from ..allegati import LimiteDimensioneUploadHandler
from ..forms import ComeForm, DatiPrincipaliForm, DescrizioneForm, DocumentiForm, IndicatoriFormSet, SoggettiFormSet
from ..models import BuonaPraticaPage, BuonePraticheIndexPage, SoggettoCoinvolto
from ..selectors_proposte import cosa_manca, proposte_di, referenti_della_pratica, stato_della_pratica
from ..services import proposte as servizi

PASSI = [
    (1, gettext_lazy("Che cosa, dove, per chi")),
    (2, gettext_lazy("Il racconto e i risultati")),
    (3, gettext_lazy("Con chi e come")),
    (4, gettext_lazy("Documenti e contatto")),
    (5, gettext_lazy("Riepilogo e invio")),
]
RIEPILOGO = 5


# --- The steps: one class each, with its form, formset, template and what it gives the service ------------


class Passo:
    """A step of the form on a draft: `Form` reads and validates the fields `Form.campi_pratica` of the
    practice; a step with rows (indicators, partners) adds a formset."""

    numero: int
    Form: type
    template_name: str
    multipart = False

    def __init__(self, request, bozza):
        self.request = request
        self.bozza = bozza
        self.allegati = []

    def form_kwargs(self):
        return {}

    def formset(self, data=None):
        return None

    def moduli(self, data=None, files=None):
        """(form, formset): bound to the request's data, or filled from the draft."""
        if data is None:
            return self.Form(initial=self.Form.iniziali(self.bozza), **self.form_kwargs()), self.formset()
        return self.Form(data, files, **self.form_kwargs()), self.formset(data)

    def allegato_rifiutato(self, form):
        """Only the uploaded file is wrong: the rest of the step is saved and the file named in the error."""
        return False

    def dati(self, form, formset):
        return {campo: form.cleaned_data[campo] for campo in self.Form.campi_pratica if campo in form.cleaned_data}

    def allegati_da_salvare(self, form, rifiutato):
        return {}

    def dopo_un_rifiuto(self, form, bozza):
        pass


class PassoDatiPrincipali(Passo):
    numero, Form, template_name = 1, DatiPrincipaliForm, "buonepratiche/proposta/passo_dati_principali.html"


class PassoDescrizione(Passo):
    numero, Form, template_name = 2, DescrizioneForm, "buonepratiche/proposta/passo_descrizione.html"

    def formset(self, data=None):
        if data is not None:
            return IndicatoriFormSet(data, prefix="indicatori")
        iniziali = [{"valore": i.valore, "descrizione": i.descrizione} for i in self.bozza.indicatori.all()]
        return IndicatoriFormSet(prefix="indicatori", initial=iniziali)

    def dati(self, form, formset):
        return {**super().dati(form, formset), "indicatori": [r for r in formset.cleaned_data if r.get("valore")]}


class PassoCome(Passo):
    numero, Form, template_name = 3, ComeForm, "buonepratiche/proposta/passo_come.html"

    def formset(self, data=None):
        organizzazioni = organizzazioni_visibili(self.request.user)
        if data is not None:
            return SoggettiFormSet(data, prefix="soggetti", organizzazioni=organizzazioni)
        # A first organisation is the promoter: the step asks for it.
        iniziali = [{"nome": s.nome, "ruolo": s.ruolo} for s in self.bozza.soggetti.all()]
        return SoggettiFormSet(
            prefix="soggetti",
            organizzazioni=organizzazioni,
            initial=iniziali or [{"ruolo": SoggettoCoinvolto.Ruolo.PROMOTORE}],
        )

    def dati(self, form, formset):
        return {**super().dati(form, formset), "soggetti": [r for r in formset.cleaned_data if r.get("nome")]}


class PassoDocumenti(Passo):
    numero, Form, template_name = 4, DocumentiForm, "buonepratiche/proposta/passo_documenti.html"
    multipart = True

    def __init__(self, request, bozza):
        super().__init__(request, bozza)
        self.allegati = list(bozza.allegati.select_related("documento"))

    def form_kwargs(self):
        return {"allegati": self.allegati, "troppo_grandi": getattr(self.request, "allegati_troppo_grandi", {})}

    def allegato_rifiutato(self, form):
        return form.solo_allegato_non_valido()

    def allegati_da_salvare(self, form, rifiutato):
        return {
            "nuovo_allegato": None if rifiutato else form.cleaned_data.get("nuovo_allegato"),
            "titolo_allegato": form.cleaned_data.get("titolo_allegato", ""),
            "allegati_rimossi": form.cleaned_data.get("allegati_rimossi", []),
        }

    def dopo_un_rifiuto(self, form, bozza):
        self.allegati = list(bozza.allegati.select_related("documento"))
        form.mostra_allegati(self.allegati)


PASSI_DEL_MODULO = {passo.numero: passo for passo in (PassoDatiPrincipali, PassoDescrizione, PassoCome, PassoDocumenti)}


def _negato(request, *, motivo):
    return render(request, "buonepratiche/proposta/non_consentito.html", {"motivo": motivo}, status=403)


def _pratica_modificabile(request, pk):
    """The practice and its state, or the response that says why the user cannot change it now."""
    pratica = get_object_or_404(BuonaPraticaPage, pk=pk)
    if not permissions.can_edit(request.user, pratica):
        return None, None, _negato(request, motivo="modifica")
    stato = stato_della_pratica(pratica, pratica.current_workflow_state)
    if stato.in_revisione:
        messages.info(
            request,
            _("«%(titolo)s» è in revisione: potrai modificarla quando i revisori avranno finito.")
            % {"titolo": pratica.draft_title},
        )
        return None, None, redirect("buonepratiche:mie_pratiche")
    return pratica, stato, None


def _contesto(*, passo, pratica=None, stato=None, **extra):
    titolo_passo = dict(PASSI)[passo]
    return {"passi": PASSI, "passo": passo, "titolo_passo": titolo_passo, "pratica": pratica, "stato": stato, **extra}


def _dopo_il_salvataggio(request, pratica, passo):
    azione = request.POST.get("azione", "continua")
    if azione == "esci":
        messages.success(request, _("Bozza salvata. La ritrovi in «Le mie pratiche»."))
        return redirect("buonepratiche:mie_pratiche")
    messages.success(request, _("Bozza salvata."))
    if azione == "altro":
        destinazione = passo
    elif azione == "indietro":
        destinazione = max(passo - 1, 1)
    else:
        destinazione = passo + 1
    if destinazione == RIEPILOGO:
        return redirect("buonepratiche:proposta_riepilogo", pk=pratica.pk)
    return redirect("buonepratiche:proposta_passo", pk=pratica.pk, passo=destinazione)


CHIAVE_PROPOSTA = re.compile(r"^[0-9a-f]{32}$")
DURATA_CHIAVE = 24 * 60 * 60


def _chiave_in_cache(user, chiave):
    return f"cop:proposta:{user.pk}:{chiave}"


def _bozza_gia_creata(user, chiave):
    """The draft an earlier submit of this form created, waiting a few seconds for one still running
    (five clicks at once: the first creates, the others land on its draft). None if the key is new."""
    chiave_cache = _chiave_in_cache(user, chiave)
    if cache.add(chiave_cache, "in-corso", DURATA_CHIAVE):
        return None
    for _tentativo in range(50):
        valore = cache.get(chiave_cache)
        if isinstance(valore, int):
            return BuonaPraticaPage.objects.filter(pk=valore, owner=user).first() or False
        if valore is None:  # the first submit failed and freed the key
            return None if cache.add(chiave_cache, "in-corso", DURATA_CHIAVE) else False
        time.sleep(0.1)
    return False


@login_required
def proponi(request):
    """Step 1 of a new practice: saving it creates the draft page. The form carries a key issued with
    it (`chiave_proposta`): a second submit of the same form (a double click, five at once) goes to the
    draft the first one created instead of creating another."""
    if not permissions.can_propose(request.user):
        return _negato(request, motivo="proposta")
    indice = BuonePraticheIndexPage.objects.first()
    if indice is None:
        raise Http404(_("La biblioteca delle buone pratiche non è ancora stata creata."))
    profilo = getattr(request.user, "profilo", None)
    chiave = uuid.uuid4().hex
    if request.method == "POST":
        form = DatiPrincipaliForm(request.POST)
        inviata = request.POST.get("chiave_proposta", "")
        if CHIAVE_PROPOSTA.match(inviata):
            chiave = inviata
        if form.is_valid():
            gia_creata = _bozza_gia_creata(request.user, chiave)
            if gia_creata:
                messages.info(request, _("La proposta era già stata salvata: continua da qui."))
                return redirect("buonepratiche:proposta_passo", pk=gia_creata.pk, passo=2)
            if gia_creata is False:
                messages.info(request, _("La proposta è in fase di salvataggio: la trovi in «Le mie pratiche»."))
                return redirect("buonepratiche:mie_pratiche")
            try:
                pratica = servizi.crea_proposta(user=request.user, indice=indice, dati=form.dati())
            except ValidationError as errore:
                cache.delete(_chiave_in_cache(request.user, chiave))
                form.add_error(None, errore)
            else:
                cache.set(_chiave_in_cache(request.user, chiave), pratica.pk, DURATA_CHIAVE)
                return _dopo_il_salvataggio(request, pratica, 1)
    else:
        form = DatiPrincipaliForm(initial={"zone": [profilo.zona_id] if profilo and profilo.zona_id else []})
    return render(
        request,
        PassoDatiPrincipali.template_name,
        _contesto(passo=1, form=form, chiave_proposta=chiave),
        status=400 if form.is_bound else 200,
    )


@csrf_exempt
def passo(request, pk, passo):
    """Steps 1-4 of an existing draft. The upload handler must be in place before the body is read,
    hence the CSRF check inside (Django's documented pattern for per-view upload handlers)."""
    request.upload_handlers.insert(0, LimiteDimensioneUploadHandler(request))
    return _passo(request, pk, passo)


@login_required
@csrf_protect
def _passo(request, pk, passo):
    Classe = PASSI_DEL_MODULO.get(passo)
    if Classe is None:
        raise Http404
    pratica, stato, risposta = _pratica_modificabile(request, pk)
    if risposta is not None:
        return risposta
    bozza = servizi.bozza_di(pratica)
    passo = Classe(request, bozza)

    if request.method == "POST":
        form, formset = passo.moduli(request.POST, request.FILES)
        formset_valido = formset is None or formset.is_valid()
        form_valido = form.is_valid()
        rifiutato = passo.allegato_rifiutato(form)
        if formset_valido and (form_valido or rifiutato):
            try:
                bozza = servizi.salva_passo(
                    pratica=pratica,
                    user=request.user,
                    dati=passo.dati(form, formset),
                    **passo.allegati_da_salvare(form, rifiutato),
                )
            except ValidationError as errore:
                form.add_error(None, errore)
            except servizi.PraticaInRevisione:
                return redirect("buonepratiche:mie_pratiche")
            else:
                if not rifiutato:
                    return _dopo_il_salvataggio(request, bozza, passo.numero)
                # The rest of the step is saved; the refused file is named in the error.
                messages.warning(request, _("Gli altri dati di questo passo sono stati salvati."))
                passo.dopo_un_rifiuto(form, bozza)
    else:
        form, formset = passo.moduli()
    return render(
        request,
        passo.template_name,
        _contesto(
            passo=passo.numero,
            pratica=bozza,
            stato=stato,
            form=form,
            formset=formset,
            allegati=passo.allegati,
            multipart=passo.multipart,
        ),
        status=400 if form.is_bound else 200,
    )


@login_required
def riepilogo(request, pk):
    """Step 5: everything on one page, what is missing, and «Invia»."""
    pratica, stato, risposta = _pratica_modificabile(request, pk)
    if risposta is not None:
        return risposta
    errori = []
    if request.method == "POST":
        try:
            servizi.invia_proposta(pratica=pratica, user=request.user)
        except ValidationError as errore:
            errori = errore.messages
        except (servizi.PraticaInRevisione, PermissionDenied):
            return redirect("buonepratiche:mie_pratiche")
        else:
            messages.success(
                request,
                _("«%(titolo)s» è stata inviata in revisione. Ti scriveremo quando i revisori avranno deciso.")
                % {"titolo": pratica.draft_title},
            )
            return redirect("buonepratiche:mie_pratiche")
    bozza = servizi.bozza_di(pratica)
    return render(
        request,
        "buonepratiche/proposta/riepilogo.html",
        _contesto(
            passo=RIEPILOGO,
            pratica=bozza,
            stato=stato,
            mancanti=cosa_manca(bozza),
            ha_referenti=bool(referenti_della_pratica(bozza)),
            errori=errori,
            allegati=list(bozza.allegati.select_related("documento")),
        ),
        status=400 if errori else 200,
    )


@login_required
def mie_pratiche(request):
    return render(
        request,
        "buonepratiche/mie_pratiche.html",
        {
            "proposte": proposte_di(request.user),
            "puo_proporre": permissions.can_propose(request.user),
            "url_proponi": reverse("buonepratiche:proponi"),
        },
    )
