"""`/api/`: the human page; `/api/v1/`: the endpoints of `registro.py`, the vocabularies, the indicators and the OpenAPI
document. Mounted by `cop/urls.py` before Wagtail's catch-all."""

from django.urls import path, re_path

from . import indicatori, viste
from .registro import router

urlpatterns = [
    path("", viste.documentazione, name="api_documentazione"),
    path("v1/openapi.json", viste.OpenAPI.as_view(), name="api_openapi"),
    path("v1/vocabolari/", viste.VocabolariAPI.as_view(), name="api_vocabolari"),
    path("v1/indicatori/", indicatori.IndicatoriAPI.as_view(), name="api_indicatori"),
    path("v1/indicatori/<slug:codice>/", indicatori.IndicatoreAPI.as_view(), name="api_indicatore"),
    path("v1/", router.urls),
    re_path(r"^v1/", viste.non_trovato),
]
