import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone

from buonepratiche.models import BuonaPraticaPage
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import TemaFactory, ZonaFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


@pytest.fixture
def pratiche(indice):
    pisa, lucca = ZonaFactory(slug="pisana", nome="Pisana"), ZonaFactory(slug="piana-di-lucca")
    poverta, minori = TemaFactory(slug="poverta"), TemaFactory(slug="minori")
    ora = timezone.now()
    creati = {}
    for giorni, titolo, zona, tema in [
        (3, "Vecchia", pisa, poverta),
        (2, "Media", lucca, minori),
        (1, "Nuova", pisa, minori),
    ]:
        p = BuonaPraticaPageFactory(parent=indice, title=titolo, zone=[zona], temi=[tema])
        BuonaPraticaPage.objects.filter(pk=p.pk).update(first_published_at=ora - datetime.timedelta(days=giorni))
        creati[titolo] = p
    BuonaPraticaPageFactory(parent=indice, title="Bozza", zone=[pisa], temi=[poverta], live=False)
    return creati


def leggi_rss(client, url):
    risposta = client.get(url)
    assert risposta.status_code == 200
    assert risposta["Content-Type"].startswith("application/rss+xml")
    radice = ET.fromstring(risposta.content)  # noqa: S314 (our own response, in a test)
    assert radice.tag == "rss" and radice.get("version") == "2.0"
    canale = radice.find("channel")
    for elemento in ("title", "link", "description"):
        assert canale.findtext(elemento), elemento
    voci = canale.findall("item")
    for voce in voci:
        for elemento in ("title", "link", "description", "guid", "pubDate"):
            assert voce.findtext(elemento), elemento
        assert voce.findtext("link").startswith("http://testserver/")
        datetime.datetime.strptime(voce.findtext("pubDate"), "%a, %d %b %Y %H:%M:%S %z")
    return [v.findtext("title") for v in voci]


def leggi_atom(client, url):
    risposta = client.get(url)
    assert risposta.status_code == 200
    assert risposta["Content-Type"].startswith("application/atom+xml")
    radice = ET.fromstring(risposta.content)  # noqa: S314 (our own response, in a test)
    assert radice.tag == f"{ATOM}feed"
    for elemento in ("id", "title", "updated"):
        assert radice.findtext(f"{ATOM}{elemento}"), elemento
    assert radice.find(f"{ATOM}link[@rel='alternate']") is not None
    voci = radice.findall(f"{ATOM}entry")
    for voce in voci:
        for elemento in ("id", "title", "updated", "published", "summary"):
            assert voce.findtext(f"{ATOM}{elemento}"), elemento
        assert voce.find(f"{ATOM}link").get("href").startswith("http://testserver/")
        datetime.datetime.fromisoformat(voce.findtext(f"{ATOM}updated"))
    return [v.findtext(f"{ATOM}title") for v in voci]


def test_rss_of_all_practices_newest_first(client, indice, pratiche):
    assert leggi_rss(client, indice.url + "feed/rss/") == ["Nuova", "Media", "Vecchia"]


def test_atom_of_all_practices(client, indice, pratiche):
    assert leggi_atom(client, indice.url + "feed/atom/") == ["Nuova", "Media", "Vecchia"]


@pytest.mark.parametrize("leggi", [leggi_rss, leggi_atom])
def test_feeds_per_zone_and_per_theme(client, indice, pratiche, leggi):
    formato = "rss" if leggi is leggi_rss else "atom"
    assert leggi(client, f"{indice.url}zona/pisana/feed/{formato}/") == ["Nuova", "Vecchia"]
    assert leggi(client, f"{indice.url}tema/minori/feed/{formato}/") == ["Nuova", "Media"]


def test_feed_of_a_zone_without_practices_is_valid_and_empty(client, indice, pratiche):
    ZonaFactory(slug="vuota")
    assert leggi_rss(client, indice.url + "zona/vuota/feed/rss/") == []


def test_unknown_format_or_zone_is_a_404(client, indice, pratiche):
    assert client.get(indice.url + "feed/xml/").status_code == 404
    assert client.get(indice.url + "zona/non-esiste/feed/rss/").status_code == 404


def test_library_announces_its_feeds(client, indice, pratiche):
    html = client.get(indice.url).content.decode()
    assert f'type="application/rss+xml" title="RSS: {indice.title}" href="{indice.url}feed/rss/"' in html


def test_home_shows_the_latest_practices_in_a_fixed_number_of_queries(
    client, indice, pratiche, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/")
    cache.clear()  # both measures start from an empty cache (a new page empties the cached ones)
    with CaptureQueriesContext(connection) as prima:
        html = client.get("/").content.decode()
    assert html.index("Nuova") < html.index("Media") < html.index("Vecchia")
    assert "Bozza" not in html
    for _ in range(5):
        BuonaPraticaPageFactory(parent=indice)
    cache.clear()
    with django_assert_max_num_queries(len(prima)):
        client.get("/")
