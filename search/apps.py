from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Ricerca")

    def ready(self):
        from . import flusso

        flusso.collega_invalidazione()
