"""The search page and the suggestions while typing: both talk to `get_backend()` only."""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.forms import (
    ETICHETTE_ORDINA,
    ETICHETTE_SUGGERIMENTI,
    ETICHETTE_TIPO,
    ParametriRicerca,
    pulisci_testo,
    vocabolari,
)
from search.selectors import pagina_di_ricerca, suggerimenti_dei_vocabolari, suggerimenti_visibili

logger = logging.getLogger(__name__)


MIN_SUGGERIMENTI = 2  # characters typed before suggesting
MAX_SUGGERIMENTI = 100  # characters of the prefix sent to the engine
NUMERO_SUGGERIMENTI = 8


@require_GET
def cerca(request):
    parametri = ParametriRicerca(request.GET, vocabolari=vocabolari())
    stato = pagina_di_ricerca(parametri, backend=get_backend())
    return render(
        request,
        "search/cerca.html",
        {
            "stato": stato,
            "parametri": parametri,
            "ordinamenti": ETICHETTE_ORDINA,
            "tipi": {**ETICHETTE_TIPO, **ETICHETTE_SUGGERIMENTI},
        },
    )


@require_GET
def suggerimenti(request):
    """{"suggerimenti": [{"testo", "url", "tipo"}]}; with the engine down, an empty list and
    "non_disponibile": true (the box keeps working as a plain form)."""
    prefisso = pulisci_testo(request.GET.get("q", ""))[:MAX_SUGGERIMENTI]
    if len(prefisso) < MIN_SUGGERIMENTI:
        return JsonResponse({"suggerimenti": []})
    try:
        # Twice as many as shown: those whose content is no longer visible are left out.
        voci = get_backend().suggerisci(prefisso, limite=2 * NUMERO_SUGGERIMENTI)
    except SearchUnavailable as errore:
        logger.warning("Suggerimenti non disponibili: %s", errore)
        return JsonResponse({"suggerimenti": [], "non_disponibile": True})
    # Zones, themes and acronyms first (a few), then the engine's titles.
    dai_vocabolari = suggerimenti_dei_vocabolari(prefisso)
    voci = dai_vocabolari + suggerimenti_visibili(voci, NUMERO_SUGGERIMENTI - len(dai_vocabolari))
    return JsonResponse(
        {"suggerimenti": [{"testo": v["testo"], "url": v["url"], "tipo": v["tipo"]} for v in voci]},
    )
