from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificheConfig(AppConfig):
    name = "notifiche"
    verbose_name = _("Notifiche")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.collega()
