from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Indicatore, Servizio


class ServizioViewSet(SnippetViewSet):
    """The Redattori regionali keep the services of the territories; the Referenti di zona see them."""

    model = Servizio
    icon = "site"
    menu_label = _("Servizi del territorio")
    add_to_admin_menu = True
    menu_order = 270
    list_display = ["nome", "zona", "comune", "organizzazione", "attivo"]
    list_filter = ["zona", "attivo"]
    search_fields = ["nome", "descrizione", "comune"]
    ordering = ["nome"]


class IndicatoreViewSet(SnippetViewSet):
    """The definitions of the imported indicators (the values come with the files: "Importa indicatori")."""

    model = Indicatore
    icon = "table"
    menu_label = _("Indicatori")
    add_to_admin_menu = True
    menu_order = 271
    list_display = ["nome", "codice", "unita", "fonte", "aggregazione"]
    search_fields = ["nome", "codice", "fonte"]
    ordering = ["nome"]


register_snippet(ServizioViewSet)
register_snippet(IndicatoreViewSet)


class ImportaIndicatoriMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMESSO)


@hooks.register("register_admin_urls")
def url_importazione_indicatori():
    return [
        path("indicatori/importa/", admin_views.importa, name="territori_importa"),
        path("indicatori/importa/esempio.csv", admin_views.esempio, name="territori_importazione_esempio"),
        path("indicatori/importa/<int:pk>/", admin_views.anteprima, name="territori_importazione"),
        path("indicatori/importa/<int:pk>/conferma/", admin_views.conferma, name="territori_importazione_conferma"),
    ]


@hooks.register("register_admin_menu_item")
def menu_importazione_indicatori():
    return ImportaIndicatoriMenuItem(
        _("Importa indicatori"), reverse("territori_importa"), name="importa-indicatori", icon_name="upload", order=272
    )
