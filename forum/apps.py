from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")

    def ready(self):
        from cop import home
        from cop.services import contributi_utente_registrati

        from . import selectors

        home.registra_sezione("ultime_discussioni", selectors.ultime_discussioni)
        from cop.riepilogo import registra_fonte

        from .riepilogo import novita_per_riepilogo

        registra_fonte("discussioni", novita_per_riepilogo)
        if selectors.dati_utente not in contributi_utente_registrati:
            contributi_utente_registrati.append(selectors.dati_utente)
