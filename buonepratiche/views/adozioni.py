"""Replication between zones on the public site: the "L'abbiamo adottata" declaration and the
list of all transfers between zones. The rules live in services/adozioni.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from buonepratiche import selectors
from buonepratiche.forms_adozioni import DichiarazioneAdozioneForm
from buonepratiche.models import BuonaPraticaPage, BuonePraticheIndexPage
from buonepratiche.services.adozioni import AdozioneGiaDichiarata, dichiara_adozione, motivo_rifiuto

TRASFERIMENTI_PER_PAGINA = 25


def _url_pratica(pratica, request):
    return f"{pratica.get_url(request)}#adozioni"


@login_required
def dichiara(request, pratica_id):
    """GET shows the form on its own page; POST declares the adoption and goes back to the practice."""
    pratica = get_object_or_404(BuonaPraticaPage.objects.live().public(), pk=pratica_id)
    motivo = motivo_rifiuto(request.user, pratica)
    if motivo is not None:
        messages.error(request, motivo)
        return redirect(_url_pratica(pratica, request))
    zona = request.user.profilo.zona_confermata
    if request.method != "POST":
        form = DichiarazioneAdozioneForm(pratica=pratica, zona=zona)
        return render(request, "buonepratiche/dichiara_adozione.html", {"form": form, "pratica": pratica})

    form = DichiarazioneAdozioneForm(request.POST, pratica=pratica, zona=zona)
    if form.is_valid():
        try:
            dichiara_adozione(pratica=pratica, user=request.user, **form.cleaned_data)
        except AdozioneGiaDichiarata as errore:
            messages.info(request, errore.message)
            return redirect(_url_pratica(pratica, request))
        except PermissionDenied as errore:
            messages.error(request, str(errore))
            return redirect(_url_pratica(pratica, request))
        except ValidationError as errore:
            form.add_error(None, errore)
        else:
            messages.success(
                request,
                _("Grazie: la pratica risulta adottata anche nella zona %(zona)s.") % {"zona": zona},
            )
            return redirect(_url_pratica(pratica, request))
    return render(request, "buonepratiche/dichiara_adozione.html", {"form": form, "pratica": pratica}, status=400)


def trasferimenti(request):
    """Every adoption between zones (from → to, when, which practice), newest first."""
    pagina = Paginator(selectors.trasferimenti(), TRASFERIMENTI_PER_PAGINA).get_page(request.GET.get("page"))
    indice = BuonePraticheIndexPage.objects.live().first()  # the library, for the breadcrumb
    return render(
        request, "buonepratiche/trasferimenti.html", {"page_obj": pagina, "trasferimenti": pagina, "indice": indice}
    )
