from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriConfig(AppConfig):
    name = "territori"
    verbose_name = _("Territori")

    def ready(self):
        # The Flusso's cached figures are dropped when what they count changes.
        from . import flusso

        flusso.collega_invalidazione()
