from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CopConfig(AppConfig):
    name = "cop"
    verbose_name = _("Comunità di pratica")

    def ready(self):
        from wagtail.models import AbstractPage
        from wagtail.permissions import register_permission_policy

        from . import aggiornamenti, home, indirizzo, riepilogo, signals  # noqa: F401
        from .permessi_pagine import PermessiPaginePerZona

        # A Referente di zona sees and edits only the pages of their confirmed zone (permessi_pagine.py).
        register_permission_policy(AbstractPage, PermessiPaginePerZona())

        # The Wagtail Site answers at the public address of the settings (WAGTAILADMIN_BASE_URL).
        post_migrate.connect(indirizzo.sincronizza_sito, sender=self, dispatch_uid="cop_sincronizza_sito")

        home.registra_sezione("ultimi_aggiornamenti", aggiornamenti.ultimi_per_home)
        riepilogo.registra_fonte("aggiornamenti", aggiornamenti.novita_per_riepilogo)
