from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Ricerca")

    def ready(self):
        # The outbox wiring, registered once (dispatch_uid) for the whole project.
        from . import signals

        signals.collega()

        from . import forms

        forms.collega_invalidazione()
