"""The zone pages, the "Flusso", the indicators ("Dati") and the organisations (names without a namespace:
`Zona.get_absolute_url` uses "zona_detail")."""

from django.urls import path

from . import views

urlpatterns = [
    path("zone/", views.zona_list, name="zona_list"),
    path("zone/<slug:slug>/", views.zona_detail, name="zona_detail"),
    path("zone/<slug:slug>/feed/", views.feed_zona, name="zona_feed"),
    path("flusso/", views.flusso_territori, name="flusso"),
    path("dati/", views.dati, name="dati"),
    path("dati/<slug:codice>.csv", views.dati_csv, name="dati_csv"),
    path("dati/<slug:codice>.json", views.dati_json, name="dati_json"),
    path("organizzazioni/", views.organizzazione_list, name="organizzazione_list"),
    path("organizzazioni/<slug:slug>/", views.organizzazione_detail, name="organizzazione_detail"),
]
