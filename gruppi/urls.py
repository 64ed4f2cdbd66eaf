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
    path("<slug:slug>/membri/", views.membri, name="membri"),
    path("<slug:slug>/membri/<int:pk>/<slug:azione>/", views.gestisci, name="gestisci"),
    path("<slug:slug>/documenti/", views.documenti, name="documenti"),
    path("<slug:slug>/documenti/carica/", views.carica, name="carica"),
    path("<slug:slug>/documenti/<int:pk>/carica/", views.carica, name="carica_versione"),
    path("<slug:slug>/documenti/<int:pk>/versioni/<int:numero>/", views.scarica, name="scarica"),
    path("<slug:slug>/incontri/", views.incontri, name="incontri"),
    path("<slug:slug>/incontri/nuovo/", views.modifica_incontro, name="nuovo_incontro"),
    path("<slug:slug>/incontri/<int:pk>/", views.incontro, name="incontro"),
    path("<slug:slug>/incontri/<int:pk>/incontro.ics", views.incontro_ics, name="incontro_ics"),
    path("<slug:slug>/incontri/<int:pk>/modifica/", views.modifica_incontro, name="modifica_incontro"),
    path("<slug:slug>/incontri/<int:pk>/bisogni/", views.nuovo_bisogno, name="nuovo_bisogno"),
]
