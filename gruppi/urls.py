from django.urls import path

from . import views

app_name = "gruppi"

urlpatterns = [
    path("", views.gruppo_list, name="elenco"),
    path("invito/<str:codice>/", views.invito, name="invito"),
    path("<slug:slug>/", views.gruppo_detail, name="gruppo"),
    path("<slug:slug>/entra/", views.entra, name="entra"),
    path("<slug:slug>/richiedi/", views.richiedi, name="richiedi"),
    path("<slug:slug>/lascia/", views.lascia, name="lascia"),
    path("<slug:slug>/invita/", views.invita, name="invita"),
    path("<slug:slug>/membri/<int:pk>/<slug:azione>/", views.gestisci, name="gestisci"),
]
