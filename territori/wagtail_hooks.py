from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Servizio


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


register_snippet(ServizioViewSet)
