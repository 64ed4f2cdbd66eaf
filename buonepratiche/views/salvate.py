"""«Salva» on a practice page and «Pratiche salvate» in the personal area."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buonepratiche.models import BuonaPraticaPage
from buonepratiche.selectors import pratiche_salvate
from buonepratiche.services import salvate as servizi

PER_PAGINA = 12


def _indietro(request, pratica):
    torna = request.POST.get("torna", "")
    if url_has_allowed_host_and_scheme(torna, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(torna)
    return redirect(pratica.url if pratica.live else "buonepratiche:salvate")


@login_required
@require_POST
def salva(request, pratica_id):
    pratica = get_object_or_404(BuonaPraticaPage, pk=pratica_id)
    if request.POST.get("azione") == "rimuovi":
        if servizi.rimuovi(pratica=pratica, user=request.user):
            messages.success(request, _("«%(titolo)s» tolta dalle pratiche salvate.") % {"titolo": pratica.title})
        return _indietro(request, pratica)
    try:
        servizi.salva(pratica=pratica, user=request.user)
    except PermissionDenied:
        # A draft, a page restricted to some: as if it did not exist.
        raise Http404 from None
    messages.success(
        request,
        _("«%(titolo)s» è tra le tue pratiche salvate: ti avviseremo quando cambia.") % {"titolo": pratica.title},
    )
    return _indietro(request, pratica)


@login_required
def elenco(request):
    visibili, non_piu_online = pratiche_salvate(request.user)
    pagina = Paginator(visibili, PER_PAGINA).get_page(request.GET.get("page"))
    return render(
        request,
        "buonepratiche/pratiche_salvate.html",
        {"pagina": pagina, "non_piu_online": non_piu_online, "torna": request.get_full_path()},
    )
