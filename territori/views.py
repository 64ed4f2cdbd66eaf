"""The pages of the territories: the list of zones, a zone's page and its feed, the "Flusso" of the region,
the directory of organisations and an organisation's page. Thin: every read is in territori/flusso.py and
territori/organizzazioni.py."""

from urllib.parse import urlencode

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import ngettext

from cop import mappa
from cop.models import Organizzazione, Zona
from territori import flusso, organizzazioni
from territori.feeds import FeedZona
from territori.forms import FiltriBisogniForm, FiltriFlussoForm


def _etichetta(riga):
    return ngettext(
        "%(zona)s: %(n)s buona pratica pubblicata", "%(zona)s: %(n)s buone pratiche pubblicate", riga.pratiche
    ) % {"zona": riga.zona.nome, "n": riga.pratiche}


def zona_list(request):
    toscane, fuori, legenda = flusso.zone_sulla_mappa()
    disegno = mappa.regione({r.zona.slug: (r.zona.get_absolute_url(), _etichetta(r), r.livello) for r in toscane})
    return render(
        request,
        "territori/zona_list.html",
        {"zone": toscane, "fuori": fuori, "legenda": legenda, "mappa": disegno},
    )


def _zona(slug):
    return get_object_or_404(Zona.objects.prefetch_related("successori", "predecessori"), slug=slug)


def zona_detail(request, slug):
    zona = _zona(slug)
    form = FiltriBisogniForm(request.GET)
    scelti = {nome: valori[0] for nome, valori in form.scelti.items()}
    servizi = flusso.servizi_della_zona(zona, **form.valori)
    return render(
        request,
        "territori/zona_detail.html",
        {
            "zona": zona,
            "sintesi": flusso.zona_in_sintesi(request, zona),
            "mappe": mappa.mappe_della_zona(zona, servizi.valori_comuni() if servizi.per_comune else None),
            "bisogni": flusso.bisogni_della_zona(zona, request.user, **form.valori),
            "servizi": servizi,
            "filtri_bisogni": FiltriBisogniForm(initial=scelti, visibile=True, auto_id="bisogni_%s"),
            "filtri_ignorati": form.nomi_ignorati(),
            "filtri_attivi": bool(scelti),
        },
    )


def feed_zona(request, slug):
    return FeedZona(zona=get_object_or_404(Zona, slug=slug), request=request)(request)


def url_ricerca(zona, tema):
    return f"{reverse('search:cerca')}?{urlencode({'zona': zona, 'tema': tema})}"


def flusso_territori(request):
    form = FiltriFlussoForm(request.GET)
    tema, anno = form.valori.get("tema"), form.valori.get("anno")
    tutte = flusso.flussi(tema=tema, anno=anno)
    righe = tutte[: flusso.FRECCE_SULLA_MAPPA]  # the strongest: a map of 700 arrows says nothing
    scelti = {nome: valori[0] for nome, valori in form.scelti.items()}
    return render(
        request,
        "territori/flusso.html",
        {
            "attivita": flusso.attivita_recente(request),
            "matrice": flusso.matrice(url_ricerca),
            "trasferimenti": flusso.trasferimenti_recenti(),
            "flussi": righe,
            "numero_flussi": len(tutte),
            "mappa_flussi": mappa.mappa_dei_flussi(righe, Zona.objects.toscane().attuali()),
            "filtri_flussi": FiltriFlussoForm(initial=scelti, anni=flusso.anni_delle_adozioni(), auto_id="flussi_%s"),
            "filtri_ignorati": form.nomi_ignorati(),
            "filtri_attivi": bool(scelti),
        },
    )


def organizzazione_list(request):
    return render(request, "territori/organizzazione_list.html", {"elenco": organizzazioni.elenco(request)})


def organizzazione_detail(request, slug):
    """Published organisations only: one waiting for review is not public yet."""
    organizzazione = get_object_or_404(
        Organizzazione.objects.pubblicate().prefetch_related(Prefetch("zone", queryset=Zona.objects.order_by("nome"))),
        slug=slug,
    )
    return render(
        request,
        "territori/organizzazione_detail.html",
        {"organizzazione": organizzazione, "scheda": organizzazioni.scheda(organizzazione, request.user)},
    )
