"""The API's views besides the page endpoints: the vocabularies, the OpenAPI document, the human page
`/api/` and the JSON 404 under `/api/v1/`."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import APIView

from buonepratiche.models import BuonaPraticaPage, Destinatario, FonteFinanziamento, Metodologia
from cop.filtri import Filtri
from cop.models import AggiornamentoPage, Organizzazione, Tema, Zona
from eventi.models import EventoPage

from . import schema, tipi
from .base import APIPubblica, aggiungi_cors, limite_richieste_in_parole
from .errori import corpo_errore
from .parametri import LIMITE_MASSIMO, LIMITE_PREDEFINITO, leggi
from .registro import router

VOCABOLARI_MODELLI = {
    "zone": Zona,
    "temi": Tema,
    "destinatari": Destinatario,
    "fonti_finanziamento": FonteFinanziamento,
    "metodologie": Metodologia,
}
VOCABOLARI_SCELTE = {
    "tipi_soggetto": Organizzazione.Tipo,
    "stati_pratica": BuonaPraticaPage.Stato,
    "tipi_evento": EventoPage.Tipo,
    "modalita_evento": EventoPage.Modalita,
    "ambiti_aggiornamento": AggiornamentoPage.Ambito,
}
SCHEMA_VOCABOLARI = tipi.oggetto(
    dict.fromkeys([*VOCABOLARI_MODELLI, *VOCABOLARI_SCELTE], tipi.VOCI),
    descrizione=(
        "zone e temi valgono per i parametri zona e tema; destinatari, fonti_finanziamento, metodologie, "
        "tipi_soggetto e stati_pratica per destinatari, fonte, metodologia, soggetto e stato delle pratiche; "
        "tipi_evento per tipo degli eventi; ambiti_aggiornamento per ambito degli aggiornamenti."
    ),
)


class VocabolariAPI(APIPubblica, APIView):
    """Every vocabulary the filters accept, with slug and name (one query per vocabulary)."""

    def get(self, request):
        leggi(request.GET, Filtri)
        dati = {
            nome: list(modello.objects.order_by("nome").values("slug", "nome"))
            for nome, modello in VOCABOLARI_MODELLI.items()
        }
        for nome, scelte in VOCABOLARI_SCELTE.items():
            dati[nome] = [{"slug": valore, "nome": str(etichetta)} for valore, etichetta in scelte.choices]
        return Response(dati)


class OpenAPI(APIPubblica, APIView):
    def get(self, request):
        leggi(request.GET, Filtri)
        return Response(schema.documento(router, vocabolari_schema=SCHEMA_VOCABOLARI))


def non_trovato(request, *args, **kwargs):
    return aggiungi_cors(JsonResponse(corpo_errore(_("Risorsa non trovata.")), status=404))


def documentazione(request):
    """`/api/`: how to use the API, in Italian, from the same declarations as the OpenAPI document."""
    endpoint = [
        {
            "nome": nome,
            "titolo": classe.titolo,
            "descrizione": classe.descrizione,
            "parametri": classe.parametri_filtri(),
            "campi": list(classe.schema_elemento["properties"]),
            "campi_dettaglio": [
                campo
                for campo in classe.schema_dettaglio["properties"]
                if campo not in classe.schema_elemento["properties"]
            ],
        }
        for nome, classe in router._endpoints.items()
    ]
    return render(
        request,
        "api/api.html",
        {
            "endpoint": endpoint,
            "limite_predefinito": LIMITE_PREDEFINITO,
            "limite_massimo": LIMITE_MASSIMO,
            "limite_richieste": limite_richieste_in_parole(),
            "licenza": schema.LICENZA,
            "esempio": request.build_absolute_uri(reverse("api_v1:pratiche:listing")),
        },
    )
