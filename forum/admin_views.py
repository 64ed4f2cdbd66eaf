"""Moderation screens in the Wagtail admin, for the Redattori regionali. Every action goes through
forum.services, which checks the permission and writes the log."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, selectors, services
from .forms import FiltroSegnalazioniForm, MotivoForm, SospendiForm, SpostaForm
from .models import AzioneModerazione, Discussione, Messaggio


def _solo_moderatori(request):
    if not permissions.can_moderate(request.user):
        raise PermissionDenied


def segnalazioni(request):
    _solo_moderatori(request)
    filtro = FiltroSegnalazioniForm(request.GET)
    gestite = filtro.gestite
    pagina = Paginator(selectors.messaggi_segnalati(gestite=gestite), 30).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "forum/admin/segnalazioni.html",
        {
            "pagina": pagina,
            "filtro": filtro,
            "gestite": gestite,
            "form": MotivoForm(),
            "title": _("Segnalazioni gestite") if gestite else _("Segnalazioni da esaminare"),
        },
    )


def registro(request):
    _solo_moderatori(request)
    azioni = AzioneModerazione.objects.select_related("moderatore", "utente", "discussione", "messaggio")
    pagina = Paginator(azioni, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "forum/admin/registro.html", {"pagina": pagina, "title": _("Registro della moderazione")}
    )


def discussione(request, pk):
    _solo_moderatori(request)
    discussione = get_object_or_404(Discussione.objects.select_related("categoria"), pk=pk)
    messaggi = (
        Messaggio.objects.filter(discussione=discussione)
        .select_related("autore")
        .prefetch_related("versioni")
        .order_by("pk")
    )
    pagina = Paginator(messaggi, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "forum/admin/discussione.html",
        {
            "discussione": discussione,
            "pagina": pagina,
            "azioni": [
                ("riapri", _("Riapri")) if discussione.chiusa else ("chiudi", _("Chiudi")),
                ("sfissa", _("Togli dall'evidenza")) if discussione.fissata else ("fissa", _("Metti in evidenza")),
            ],
            "form_sposta": SpostaForm(initial={"categoria": discussione.categoria_id}),
            "title": discussione.titolo,
        },
    )


def sospendi(request, user_id):
    _solo_moderatori(request)
    utente = get_object_or_404(get_user_model(), pk=user_id)
    form = SospendiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sospendi(
                utente=utente,
                moderatore=request.user,
                giorni=form.cleaned_data["giorni"],
                motivo=form.cleaned_data["motivo"],
            )
        except ValidationError as errore:
            form.add_error(None, errore)
        else:
            messages.success(request, _("Membro sospeso dal forum."))
            return redirect("forum_admin_registro")
    return TemplateResponse(
        request, "forum/admin/sospendi.html", {"utente": utente, "form": form, "title": _("Sospendi dal forum")}
    )


AZIONI_MESSAGGIO = {
    "nascondi": services.nascondi_messaggio,
    "ripristina": services.ripristina_messaggio,
    "archivia": services.archivia_segnalazioni,
}


@require_POST
def azione_messaggio(request, pk, azione):
    _solo_moderatori(request)
    messaggio = get_object_or_404(Messaggio.objects.select_related("discussione__categoria", "autore"), pk=pk)
    if azione not in AZIONI_MESSAGGIO:
        raise PermissionDenied
    form = MotivoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indica il motivo: resta nel registro della moderazione."))
    else:
        AZIONI_MESSAGGIO[azione](messaggio=messaggio, moderatore=request.user, motivo=form.cleaned_data["motivo"])
        messages.success(request, _("Fatto: l'azione è nel registro della moderazione."))
    indietro = request.POST.get("indietro", "")
    if not url_has_allowed_host_and_scheme(
        indietro, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        indietro = "forum_admin_segnalazioni"  # only back to a page of this site
    return redirect(indietro)


@require_POST
def azione_discussione(request, pk, azione):
    _solo_moderatori(request)
    discussione = get_object_or_404(Discussione.objects.select_related("categoria"), pk=pk)
    form = SpostaForm(request.POST) if azione == "sposta" else MotivoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Controlla i campi: il motivo è obbligatorio."))
        return redirect("forum_admin_discussione", pk=pk)
    motivo = form.cleaned_data["motivo"]
    comune = {"discussione": discussione, "moderatore": request.user, "motivo": motivo}
    if azione in ("chiudi", "riapri"):
        services.imposta_chiusura(**comune, chiusa=azione == "chiudi")
    elif azione in ("fissa", "sfissa"):
        services.imposta_evidenza(**comune, fissata=azione == "fissa")
    elif azione == "sposta":
        services.sposta_discussione(**comune, categoria=form.cleaned_data["categoria"])
    else:
        raise PermissionDenied
    messages.success(request, _("Fatto: l'azione è nel registro della moderazione."))
    return redirect("forum_admin_discussione", pk=pk)
