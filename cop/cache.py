"""Values cached under a generation that every write moves on: one helper for every cache of the
project that must not outlive a change (counts of the library, the flow between territories, the
vocabularies of the search form, the menu and the service pages).

A `CacheVersionata` keeps its generation in Django's cache (shared by the processes of a site when
the cache is Redis); `invalida` is a signal receiver: it moves the generation on at once and again
when the transaction commits, so a request that filled the cache in between, with the data before
the commit, is forgotten too. `durata` is a backstop for writes that send no signal (queryset
updates)."""

import uuid

from django.core.cache import cache
from django.db import transaction


class CacheVersionata:
    def __init__(self, nome, *, durata=10 * 60):
        self.nome = nome
        self.durata = durata
        self.chiave_generazione = f"{nome}:generazione"

    def generazione(self):
        valore = cache.get(self.chiave_generazione)
        if valore is None:
            cache.add(self.chiave_generazione, uuid.uuid4().hex, None)
            valore = cache.get(self.chiave_generazione)
        return valore

    def chiave(self, *parti):
        return ":".join([self.nome, self.generazione(), *map(str, parti)])

    def valore(self, *parti, calcola):
        """The cached value of `parti` in the current generation, or `calcola()` (then cached)."""
        chiave = self.chiave(*parti)
        dati = cache.get(chiave)
        if dati is None:
            dati = calcola()
            cache.set(chiave, dati, self.durata)
        return dati

    def _nuova_generazione(self):
        cache.set(self.chiave_generazione, uuid.uuid4().hex, None)

    def invalida(self, **kwargs):
        self._nuova_generazione()
        transaction.on_commit(self._nuova_generazione)

    def collega(self, segnale, *, sender=None):
        """Connect `invalida` to `segnale` (for `sender`, or any)."""
        etichetta = sender._meta.label_lower if sender is not None else "tutti"
        segnale.connect(self.invalida, sender=sender, weak=False, dispatch_uid=f"{self.nome}:{id(segnale)}:{etichetta}")
