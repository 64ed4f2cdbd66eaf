"""The OpenAPI 3.1 document of the read API, built from the endpoints' declarations (parameters and
item schemas), so the document cannot promise what the views do not accept."""

import copy

from . import tipi
from .base import ID_MASSIMO, limite_richieste_in_parole
from .indicatori import percorsi_openapi
from .parametri import LIMITE_MASSIMO, LIMITE_PREDEFINITO

VERSIONE = "1.0.0"
LICENZA = {
    "name": "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.it",
}

ERRORE = tipi.oggetto(
    {
        "errore": {**tipi.TESTO, "description": "Che cosa non va, in italiano."},
        "parametro": {"type": ["string", "null"], "description": "Il parametro della richiesta che non va."},
    },
    descrizione="Un errore: il messaggio e, se c'entra, il parametro.",
)
META = tipi.oggetto(
    {
        "total_count": {**tipi.INTERO, "description": "Quanti elementi corrispondono ai filtri."},
        "limit": tipi.INTERO,
        "offset": tipi.INTERO,
        "next": {**tipi.URL_O_NULLA, "description": "La pagina successiva, se c'è."},
        "previous": {**tipi.URL_O_NULLA, "description": "La pagina precedente, se c'è."},
    }
)


def _ref(nome):
    return {"$ref": f"#/components/schemas/{nome}"}


def _risposta_errore(descrizione):
    return {"description": descrizione, "content": {"application/json": {"schema": _ref("Errore")}}}


def risposte_errore():
    return {
        "400": _risposta_errore("Parametro sconosciuto, ripetuto, vuoto o con un valore non ammesso."),
        "429": {
            **_risposta_errore(
                f"Troppe richieste ({limite_richieste_in_parole()}): riprovare dopo Retry-After secondi."
            ),
            "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Secondi da attendere."}},
        },
    }


def con_campi_facoltativi(schema):
    """With `fields` only the chosen fields (and `id`) are there: the document requires only `id`."""
    schema = copy.deepcopy(schema)
    schema["required"] = ["id"]
    return schema


def _operazioni_endpoint(nome, endpoint):
    elemento, dettaglio = endpoint.nome_schema, f"{endpoint.nome_schema}Dettaglio"
    elenco = f"Elenco{endpoint.nome_schema}"
    schemi = {
        elemento: con_campi_facoltativi(endpoint.schema_elemento),
        dettaglio: con_campi_facoltativi(endpoint.schema_dettaglio),
        elenco: tipi.oggetto({"meta": _ref("Meta"), "items": tipi.lista(_ref(elemento))}),
    }
    percorsi = {
        f"/{nome}/": {
            "get": {
                "operationId": f"elenco_{nome}",
                "tags": [str(endpoint.titolo)],
                "summary": str(endpoint.titolo),
                "description": str(endpoint.descrizione),
                "parameters": endpoint.parametri_elenco().parametri_openapi(),
                "responses": {
                    "200": {
                        "description": "Una pagina dell'elenco.",
                        "content": {"application/json": {"schema": _ref(elenco)}},
                    },
                    **risposte_errore(),
                },
            }
        },
        f"/{nome}/{{id}}/": {
            "get": {
                "operationId": f"dettaglio_{nome}",
                "tags": [str(endpoint.titolo)],
                "summary": f"{endpoint.titolo}: un elemento",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 0, "maximum": ID_MASSIMO},
                    },
                    *endpoint.parametri_dettaglio().parametri_openapi(),
                ],
                "responses": {
                    "200": {
                        "description": "L'elemento, con tutti i campi.",
                        "content": {"application/json": {"schema": _ref(dettaglio)}},
                    },
                    "404": _risposta_errore("Non esiste, non è pubblicato o non è pubblico."),
                    **risposte_errore(),
                },
            }
        },
    }
    return percorsi, schemi


def documento(router, *, vocabolari_schema):
    """The OpenAPI document of the endpoints registered in `router` plus the vocabularies."""
    percorsi, schemi = {}, {"Errore": ERRORE, "Meta": META, "Voce": tipi.VOCE}
    for nome, endpoint in router._endpoints.items():
        p, s = _operazioni_endpoint(nome, endpoint)
        percorsi.update(p)
        schemi.update(s)
    percorsi["/vocabolari/"] = {
        "get": {
            "operationId": "vocabolari",
            "tags": ["Vocabolari"],
            "summary": "Vocabolari",
            "description": "Gli slug e i nomi accettati dai filtri (zone, temi, destinatari, ...).",
            "responses": {
                "200": {
                    "description": "Ogni vocabolario con le sue voci.",
                    "content": {"application/json": {"schema": _ref("Vocabolari")}},
                },
                **risposte_errore(),
            },
        }
    }
    schemi["Vocabolari"] = vocabolari_schema
    p, s = percorsi_openapi(risposte_errore, _ref)
    percorsi.update(p)
    schemi.update(s)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "API di lettura della Comunità di pratica sull'inclusione sociale",
            "version": VERSIONE,
            "summary": "Buone pratiche, eventi e aggiornamenti, in JSON, con gli stessi filtri del sito.",
            "description": (
                "API in sola lettura (GET) e senza autenticazione. Restituisce solo pagine pubblicate e "
                "pubbliche, senza dati personali (niente persone di contatto, niente iscritti). "
                f"Paginazione con limit (predefinito {LIMITE_PREDEFINITO}, massimo {LIMITE_MASSIMO}) e offset. "
                'Un parametro sconosciuto o non valido dà un errore 400 con {"errore", "parametro"}. '
                "CORS: GET ammesso da qualunque origine. "
                f"Limite: {limite_richieste_in_parole()}. "
                "I dati sono rilasciati con licenza CC BY 4.0: citare la Comunità di pratica e il link alla pagina."
            ),
            "license": LICENZA,
        },
        "servers": [{"url": "/api/v1"}],
        "paths": percorsi,
        "components": {"schemas": schemi},
    }
