"""The main menu and the footer's service pages are cached per site, and never outlive a change:
a page published, unpublished, renamed, moved, deleted or restricted shows at the next request."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cop.tests.factories import PaginaSempliceFactory

pytestmark = pytest.mark.django_db


def menu(client):
    pagina = BeautifulSoup(client.get("/").content, "html.parser")
    return [a.get_text(strip=True) for a in pagina.select("#menu-principale a, .navbar-nav a.nav-link")]


def footer(client):
    pagina = BeautifulSoup(client.get("/").content, "html.parser")
    return [a.get_text(strip=True) for a in pagina.select("footer a")]


def test_the_menu_follows_every_change_of_its_pages(client, home_page):
    chi_siamo = PaginaSempliceFactory(parent=home_page, title="Chi siamo", slug="chi-siamo", show_in_menus=True)
    assert "Chi siamo" in menu(client)
    assert "Chi siamo" in menu(client)  # from the cache

    chi_siamo.title = "La comunità"
    chi_siamo.save_revision().publish()
    assert "La comunità" in menu(client) and "Chi siamo" not in menu(client)

    restrizione = PageViewRestriction.objects.create(page=chi_siamo, restriction_type=PageViewRestriction.LOGIN)
    assert "La comunità" not in menu(client)
    restrizione.delete()
    assert "La comunità" in menu(client)

    chi_siamo.unpublish()
    assert "La comunità" not in menu(client)
    nuova = PaginaSempliceFactory(parent=home_page, title="Contatti", slug="contatti", show_in_menus=True)
    assert "Contatti" in menu(client)
    nuova.delete()
    assert "Contatti" not in menu(client)


def test_the_service_pages_of_the_footer_follow_their_changes(client, home_page):
    assert not any("Privacy" in voce for voce in footer(client))
    privacy = PaginaSempliceFactory(parent=home_page, title="Informativa privacy", slug="privacy")
    assert any("rivacy" in voce for voce in footer(client))
    privacy.unpublish()
    assert not any("rivacy" in voce for voce in footer(client))


def test_a_page_served_from_the_cache_asks_fewer_queries(client, home_page):
    """Menu (children, restrictions) and service pages (two): four queries fewer on every page."""
    PaginaSempliceFactory(parent=home_page, title="Chi siamo", slug="chi-siamo", show_in_menus=True)
    PaginaSempliceFactory(parent=home_page, title="Privacy", slug="privacy")
    client.get("/")
    with CaptureQueriesContext(connection) as dalla_cache:
        client.get("/")
    cache.clear()
    with CaptureQueriesContext(connection) as senza_cache:
        client.get("/")
    assert len(dalla_cache) <= len(senza_cache) - 4
