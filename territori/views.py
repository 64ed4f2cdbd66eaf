"""The pages of the territories: the list of zones, a zone's page and its feed, the "Flusso" of the region,
the indicators on the map ("Dati") and their downloads, the directory of organisations and an
organisation's page. Thin: every read is in territori/flusso.py, territori/indicatori.py and
territori/organizzazioni.py."""

import csv
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cop import mappa
from cop.esportazione_csv import cella
from cop.formati import cifra
from cop.models import Organizzazione, Zona
from territori import flusso, grafici, indicatori, organizzazioni
from territori.feeds import FeedZona
from territori.forms import FiltriBisogniForm, FiltriDatiForm, FiltriFlussoForm


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
            "indicatori": _indicatori_della_zona(zona),
        },
    )


def _righe_della_serie(serie):
    """The table under a chart as text, once per row (a zone's page may have twenty series of 15 years)."""
    righe = []
    for punto in serie.punti:
        regione = punto.regionale
        zone = _("%(n)s zone su %(di)s") % {"n": regione.zone_con_dato, "di": regione.zone_in_vigore} if regione else ""
        righe.append(
            (
                str(punto.anno),
                cifra(punto.valore),
                cifra(regione.media) if regione else "—",
                zone,
                cifra(regione.totale) if regione and regione.totale is not None else "—",
            )
        )
    return righe


def _grafici_della_zona(zona):
    """[(Serie, Grafico, rows of its table)]: each indicator of the zone year by year, with the average
    of the Tuscan zones."""
    etichetta_regione = _("Media delle zone toscane")
    return [
        (
            serie,
            grafici.serie_storica(
                [(p.anno, p.valore, p.regionale.media if p.regionale else None) for p in serie.punti],
                etichetta_zona=zona.nome,
                etichetta_regione=etichetta_regione,
            ),
            _righe_della_serie(serie),
        )
        for serie in indicatori.serie_della_zona(zona)
    ]


def _indicatori_della_zona(zona):
    """The HTML of the zone's indicators section, cached with the figures (`flusso.CACHE`): twenty
    charts with their tables cost about 30 ms to render, and are the same for every visitor."""

    def disegna():
        return render_to_string(
            "territori/includes/indicatori_zona.html", {"indicatori": _grafici_della_zona(zona), "zona": zona}
        )

    return mark_safe(flusso.CACHE.valore("sezione_indicatori", zona.pk, get_language(), calcola=disegna))  # noqa: S308 (our template's output)


def feed_zona(request, slug):
    return FeedZona(zona=get_object_or_404(Zona, slug=slug), request=request)(request)


def url_ricerca():
    """The link of a heat map's cell: the search for a zone and a theme (the search's address resolved once
    for the hundreds of cells, not once each)."""
    cerca = reverse("search:cerca")

    def url(zona, tema):
        return f"{cerca}?{urlencode({'zona': zona, 'tema': tema})}"

    return url


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
            "matrice": flusso.matrice(url_ricerca()),
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


def _etichetta_dato(riga, definizione):
    if riga.valore is None:
        return _("%(zona)s: nessun dato") % {"zona": riga.zona.nome}
    return f"{riga.zona.nome}: {cifra(riga.valore)} {definizione.unita}"


def dati(request):
    """`/dati/`: one indicator on the map for one year, the same figures in a table, the downloads."""
    form = FiltriDatiForm(request.GET)
    definizione = form.valori.get("indicatore") or indicatori.definizioni()[0]
    anni = indicatori.anni(definizione)
    anno = form.valori.get("anno")
    anno_senza_dati = anno if anno is not None and anno not in anni else None
    if anno not in anni:
        anno = anni[0] if anni else None
    righe, fasce, regionale = indicatori.sulla_mappa(definizione, anno) if anno else ([], [], None)
    disegno = mappa.regione(
        {r.zona.slug: (r.zona.get_absolute_url(), _etichetta_dato(r, definizione), r.livello) for r in righe},
        anno=anno,
    )
    return render(
        request,
        "territori/dati.html",
        {
            "definizione": definizione,
            "anno": anno,
            "anno_senza_dati": anno_senza_dati,
            "righe": righe,
            "fasce": fasce,
            "regionale": regionale,
            "mappa": disegno,
            "filtri": FiltriDatiForm(
                initial={"indicatore": definizione.codice, "anno": anno}, anni=anni, auto_id="dati_%s"
            ),
            "filtri_ignorati": form.nomi_ignorati(),
        },
    )


def _definizione_o_404(codice):
    definizione = indicatori.definizione(codice)
    if definizione is None:
        raise Http404(_("Nessun indicatore con questo codice."))
    return definizione


COLONNE_CSV = ("indicatore", "zona", "comune", "anno", "valore")


def dati_csv(request, codice):
    """Every value of an indicator, in the columns an import reads (a file downloaded can be imported)."""
    definizione = _definizione_o_404(codice)
    risposta = HttpResponse(content_type="text/csv; charset=utf-8")
    risposta["Content-Disposition"] = f'attachment; filename="{definizione.codice}.csv"'
    scrittore = csv.writer(risposta)
    scrittore.writerow(COLONNE_CSV)
    for riga in indicatori.righe_da_scaricare(definizione):
        scrittore.writerow(
            [definizione.codice, riga["zona"].slug, cella(riga["comune"]), riga["anno"], _numero(riga["valore"])]
        )
    return risposta


def _numero(valore):
    """A value as data: a point for decimals, no trailing zeros (12.5, 3, -0.25)."""
    return format(valore.normalize(), "f")


def dati_json(request, codice):
    definizione = _definizione_o_404(codice)
    risposta = JsonResponse(
        {
            "indicatore": definizione.come_dati(),
            "licenza": "CC BY 4.0",
            "valori": indicatori.valori_come_dati(definizione),
        },
        json_dumps_params={"ensure_ascii": False},
    )
    risposta["Content-Disposition"] = f'attachment; filename="{definizione.codice}.json"'
    return risposta
