from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.indice, name="indice"),
    path("c/<slug:slug>/", views.categoria, name="categoria"),
    path("c/<slug:slug>/nuova/", views.nuova_discussione, name="nuova_discussione"),
    path("c/<slug:slug>/segui/", views.segui_categoria, name="segui_categoria"),
    path("t/<int:pk>/", views.discussione, name="discussione"),
    path("t/<int:pk>/rispondi/", views.rispondi, name="rispondi"),
    path("t/<int:pk>/segui/", views.segui_discussione, name="segui_discussione"),
    path("t/<int:pk>/modera/", views.modera_discussione, name="modera_discussione"),
    path("m/<int:pk>/modifica/", views.modifica, name="modifica"),
    path("m/<int:pk>/elimina/", views.elimina, name="elimina"),
    path("m/<int:pk>/utile/", views.utile, name="utile"),
    path("m/<int:pk>/segnala/", views.segnala, name="segnala"),
    path("m/<int:pk>/modera/", views.modera_messaggio, name="modera_messaggio"),
    path("disiscriviti/<str:token>/", views.disiscrizione, name="disiscrizione"),
    path("discuti/<int:page_id>/", views.discuti, name="discuti"),
]
