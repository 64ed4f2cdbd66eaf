"""The site and its admin speak Italian as Italians write it: months in lower case, no gendered
"Sei iscritto", no English left in the admin's labels, events reviewed by a workflow named in Italian."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import formats
from wagtail.models import Workflow

from cop.models import Profilo
from cop.tests.factories import OperatoreFactory, RedattoreFactory
from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory
from forum.models import Sospensione

pytestmark = pytest.mark.django_db

ROMA = ZoneInfo("Europe/Rome")


def test_months_and_weekdays_are_written_in_lower_case():
    giorno = datetime(2026, 12, 2, 10, 0, tzinfo=ROMA)
    assert formats.date_format(giorno, "j F Y") == "2 dicembre 2026"
    assert formats.date_format(giorno, "l j E Y") == "mercoledì 2 dicembre 2026"
    assert formats.date_format(datetime(2026, 8, 3, tzinfo=ROMA), "j N Y") == "3 ago. 2026"


def test_a_forum_post_and_an_event_show_their_date_in_lower_case(client, home_page):
    from forum.tests.factories import DiscussioneFactory

    discussione = DiscussioneFactory()
    discussione.messaggi.update(creato_il=datetime(2026, 12, 2, 10, 0, tzinfo=ROMA))
    html = client.get(discussione.get_absolute_url()).content.decode()
    assert "2 dicembre 2026" in html and "Dicembre" not in html


def test_the_event_page_confirms_a_registration_without_gendered_wording(client):
    from eventi import services

    evento = EventoPageFactory()
    user = OperatoreFactory()
    services.partecipa(evento=evento, user=user)
    client.force_login(user)
    html = client.get(evento.url).content.decode()
    assert "Iscrizione confermata." in html
    assert "Sei iscritto" not in html and "iscritta" not in html


def test_decimal_numbers_use_a_comma():
    assert formats.number_format(3.5, 1) == "3,5"


def test_admin_field_labels_are_italian():
    assert Profilo._meta.get_field("user").verbose_name == "utente"
    assert Sospensione._meta.get_field("user").verbose_name == "utente"
    from wagtail.models import Page

    assert str(Page._meta.get_field("seo_title").verbose_name) == "titolo per i motori di ricerca"
    assert str(Page._meta.get_field("search_description").verbose_name) == "descrizione per i motori di ricerca"


def test_the_admin_page_listing_counts_in_italian(client, home_page):
    indice = EventiIndexPageFactory()
    EventoPageFactory(parent=indice)
    client.force_login(RedattoreFactory(is_superuser=True))
    html = client.get(reverse("wagtailadmin_explore", args=[indice.pk])).content.decode()
    assert " of " not in html.split("<table", 1)[-1].split("</thead>", 1)[0]
    assert "1-1 di 1" in html


def test_events_have_their_own_review_workflow_named_in_italian(home_page):
    evento = EventoPageFactory()
    workflow = evento.get_workflow()
    assert workflow is not None and workflow.name == "Revisione eventi"
    assert [task.name for task in workflow.tasks] == ["Revisione della redazione regionale"]
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert Permission.objects.exists()  # the admin's permissions are there: the migrate ran
