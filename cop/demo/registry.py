"""The list of demo seeders, filled by each app's `demo` module."""

from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules

_seeders = []


def seeder(*, ordine):
    """Register `fn(esito)` to run in `seed_demo`, lower `ordine` first."""

    def decorator(fn):
        if all(registrato is not fn for _ordine, registrato in _seeders):
            _seeders.append((ordine, fn))
        return fn

    return decorator


def seeders():
    autodiscover_modules("demo")
    return [fn for _ordine, fn in sorted(_seeders, key=lambda voce: voce[0])]


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
