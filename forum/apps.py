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
        if selectors.dati_utente not in contributi_utente_registrati:
            contributi_utente_registrati.append(selectors.dati_utente)
