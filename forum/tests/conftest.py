from datetime import timedelta

import pytest
from django.utils import timezone

from cop.tests.factories import OperatoreFactory, RedattoreFactory
from forum.models import Messaggio

from .factories import CategoriaFactory, DiscussioneFactory


def veterano(**kwargs):
    """A member registered two days ago (the first-day limits do not apply)."""
    return OperatoreFactory(date_joined=timezone.now() - timedelta(days=2), **kwargs)


def invecchia(user, secondi=3600):
    """Move the member's posts and topics back in time, past the rate limits."""
    prima = timezone.now() - timedelta(seconds=secondi)
    Messaggio.objects.filter(autore=user).update(creato_il=prima)
    user.discussioni_forum.update(creata_il=prima)


@pytest.fixture
def membro(db):
    return veterano(username="membro")


@pytest.fixture
def altro(db):
    return veterano(username="altro")


@pytest.fixture
def redattore(db):
    return RedattoreFactory(username="redattore", date_joined=timezone.now() - timedelta(days=30))


@pytest.fixture
def categoria(db):
    return CategoriaFactory(nome="Inclusione", slug="inclusione")


@pytest.fixture
def discussione(categoria, altro):
    d = DiscussioneFactory(categoria=categoria, autore=altro, titolo="Tavolo con gli ETS", primo_messaggio="Come fate?")
    return d
