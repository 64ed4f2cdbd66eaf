"""`seed_demo` from an empty database, run twice: the second run changes nothing. A module of its own:
the tests of test_seed_demo.py share one seed (the `demo` fixture) and this one must start without it."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision

from cop.models import HomePageInEvidenza, ImpostazioniSito

pytestmark = pytest.mark.django_db


def conteggi():
    return {
        "pagine": Page.objects.count(),
        "revisioni": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "in_evidenza": HomePageInEvidenza.objects.count(),
        "utenti": get_user_model().objects.count(),
        "email": EmailAddress.objects.count(),
    }


def test_running_twice_changes_nothing(db):
    call_command("seed_demo", verbosity=0)
    dopo_il_primo = conteggi()
    impostazioni = ImpostazioniSito.load()

    call_command("seed_demo", verbosity=0)

    assert conteggi() == dopo_il_primo
    assert ImpostazioniSito.load().email_contatto == impostazioni.email_contatto
