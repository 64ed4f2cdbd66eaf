"""The read API (`/api/v1/`): practices, events and updates as JSON, with the site's filters, for the
national and other regional systems that pull the flow between territories.

Built on Wagtail's API v2 (`PagesAPIViewSet`, `WagtailAPIRouter`). What it changes, in `base.py`:
only live, public pages of the site (never drafts or view-restricted pages, whoever asks), parameters
declared once per endpoint (`Parametro`) and checked strictly (an unknown or malformed one is a 400
with `{"errore", "parametro"}`), one flat Italian representation per content type (no personal data),
a capped limit/offset pagination, CORS open to GET. The OpenAPI document (`schema.py`) is built from
the same declarations, so what is documented is what is accepted.

A new content type is one module (a `PagineAPIViewSet` subclass with its parameters, serializer and
item schema) and one line in `urls.py` (`router.register_endpoint(...)`)."""
