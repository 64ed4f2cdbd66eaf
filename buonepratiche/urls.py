"""Front-end URLs of the library that are not Wagtail pages (the page routes live on the index page)."""

from django.urls import include, path

app_name = "buonepratiche"

urlpatterns = [
    path("", include("buonepratiche.urls_proposte")),
    path("", include("buonepratiche.urls_adozioni")),
    path("", include("buonepratiche.urls_salvate")),
]
