from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GruppiConfig(AppConfig):
    name = "gruppi"
    verbose_name = _("Gruppi di lavoro")

    def ready(self):
        from . import signals

        signals.collega()
