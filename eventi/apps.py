from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventiConfig(AppConfig):
    name = "eventi"
    verbose_name = _("Eventi")

    def ready(self):
        from . import signals

        signals.collega(self)
