"""Whole-index operations: rebuild from the database, compare database and index.
`manage.py search_index` calls these; so can a test or an admin view."""

from __future__ import annotations

from collections.abc import Callable

from .backends import get_backend
from .backends.base import Differenze, impronta
from .documents import conta_documenti, tutti_i_documenti
from .models import Modifica
from .outbox import rinnova_turno, turno

ATTESA_TURNO = 120  # seconds a rebuild waits for the outbox applier to finish its block


def ricostruisci_indice(*, backend=None, avanzamento: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the index from the database and make it live at once; returns how many documents.

    Holds the writers' turn, so the outbox applier does not write meanwhile. The outbox records
    that exist when the rebuild starts are covered by it and deleted at the end; those written
    during the rebuild stay and are applied afterwards."""
    backend = backend or get_backend()
    with turno(attesa=ATTESA_TURNO):
        coperte = list(Modifica.objects.values_list("pk", flat=True))
        totale = conta_documenti()
        fatti = 0

        def passo(n):
            nonlocal fatti
            fatti += n
            rinnova_turno()
            if avanzamento is not None:
                avanzamento(fatti, totale)

        backend.ricostruisci(tutti_i_documenti(), totale=totale, avanzamento=passo)
        for inizio in range(0, len(coperte), 1000):
            Modifica.objects.filter(pk__in=coperte[inizio : inizio + 1000]).delete()
    return fatti


def confronta(*, backend=None) -> Differenze:
    """Ids and fingerprints of the documents the database gives now against the index's."""
    backend = backend or get_backend()
    nel_database = {doc["id"]: impronta(doc) for doc in tutti_i_documenti()}
    nell_indice = backend.ids_e_impronte()
    return Differenze(
        mancanti=sorted(nel_database.keys() - nell_indice.keys()),
        in_piu=sorted(nell_indice.keys() - nel_database.keys()),
        diversi=sorted(k for k in nel_database.keys() & nell_indice.keys() if nel_database[k] != nell_indice[k]),
    )
