from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UtentiConfig(AppConfig):
    """Only the user model, in an app of its own so that Wagtail's migrations can depend on it
    without depending on the page models of `cop`."""

    name = "cop.utenti"
    label = "utenti"
    verbose_name = _("Utenti")
