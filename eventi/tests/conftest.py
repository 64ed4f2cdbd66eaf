import pytest

from eventi.tests.factories import EventiIndexPageFactory


@pytest.fixture
def indice(db):
    return EventiIndexPageFactory()
