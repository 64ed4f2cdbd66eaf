"""«Proponi una buona pratica» and «Le mie pratiche» (buonepratiche/views/proposta.py)."""

from django.urls import path

from buonepratiche.views import proposta

urlpatterns = [
    path("proponi/", proposta.proponi, name="proponi"),
    path("proposta/<int:pk>/passo/<int:passo>/", proposta.passo, name="proposta_passo"),
    path("proposta/<int:pk>/riepilogo/", proposta.riepilogo, name="proposta_riepilogo"),
    path("mie/", proposta.mie_pratiche, name="mie_pratiche"),
]
