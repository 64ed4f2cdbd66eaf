"""The discussions of a working group that is not open never reach the search page or the suggestions of
whoever is outside it, and leave the results when an open group becomes reserved. Real content through
the apps' services, the outbox applied by the real worker (`run_tasks`). Both engines. Transactional (the
outbox is applied after the commit): a module of its own, see conftest.py."""

import pytest
from django.test import Client

from cop.tests.factories import OperatoreFactory
from forum.tests.factories import DiscussioneFactory
from gruppi import services
from gruppi.models import Appartenenza, Gruppo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def trovati(client, parola):
    risposta = client.get("/cerca/", {"q": parola})
    assert risposta.status_code == 200
    return [voce.titolo for voce in risposta.context["stato"].pagina or []]


def suggeriti(client, prefisso):
    return [v["testo"] for v in client.get("/cerca/suggerimenti/", {"q": prefisso}).json()["suggerimenti"]]


def test_a_group_discussion_is_found_only_while_the_group_is_open(search_backend, run_tasks):
    gruppo = Gruppo.objects.create(nome="Tavolo del cardamomo", descrizione="Un tavolo.", accesso=Gruppo.Accesso.APERTO)
    categoria = services.assicura_discussioni(gruppo=gruppo)
    membro = OperatoreFactory()
    Appartenenza.objects.create(gruppo=gruppo, user=membro)
    DiscussioneFactory(categoria=categoria, titolo="Verbale cardamomo", primo_messaggio="Le decisioni sul cardamomo.")
    run_tasks()
    anonimo, socio, dentro = Client(), Client(), Client()
    socio.force_login(OperatoreFactory())
    dentro.force_login(membro)
    for visitatore in (anonimo, socio, dentro):
        assert trovati(visitatore, "cardamomo") == ["Verbale cardamomo"]

    gruppo.accesso = Gruppo.Accesso.SU_RICHIESTA
    gruppo.save()
    run_tasks()

    # The index holds what a visitor may read: a closed group's discussions are read in the group.
    for visitatore in (anonimo, socio, dentro):
        assert trovati(visitatore, "cardamomo") == []
        assert "Verbale cardamomo" not in suggeriti(visitatore, "verbale card")
