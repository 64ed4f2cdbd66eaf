"""What every endpoint of the read API shares: the Wagtail `PagesAPIViewSet` narrowed to live, public
pages of the site, declared parameters checked by a filter backend, the capped pagination, the
`fields` selection, JSON errors in Italian, CORS open to GET and a per-client rate limit."""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.utils.urls import remove_query_param, replace_query_param
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from cop.filtri import Filtri

from .errori import errore_per_eccezione
from .parametri import LIMITE_PREDEFINITO, ParametriPaginazione, form_dettaglio, form_elenco, leggi

LIMITE_RICHIESTE_PREDEFINITO = "120/min"
ID_MASSIMO = 2**31 - 1  # page ids are 32-bit

INTESTAZIONI_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language",
    "Access-Control-Expose-Headers": "Retry-After",
    "Access-Control-Max-Age": "86400",
}


def aggiungi_cors(response):
    """The API is public and read-only: any origin may GET it (no cookies are read)."""
    for nome, valore in INTESTAZIONI_CORS.items():
        response[nome] = valore
    return response


UNITA = {
    "s": gettext_lazy("al secondo"),
    "m": gettext_lazy("al minuto"),
    "h": gettext_lazy("all'ora"),
    "d": gettext_lazy("al giorno"),
}


def limite_richieste():
    """The rate limit per client address (`API_LIMITE_RICHIESTE`, e.g. "120/min"; None: no limit)."""
    return getattr(settings, "API_LIMITE_RICHIESTE", LIMITE_RICHIESTE_PREDEFINITO)


def limite_richieste_in_parole():
    limite = limite_richieste()
    if not limite:
        return _("nessun limite")
    numero, periodo = limite.split("/")
    return _("%(numero)s richieste %(periodo)s per indirizzo IP") % {"numero": numero, "periodo": UNITA[periodo[0]]}


class LimiteRichieste(AnonRateThrottle):
    scope = "api"

    def get_rate(self):
        return limite_richieste()


class FiltriDichiarati(BaseFilterBackend):
    """Reads the parameters the endpoint declares (anything else is a 400) and, on the listing, hands
    the clean values to the endpoint's `filtra()`."""

    def filter_queryset(self, request, queryset, view):
        view.valori = leggi(request.GET, view.parametri_accettati())
        if view.action == "listing_view":
            queryset = view.filtra(queryset, view.valori)
        return queryset


class Paginazione(WagtailPagination):
    """Wagtail's limit/offset with its envelope (`meta.total_count`, `items`), the values already
    checked by `FiltriDichiarati`, plus links to the next and previous page."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.limit = view.valori.get("limit", LIMITE_PREDEFINITO)
        self.offset = view.valori.get("offset", 0)
        self.total_count = queryset.count()
        if self.offset >= self.total_count or not self.limit:
            return []  # past the end: no query (an offset of 30 digits is no SQL integer)
        return list(queryset[self.offset : self.offset + self.limit])

    def _link(self, offset):
        url = self.request.build_absolute_uri()
        return remove_query_param(url, "offset") if offset == 0 else replace_query_param(url, "offset", offset)

    def get_paginated_response(self, data):
        successiva = self.offset + self.limit
        meta = {
            "total_count": self.total_count,
            "limit": self.limit,
            "offset": self.offset,
            "next": self._link(successiva) if self.limit and successiva < self.total_count else None,
            "previous": self._link(max(self.offset - self.limit, 0)) if self.limit and self.offset else None,
        }
        return Response({"meta": meta, "items": data})


# --- serializers -----------------------------------------------------------------------------------


class ElementoSerializer(serializers.Serializer):
    """Base of the representations: `fields` in the context keeps only those (and `id`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        campi = self.context.get("campi")
        if campi:
            for nome in list(self.fields):
                if nome != "id" and nome not in campi:
                    self.fields.pop(nome)


class VoceSerializer(serializers.Serializer):
    """A vocabulary entry (zone, theme, ...): its stable slug and its name."""

    slug = serializers.CharField()
    nome = serializers.CharField()


class TestoRicco(serializers.Field):
    """A rich text field as HTML for the outside: internal links and documents become real URLs."""

    def to_representation(self, valore):
        return expand_db_html(valore) if valore else ""


class PaginaSerializer(ElementoSerializer):
    """The fields every page has."""

    id = serializers.IntegerField()
    titolo = serializers.CharField(source="title")
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()
    dettaglio = serializers.SerializerMethodField()
    pubblicata_il = serializers.DateTimeField(source="first_published_at")
    aggiornata_il = serializers.DateTimeField(source="last_published_at")

    def get_url(self, pagina):
        request = self.context["request"]
        return request.build_absolute_uri(pagina.get_url(request))

    def get_dettaglio(self, pagina):
        request = self.context["request"]
        return request.build_absolute_uri(request.wagtailapi_router.get_object_detail_urlpath(type(pagina), pagina.pk))


def campi_schema(serializer_class):
    """The names of the fields of a serializer (to keep the documented schema in step with it)."""
    return list(serializer_class().fields)


# --- the viewset -----------------------------------------------------------------------------------


class APIPubblica:
    """What every view of the API shares: JSON only, the same answers for everyone (no session, so no
    restricted page ever), a rate limit per client, errors as `{"errore", "parametro"}`, CORS."""

    renderer_classes = [JSONRenderer]
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [LimiteRichieste]

    def handle_exception(self, exc):
        errore = errore_per_eccezione(exc)
        if errore is None:
            return super().handle_exception(exc)
        stato, corpo = errore
        response = Response(corpo, status=stato)
        attesa = getattr(exc, "wait", None)
        if attesa is not None:
            response["Retry-After"] = str(int(attesa) + 1)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        return aggiungi_cors(super().finalize_response(request, response, *args, **kwargs))


class PagineAPIViewSet(APIPubblica, PagesAPIViewSet):
    """A read-only endpoint over one page model. Subclasses set `model`, `filtri` (the form of the
    listing), `filtra()`, `per_api()` (prefetching), the serializers and the item schemas."""

    pagination_class = Paginazione
    filter_backends = [FiltriDichiarati]

    model = None
    descrizione = ""
    filtri = Filtri  # the listing's filters: the site's form (`cop.filtri`), with the same names
    serializer_elenco = None
    serializer_dettaglio = None
    schema_elemento = None  # JSON Schema of an item of the listing
    schema_dettaglio = None  # ... and of the detail

    # --- what is read ---------------------------------------------------------------------------

    def get_queryset(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return self.model.objects.none()
        pagine = self.model.objects.live().public().descendant_of(site.root_page, inclusive=True)
        return self.per_api(pagine)

    def per_api(self, queryset):
        """Prefetching for the representation: a fixed number of queries whatever the page size."""
        return queryset

    def filtra(self, queryset, valori):
        return queryset

    def get_object(self):
        """An id beyond what a page id can be is simply not found (SQLite would overflow on it)."""
        if self.kwargs["pk"] > ID_MASSIMO:
            raise Http404
        return super().get_object()

    # --- parameters -----------------------------------------------------------------------------

    @classmethod
    def parametri_elenco(cls):
        return form_elenco(cls.filtri, cls.serializer_elenco)

    @classmethod
    def parametri_filtri(cls):
        """The listing's own filters, as documented on `/api/` (pagination and `fields` apart)."""
        comuni = {"fields", *ParametriPaginazione.base_fields}
        return [p for p in cls.parametri_elenco().parametri_openapi() if p["name"] not in comuni]

    @classmethod
    def parametri_dettaglio(cls):
        return form_dettaglio(cls.serializer_dettaglio)

    def parametri_accettati(self):
        return self.parametri_elenco() if self.action == "listing_view" else self.parametri_dettaglio()

    def check_query_parameters(self, queryset):
        """Done by `FiltriDichiarati`, with the endpoint's own list."""

    # --- representation -------------------------------------------------------------------------

    def get_serializer_class(self):
        return self.serializer_elenco if self.action == "listing_view" else self.serializer_dettaglio

    def get_serializer_context(self):
        return {"request": self.request, "view": self, "campi": getattr(self, "valori", {}).get("fields")}

    @classmethod
    def get_urlpatterns(cls):
        """Listing and detail (Wagtail's `find/` is left out)."""
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in ("listing", "detail")]
