"""`/api/v1/indicatori/`: the indicators of the territories (the platform's own and those imported by the
editors), and `/api/v1/indicatori/<codice>/` with the values by zone and year and the regional figures,
filterable by zone and year. The same figures as `/dati/` and its downloads."""

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.response import Response
from rest_framework.views import APIView

from cop.filtri import AnnoField, Filtri, VoceField, voci_del_modello
from cop.models import Zona
from territori import indicatori

from . import tipi
from .base import APIPubblica
from .parametri import leggi

NUMERO = {"type": "number"}
NUMERO_O_NULLA = {"type": ["number", "null"]}

DEFINIZIONE = {
    "codice": tipi.TESTO,
    "nome": tipi.TESTO,
    "unita": tipi.TESTO,
    "fonte": tipi.TESTO,
    "link": tipi.URL_O_NULLA,
    "calcolo": tipi.TESTO,
    "piu_alto_e_meglio": tipi.BOOLEANO,
    "aggregazione": tipi.enum(["somma", "media"]),
    "della_piattaforma": {**tipi.BOOLEANO, "description": "Calcolato dalle attività registrate sulla piattaforma."},
    "url": tipi.URL,
}
SCHEMA_ELENCO = tipi.oggetto({"items": tipi.lista(tipi.oggetto(DEFINIZIONE))})
SCHEMA_DETTAGLIO = tipi.oggetto(
    {
        **DEFINIZIONE,
        "valori": tipi.lista(
            tipi.oggetto(
                {"zona": tipi.TESTO, "comune": {"type": ["string", "null"]}, "anno": tipi.INTERO, "valore": NUMERO},
                descrizione="Il valore di una zona (comune null) o di un suo comune in un anno.",
            )
        ),
        "regione": tipi.lista(
            tipi.oggetto(
                {
                    "anno": tipi.INTERO,
                    "media_zone": NUMERO,
                    "totale": NUMERO_O_NULLA,
                    "zone_con_dato": tipi.INTERO,
                    "zone_in_vigore": tipi.INTERO,
                },
                descrizione="La Toscana in un anno: media delle zone con il dato, totale (per i conteggi).",
            )
        ),
    }
)


class FiltriIndicatore(Filtri):
    zona = VoceField(
        label=gettext_lazy("Zona"),
        help_text=gettext_lazy("Lo slug di una zona (vocabolario zone): solo i suoi valori."),
        voci=voci_del_modello(Zona, campo=None),
    )
    anno = AnnoField(label=gettext_lazy("Anno"), help_text=gettext_lazy("Solo i valori di quell'anno."))


def descrizione(definizione, request):
    url = request.build_absolute_uri(reverse("api_indicatore", args=[definizione.codice]))
    return {**definizione.come_dati(), "url": url}


class IndicatoriAPI(APIPubblica, APIView):
    def get(self, request):
        leggi(request.GET, Filtri)
        return Response({"items": [descrizione(d, request) for d in indicatori.definizioni()]})


def _regione(definizione, *, anno):
    return [
        {
            "anno": r.anno,
            "media_zone": float(r.media),
            "totale": None if r.totale is None else float(r.totale),
            "zone_con_dato": r.zone_con_dato,
            "zone_in_vigore": r.zone_in_vigore,
        }
        for r in indicatori.regionali(definizione).values()
        if anno in (None, r.anno)
    ]


class IndicatoreAPI(APIPubblica, APIView):
    def get(self, request, codice):
        filtri = leggi(request.GET, FiltriIndicatore)
        definizione = indicatori.definizione(codice)
        if definizione is None:
            raise Http404(_("Nessun indicatore con questo codice."))
        zona, anno = filtri.get("zona"), filtri.get("anno")
        return Response(
            {
                **descrizione(definizione, request),
                "valori": indicatori.valori_come_dati(definizione, zona=zona, anno=anno),
                "regione": _regione(definizione, anno=anno),
            }
        )


def percorsi_openapi(risposte_errore, riferimento):
    """The two paths of the OpenAPI document and their schemas."""
    percorsi = {
        "/indicatori/": {
            "get": {
                "operationId": "elenco_indicatori",
                "tags": ["Indicatori"],
                "summary": "Indicatori dei territori",
                "description": "Gli indicatori della piattaforma e quelli importati dalla redazione.",
                "responses": {
                    "200": {
                        "description": "Ogni indicatore con la sua definizione.",
                        "content": {"application/json": {"schema": riferimento("ElencoIndicatori")}},
                    },
                    **risposte_errore(),
                },
            }
        },
        "/indicatori/{codice}/": {
            "get": {
                "operationId": "dettaglio_indicatori",
                "tags": ["Indicatori"],
                "summary": "Indicatori dei territori: valori per zona e anno",
                "parameters": [
                    {
                        "name": "codice",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 60},
                    },
                    *FiltriIndicatore.parametri_openapi(),
                ],
                "responses": {
                    "200": {
                        "description": "La definizione, i valori e i dati della Toscana.",
                        "content": {"application/json": {"schema": riferimento("Indicatore")}},
                    },
                    "404": {
                        "description": "Nessun indicatore con questo codice.",
                        "content": {"application/json": {"schema": riferimento("Errore")}},
                    },
                    **risposte_errore(),
                },
            }
        },
    }
    return percorsi, {"ElencoIndicatori": SCHEMA_ELENCO, "Indicatore": SCHEMA_DETTAGLIO}
