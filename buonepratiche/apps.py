from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuonePraticheConfig(AppConfig):
    name = "buonepratiche"
    verbose_name = _("Buone pratiche")

    def ready(self):
        from cop.services import contributi_utente_registrati

        from . import selectors, signals

        signals.collega()

        from . import signals_proposte

        signals_proposte.collega(self)
        from cop import home

        from .biblioteca import collega_invalidazione, ultime_pratiche_per_home

        home.registra_sezione("ultime_pratiche", ultime_pratiche_per_home)
        collega_invalidazione()
        if selectors.dati_utente not in contributi_utente_registrati:
            contributi_utente_registrati.append(selectors.dati_utente)
