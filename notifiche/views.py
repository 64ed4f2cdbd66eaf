from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import FiltroNotifiche, PreferenzeForm
from .models import Notifica

PER_PAGINA = 20


@login_required
def elenco(request):
    filtro = FiltroNotifiche(request.GET)
    quali = filtro.cleaned_data["quali"] if filtro.is_valid() else FiltroNotifiche.Quali.TUTTE
    notifiche = selectors.elenco(request.user)
    if quali == FiltroNotifiche.Quali.DA_LEGGERE:
        notifiche = notifiche.non_lette()
    pagina = Paginator(notifiche, PER_PAGINA).get_page(request.GET.get("page"))
    pagina.object_list = selectors.con_disponibilita(pagina.object_list, request.user)
    contesto = {
        "pagina": pagina,
        "quali": quali,
        "scelte": FiltroNotifiche.Quali,
        "querystring": urlencode({"quali": quali}) if quali != FiltroNotifiche.Quali.TUTTE else "",
        "filtro_non_valido": not filtro.is_valid(),
        "non_lette": selectors.numero_non_lette(request),
        "torna": request.get_full_path(),
    }
    return render(request, "notifiche/elenco.html", contesto)


def _indietro(request):
    torna = request.POST.get("torna", "")
    if url_has_allowed_host_and_scheme(torna, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(torna)
    return redirect("notifiche:elenco")


@login_required
def apri(request, pk):
    """Mark the notification as read and go to what it is about, or say that it is gone."""
    notifica = get_object_or_404(Notifica, pk=pk, user=request.user)
    services.segna_letta(notifica=notifica, user=request.user)
    (notifica,) = selectors.con_disponibilita([notifica], request.user)
    if notifica.disponibile and notifica.url:
        return redirect(notifica.url)
    messages.info(request, _("Il contenuto di questa notifica non è più disponibile."))
    return redirect("notifiche:elenco")


@login_required
@require_POST
def segna_letta(request, pk):
    notifica = get_object_or_404(Notifica, pk=pk, user=request.user)
    services.segna_letta(notifica=notifica, user=request.user)
    return _indietro(request)


@login_required
@require_POST
def segna_tutte(request):
    numero = services.segna_tutte_lette(user=request.user)
    if numero:
        messages.success(request, _("Tutte le notifiche sono segnate come lette."))
    return _indietro(request)


@login_required
def preferenze(request):
    attuali = services.preferenze_di(request.user)
    if request.method == "POST":
        form = PreferenzeForm(request.POST, preferenze=attuali)
        if form.is_valid():
            services.salva_preferenze(user=request.user, scelte=form.scelte())
            messages.success(request, _("Preferenze delle notifiche salvate."))
            return redirect("notifiche:preferenze")
        messages.error(request, _("Controlla le scelte evidenziate: le preferenze non sono state salvate."))
    else:
        form = PreferenzeForm(preferenze=attuali)
    contesto = {
        "form": form,
        "riepilogo_attivo": getattr(getattr(request.user, "profilo", None), "riepilogo_settimanale", False),
    }
    return render(request, "notifiche/preferenze.html", contesto, status=400 if form.is_bound else 200)
