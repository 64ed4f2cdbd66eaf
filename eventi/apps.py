from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventiConfig(AppConfig):
    name = "eventi"
    verbose_name = _("Eventi")

    def ready(self):
        from cop import area_personale, home, services

        from . import selectors, signals  # noqa: F401

        signals.collega(self)
        from .services import dati_utente

        home.registra_sezione("prossimi_eventi", selectors.prossimi_eventi_per_home)
        from cop.riepilogo import registra_fonte

        from .riepilogo import novita_per_riepilogo

        registra_fonte("eventi", novita_per_riepilogo)
        area_personale.registra_voce(ordine=30, etichetta=_("I miei eventi"), url=selectors.url_miei_eventi)
        if dati_utente not in services.contributi_utente_registrati:
            services.contributi_utente_registrati.append(dati_utente)
