"""Capacity holds under concurrency: 50 people join at the same instant for 10 seats, 20 times."""

import threading

import pytest
from django.db import connection, connections

from cop.tests.factories import OperatoreFactory
from eventi import services
from eventi.models import Iscrizione
from eventi.tests.factories import EventoPageFactory

PERSONE = 50
POSTI = 10
RIPETIZIONI = 20

pytestmark = [
    # serialized_rollback: the flush after this test must not leave the browser tests without the
    # migrations' data (home page, groups), nor content types that the restore would duplicate.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Serve PostgreSQL: SQLite serializza ogni scrittura, la concorrenza non si può provare.",
    ),
]


def _partecipa_tutti_insieme(evento, persone):
    partenza = threading.Barrier(len(persone))
    errori = []

    def partecipa(user):
        try:
            partenza.wait()
            services.partecipa(evento=evento, user=user)
        except Exception as errore:  # the test reports any error, whatever it is
            errori.append(repr(errore))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=partecipa, args=(user,)) for user in persone]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errori


def test_fifty_concurrent_joins_for_ten_seats_confirm_exactly_ten_every_time():
    persone = [OperatoreFactory() for _i in range(PERSONE)]
    for ripetizione in range(RIPETIZIONI):
        evento = EventoPageFactory(posti=POSTI, lista_attesa=True)

        errori = _partecipa_tutti_insieme(evento, persone)

        assert errori == [], f"ripetizione {ripetizione}: {errori[:3]}"
        iscrizioni = Iscrizione.objects.filter(evento=evento)
        confermate = iscrizioni.filter(stato=Iscrizione.Stato.CONFERMATA)
        assert confermate.count() == POSTI, f"ripetizione {ripetizione}"
        assert sorted(confermate.values_list("posto", flat=True)) == list(range(1, POSTI + 1))
        assert iscrizioni.filter(stato=Iscrizione.Stato.IN_ATTESA).count() == PERSONE - POSTI
        assert iscrizioni.count() == PERSONE
        assert iscrizioni.values("user").distinct().count() == PERSONE
