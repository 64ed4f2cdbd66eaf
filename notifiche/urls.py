from django.urls import path

from . import views

app_name = "notifiche"

urlpatterns = [
    path("", views.elenco, name="elenco"),
    path("lette/", views.segna_tutte, name="segna_tutte"),
    path("preferenze/", views.preferenze, name="preferenze"),
    path("<int:pk>/", views.apri, name="apri"),
    path("<int:pk>/letta/", views.segna_letta, name="segna_letta"),
]
