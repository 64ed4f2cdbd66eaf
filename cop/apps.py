from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CopConfig(AppConfig):
    name = "cop"
    verbose_name = _("Comunità di pratica")

    def ready(self):
        from . import aggiornamenti, home, riepilogo, signals  # noqa: F401

        home.registra_sezione("ultimi_aggiornamenti", aggiornamenti.ultimi_per_home)
        riepilogo.registra_fonte("aggiornamenti", aggiornamenti.novita_per_riepilogo)
