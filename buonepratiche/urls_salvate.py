"""«Salva» and «Pratiche salvate» (buonepratiche/views/salvate.py)."""

from django.urls import path

from buonepratiche.views import salvate

urlpatterns = [
    path("salvate/", salvate.elenco, name="salvate"),
    path("<int:pratica_id>/salva/", salvate.salva, name="salva"),
]
