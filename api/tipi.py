"""JSON Schema (OpenAPI 3.1) of the values the API returns, composed by the endpoints for their items."""

INTERO = {"type": "integer"}
BOOLEANO = {"type": "boolean"}
TESTO = {"type": "string"}
HTML = {"type": "string", "contentMediaType": "text/html", "description": "HTML già ripulito."}
URL = {"type": "string", "format": "uri"}
DATA = {"type": ["string", "null"], "format": "date"}
DATA_ORA = {"type": "string", "format": "date-time"}
DATA_ORA_O_NULLA = {"type": ["string", "null"], "format": "date-time"}
URL_O_NULLA = {"type": ["string", "null"], "format": "uri"}


def oggetto(proprieta, *, descrizione=None):
    schema = {
        "type": "object",
        "properties": proprieta,
        "required": list(proprieta),
        "additionalProperties": False,
    }
    if descrizione:
        schema["description"] = descrizione
    return schema


def lista(elemento):
    return {"type": "array", "items": elemento}


def enum(valori):
    return {"type": "string", "enum": list(valori)}


VOCE = oggetto({"slug": TESTO, "nome": TESTO}, descrizione="Una voce di un vocabolario: slug stabile e nome.")
VOCI = lista(VOCE)
DOCUMENTI = lista(oggetto({"titolo": TESTO, "url": URL}, descrizione="Un documento scaricabile."))

PAGINA = {
    "id": INTERO,
    "titolo": TESTO,
    "slug": TESTO,
    "url": {**URL, "description": "Indirizzo della pagina sul sito."},
    "dettaglio": {**URL, "description": "Indirizzo di questo elemento nell'API."},
    "pubblicata_il": DATA_ORA_O_NULLA,
    "aggiornata_il": DATA_ORA_O_NULLA,
}


def estendi(base, **proprieta):
    """`base` (an object schema) with more properties, all required."""
    return oggetto({**base["properties"], **proprieta}, descrizione=base.get("description"))
