"""The zone pages and the "Flusso" (names without a namespace: `Zona.get_absolute_url` uses "zona_detail")."""

from django.urls import path

from search import views_territori

urlpatterns = [
    path("zone/<slug:slug>/", views_territori.zona_detail, name="zona_detail"),
    path("zone/<slug:slug>/feed/", views_territori.feed_zona, name="zona_feed"),
    path("flusso/", views_territori.flusso_territori, name="flusso"),
]
