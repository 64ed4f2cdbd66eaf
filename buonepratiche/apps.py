from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuonePraticheConfig(AppConfig):
    name = "buonepratiche"
    verbose_name = _("Buone pratiche")

    def ready(self):
        from . import signals

        signals.collega(self)
