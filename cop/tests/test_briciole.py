"""Every page says where it is: a breadcrumb from the home (the Site's root page, never a hand-written
"/") through the page tree and reverse()d addresses to the current page."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.urls import reverse

from buonepratiche.tests.factories import BuonePraticheIndexPageFactory
from cop.tests.factories import ZonaFactory
from eventi.tests.factories import EventoPageFactory

pytestmark = pytest.mark.django_db


def briciole(client, url):
    risposta = client.get(url)
    assert risposta.status_code == 200, url
    nav = BeautifulSoup(risposta.content, "html.parser").find("nav", class_="breadcrumb-container")
    assert nav is not None, f"{url}: nessuna briciola di pane"
    voci = [(li.get_text(strip=True).rstrip("/"), li.a["href"] if li.a else None) for li in nav.find_all("li")]
    assert nav.find("li", attrs={"aria-current": "page"}) is not None
    return voci


def test_the_zone_list_the_api_page_and_the_transfers_have_a_breadcrumb(client, home_page):
    indice = BuonePraticheIndexPageFactory(parent=home_page, title="Buone pratiche")
    assert briciole(client, reverse("zona_list")) == [("Home", home_page.url), ("Zone-distretto", None)]
    assert briciole(client, reverse("api_documentazione")) == [("Home", home_page.url), ("API dei dati aperti", None)]
    assert briciole(client, reverse("buonepratiche:trasferimenti")) == [
        ("Home", home_page.url),
        ("Buone pratiche", indice.url),
        ("Trasferimenti tra zone", None),
    ]


def test_breadcrumbs_follow_the_page_tree_and_named_addresses(client, home_page):
    zona = ZonaFactory(nome="Zona Pisana")
    evento = EventoPageFactory(title="Seminario")
    indice = evento.get_parent().specific
    assert briciole(client, zona.get_absolute_url()) == [
        ("Home", home_page.url),
        ("Zone-distretto", reverse("zona_list")),
        ("Zona Pisana", None),
    ]
    assert briciole(client, evento.url) == [("Home", home_page.url), (indice.title, indice.url), ("Seminario", None)]


def test_no_template_of_ours_links_home_by_hand():
    """`href="/"` breaks under a path prefix and skips the page tree: {% url_home %} or {% briciole %}."""
    radice = Path(settings.BASE_DIR)
    a_mano = [
        str(t.relative_to(radice))
        for cartella in ("cop", "eventi", "forum", "search")
        for t in (radice / cartella).rglob("*.html")
        if 'href="/"' in t.read_text(encoding="utf-8")
    ]
    assert a_mano == []


def test_no_template_writes_the_home_address_by_hand():
    """Links to the home come from the page tree or reverse(): a site served under a prefix, or a
    home page moved in the tree, would otherwise get broken links."""
    from pathlib import Path

    radice = Path(__file__).resolve().parents[2]
    scritti_a_mano = [
        str(percorso.relative_to(radice))
        for percorso in radice.glob("**/templates/**/*.html")
        if ".venv" not in percorso.parts and 'href="/"' in percorso.read_text(encoding="utf-8")
    ]
    assert scritti_a_mano == []
