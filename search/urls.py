from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("", views.cerca, name="cerca"),
    path("suggerimenti/", views.suggerimenti, name="suggerimenti"),
]
