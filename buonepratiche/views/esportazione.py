"""The export route of the library (CSV and JSON of the filtered listing): the view around
`buonepratiche.services.dati_aperti.esporta`."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from buonepratiche import permissions
from buonepratiche.biblioteca import pratiche_pubblicate, risultati, vocabolari
from buonepratiche.filters import FiltriBiblioteca
from buonepratiche.services.dati_aperti import esporta


def risposta_esportazione(request, *, indice, formato):
    """The export route of the library: the listing as filtered and sorted by the query string."""
    if formato not in ("csv", "json"):
        raise Http404(_("Formato di esportazione sconosciuto."))
    if not permissions.can_export(request.user):
        raise Http404
    filtri = FiltriBiblioteca(request.GET, vocabolari=vocabolari())
    pratiche = risultati(filtri, pratiche_pubblicate().child_of(indice))
    contenuto = esporta(pratiche, request=request, formato=formato)
    tipo = "text/csv; charset=utf-8" if formato == "csv" else "application/json; charset=utf-8"
    risposta = HttpResponse(contenuto, content_type=tipo)
    nome = f"buone-pratiche-{timezone.localdate().isoformat()}.{formato}"
    risposta["Content-Disposition"] = f'attachment; filename="{nome}"'
    if filtri.avvisi:
        risposta["X-Avvisi-Filtri"] = str(len(filtri.avvisi))
    return risposta
