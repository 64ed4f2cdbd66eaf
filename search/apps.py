from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Ricerca")

    def ready(self):
        # The outbox wiring and the cache of the form's vocabularies, registered once (dispatch_uid).
        from . import signals

        signals.collega()
