"""The demo seeders: `cop_demo` hooks registered by each app's `demo` module."""

from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules
from wagtail import hooks


def seeders():
    """Every `fn(esito)` registered as a `cop_demo` hook, lower `order` first."""
    autodiscover_modules("demo")
    return hooks.get_hooks("cop_demo")


@dataclass
class Esito:
    """What a run of the seeders did: the objects it created and how many it found already there."""

    creati: list = field(default_factory=list)
    presenti: int = 0

    def creato(self, descrizione):
        self.creati.append(str(descrizione))

    def presente(self, descrizione=None):
        self.presenti += 1

    def registra(self, descrizione, creato):
        if creato:
            self.creato(descrizione)
        else:
            self.presente(descrizione)
