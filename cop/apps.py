from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CopConfig(AppConfig):
    name = "cop"
    verbose_name = _("Comunità di pratica")

    def ready(self):
        from wagtail.models import AbstractPage
        from wagtail.permissions import register_permission_policy

        from . import signals  # noqa: F401
        from .permessi_pagine import PermessiPaginePerZona

        # A Referente di zona sees and edits only the pages of their confirmed zone (permessi_pagine.py).
        register_permission_policy(AbstractPage, PermessiPaginePerZona())
