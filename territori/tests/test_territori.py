# ruff: noqa: F811 - the fixtures imported from territori.tests.territori are arguments of the tests
"""The zone page (`/zone/<slug>/`) and its RSS feed: practices, events, topics, adoptions both ways,
members count, empty states, historic zones, pinned queries."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageViewRestriction

from buonepratiche.tests.factories import AdozioneFactory, BuonaPraticaPageFactory
from cop.models import Zona
from cop.tests.factories import (
    AggiornamentiIndexPageFactory,
    AggiornamentoPageFactory,
    OperatoreFactory,
    ProfiloFactory,
    ZonaFactory,
)
from forum.tests.factories import CategoriaFactory
from territori.tests.territori import (  # noqa: F401 - fixtures
    ADESSO,
    altra,
    discussione,
    evento,
    giorni_fa,
    indice,
    indice_eventi,
    nascondi,
    popola_zona,
    pratica,
    sezione,
    tema,
    zona,
)

pytestmark = pytest.mark.django_db


# --- The zone page -----------------------------------------------------------------------------------


def test_zone_page_shows_its_published_practices_not_drafts_private_or_other_zones(client, indice, zona, altra):
    pratica(indice, "Pratica della zona", [zona])
    pratica(indice, "Pratica di due zone", [zona, altra])
    pratica(indice, "Pratica di un'altra zona", [altra])
    BuonaPraticaPageFactory(parent=indice, title="Bozza della zona", zone=[zona], live=False)
    riservata = pratica(indice, "Pratica riservata", [zona])
    PageViewRestriction.objects.create(page=riservata, restriction_type=PageViewRestriction.LOGIN)

    html = sezione(client.get(zona.get_absolute_url()).content.decode(), "pratiche")

    assert "Pratica della zona" in html
    assert "Pratica di due zone" in html
    assert "Pratica di un&#x27;altra zona" not in html
    assert "Bozza della zona" not in html
    assert "Pratica riservata" not in html


def test_zone_page_shows_the_latest_practices_and_links_to_the_library_of_the_zone(client, indice, zona):
    for i in range(8):
        pratica(indice, f"Pratica numero {i}", [zona], giorni=10 - i)

    html = sezione(client.get(zona.get_absolute_url()).content.decode(), "pratiche")

    assert html.index("Pratica numero 7") < html.index("Pratica numero 2")
    assert "Pratica numero 1" not in html  # the six newest only
    assert f'href="{indice.url}{indice.reverse_subpage("zona", args=[zona.slug])}"' in html


def test_zone_page_lists_upcoming_events_first_then_the_recent_past(client, indice_eventi, zona, altra):
    evento("Seminario tra due settimane", [zona], inizio=ADESSO + datetime.timedelta(days=14))
    evento("Seminario domani", [zona], inizio=ADESSO + datetime.timedelta(days=1))
    evento("Incontro del mese scorso", [zona], inizio=ADESSO - datetime.timedelta(days=30))
    evento("Incontro della settimana scorsa", [zona], inizio=ADESSO - datetime.timedelta(days=7))
    evento("Seminario di un'altra zona", [altra])
    bozza = evento("Evento in bozza", [zona])
    bozza.unpublish()

    html = sezione(client.get(zona.get_absolute_url()).content.decode(), "eventi")

    ordine = [
        "Seminario domani",
        "Seminario tra due settimane",
        "Incontro della settimana scorsa",
        "Incontro del mese scorso",
    ]
    posizioni = [html.index(titolo) for titolo in ordine]
    assert posizioni == sorted(posizioni)
    assert html.index("eventi-prossimi") < html.index("Seminario domani") < html.index("eventi-passati")
    assert "un&#x27;altra zona" not in html
    assert "Evento in bozza" not in html
    assert f'href="{indice_eventi.url}?zona={zona.slug}"' in html


def test_zone_page_shows_the_topics_of_its_categories_and_about_its_pages_not_hidden_ones(
    client, indice, zona, altra, tema
):
    della_zona = CategoriaFactory(slug="cat-zona", nome="Gruppo della zona", zona=zona)
    del_tema = CategoriaFactory(slug="cat-tema", nome="Povertà", tema=tema)
    di_altra = CategoriaFactory(slug="cat-altra", nome="Gruppo di un'altra zona", zona=altra)
    pagina_zona = pratica(indice, "Pratica discussa", [zona], [tema])
    pagina_altra = pratica(indice, "Pratica altrove", [altra], [tema])
    discussione(della_zona, "Il tavolo con gli ETS")
    discussione(del_tema, "Discutiamo la pratica della zona", pagina=pagina_zona)
    discussione(del_tema, "Discutiamo la pratica altrove", pagina=pagina_altra)
    discussione(di_altra, "Una discussione di un'altra zona")
    nascondi(discussione(della_zona, "Discussione nascosta"))

    html = sezione(client.get(zona.get_absolute_url()).content.decode(), "discussioni")

    assert "Il tavolo con gli ETS" in html
    assert "Discutiamo la pratica della zona" in html
    assert "Discutiamo la pratica altrove" not in html
    assert "un&#x27;altra zona" not in html
    assert "Discussione nascosta" not in html


def test_zone_page_shows_adoptions_in_both_directions(client, indice, zona, altra):
    nostra = pratica(indice, "La nostra pratica", [zona])
    loro = pratica(indice, "La loro pratica", [altra])
    bozza = BuonaPraticaPageFactory(parent=indice, title="Pratica in bozza", zone=[altra], live=False)
    terza = ZonaFactory(slug="terza-zona", nome="Terza Zona")
    AdozioneFactory(pratica=nostra, zona_adottante=altra)
    AdozioneFactory(pratica=loro, zona_adottante=zona)
    AdozioneFactory(pratica=loro, zona_adottante=terza)
    AdozioneFactory(pratica=bozza, zona_adottante=zona)

    html = client.get(zona.get_absolute_url()).content.decode()
    da_altri = html[html.index('id="adottate-dalla-zona"') :]
    da_altri = da_altri[: da_altri.index("</ul>")]
    altrove = html[html.index('id="adottate-altrove"') :]
    altrove = altrove[: altrove.index("</ul>")]

    assert "La loro pratica" in da_altri and "Altra Zona" in da_altri
    assert "La nostra pratica" not in da_altri
    assert "Pratica in bozza" not in html
    assert "La nostra pratica" in altrove and "Altra Zona" in altrove
    assert "Terza Zona" not in html
    assert reverse("buonepratiche:trasferimenti") in html


def test_zone_page_names_each_direction_of_adoption_unambiguously(client, indice, zona, altra):
    """The two lists of adoptions say which way each goes: practices of other zones taken up here,
    practices of this zone taken up elsewhere. Their headings must not read alike."""
    AdozioneFactory(pratica=pratica(indice, "La nostra pratica", [zona]), zona_adottante=altra)
    AdozioneFactory(pratica=pratica(indice, "La loro pratica", [altra]), zona_adottante=zona)

    pagina = BeautifulSoup(client.get(zona.get_absolute_url()).content, "html.parser")

    def titolo_di(id_lista):
        lista = pagina.find(id=id_lista)
        return pagina.find(id=lista["aria-labelledby"]).get_text(strip=True)

    assert titolo_di("adottate-dalla-zona") == "Pratiche di altre zone adottate qui"
    assert titolo_di("adottate-altrove") == "Pratiche di questa zona adottate altrove"
    assert "Adottate da altri territori" not in str(pagina) and "Adottate da altre zone" not in str(pagina)


def test_zone_page_counts_its_members_and_names_none(client, zona, altra):
    for nome in ("Anna", "Bruno", "Carla"):
        ProfiloFactory(user=OperatoreFactory(first_name=nome, last_name="Membro"), zona=zona)
    ProfiloFactory(user=OperatoreFactory(first_name="Dario", last_name="Altrove"), zona=altra)
    ProfiloFactory(user=OperatoreFactory(first_name="Elsa", last_name="Disattivata", is_active=False), zona=zona)

    html = client.get(zona.get_absolute_url()).content.decode()

    assert "3 membri della Comunità di pratica lavorano in questa zona." in html
    assert "Membro" not in html and "Anna" not in html


def test_zone_page_says_when_each_section_is_empty(client, indice, indice_eventi, zona):
    html = client.get(zona.get_absolute_url()).content.decode()

    assert "Nessuna buona pratica pubblicata per questa zona." in html
    assert "Nessun evento per questa zona." in html
    assert "Nessuna discussione del forum riguarda ancora questa zona." in html
    assert "Questa zona non ha ancora dichiarato di aver adottato pratiche di altri territori." in html
    assert "Nessuna altra zona ha ancora adottato una pratica di questa zona." in html
    assert "0 membri della Comunità di pratica lavorano in questa zona." in html


def test_an_ended_zone_still_shows_its_historic_content(client, indice, indice_eventi):
    storica = Zona.objects.get(slug="aretina-casentino-valtiberina")
    pratica(indice, "Pratica del 2019", [storica], giorni=2000)
    evento("Incontro del 2020", [storica], inizio=ADESSO - datetime.timedelta(days=1500))

    html = client.get(storica.get_absolute_url()).content.decode()

    assert "Questa zona non esiste più dal 2022" in html
    assert 'href="/zone/casentino/"' in html
    assert "Pratica del 2019" in html
    assert "Incontro del 2020" in html


def test_zone_page_links_its_feed_in_the_head(client, zona):
    html = client.get(zona.get_absolute_url()).content.decode()
    testa = html[: html.index("</head>")]
    assert '<link rel="alternate" type="application/rss+xml"' in testa
    assert f'href="{reverse("zona_feed", args=[zona.slug])}"' in testa


def test_unknown_zone_is_404(client):
    assert client.get(reverse("zona_detail", args=["non-esiste"])).status_code == 404
    assert client.get(reverse("zona_feed", args=["non-esiste"])).status_code == 404


def test_zone_page_queries_do_not_grow_with_its_content(
    client, django_assert_max_num_queries, indice, indice_eventi, zona, altra, tema
):
    """Zone, successors and predecessors; practices and their zones; upcoming and past events; topics;
    both directions of adoption and the origin zones; members; the library and the events listing;
    each `public()` reads the view restrictions; the menu, the service pages and the site settings."""
    numeri = []
    for n in (10, 40):  # 10 of everything, then 50
        popola_zona(indice, zona, altra, tema, n)
        client.get(zona.get_absolute_url())  # the site's root paths, cached after the first request
        with django_assert_max_num_queries(28) as contate:
            assert client.get(zona.get_absolute_url()).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1]


# --- The zone's feed ---------------------------------------------------------------------------------


def test_zone_feed_is_rss_of_practices_events_and_topics_newest_first(client, indice, indice_eventi, zona, altra):
    pratica(indice, "Pratica di tre giorni fa", [zona], giorni=3)
    pratica(indice, "Pratica di un'altra zona", [altra], giorni=1)
    evento("Evento annunciato ieri", [zona], pubblicato=1)
    discussione(CategoriaFactory(slug="cat-feed", zona=zona), "Discussione di due giorni fa", giorni=2)
    nascondi(discussione(CategoriaFactory(slug="cat-feed"), "Discussione nascosta", giorni=0))

    risposta = client.get(reverse("zona_feed", args=[zona.slug]))

    assert risposta.status_code == 200
    assert risposta["Content-Type"].startswith("application/rss+xml")
    canale = ET.fromstring(risposta.content).find("channel")  # noqa: S314 (our own response, in a test)
    assert canale.findtext("link") == f"http://testserver{zona.get_absolute_url()}"
    voci = canale.findall("item")
    assert [v.findtext("title") for v in voci] == [
        "Evento: Evento annunciato ieri",
        "Discussione: Discussione di due giorni fa",
        "Buona pratica: Pratica di tre giorni fa",
    ]
    date = [parsedate_to_datetime(v.findtext("pubDate")) for v in voci]
    assert date == sorted(date, reverse=True)
    assert all(v.findtext("link").startswith("http://testserver/") for v in voci)
    assert all(v.findtext("guid") for v in voci)


def test_zone_feed_carries_the_updates_that_name_the_zone(client, home_page, zona, altra):
    indice_aggiornamenti = AggiornamentiIndexPageFactory(parent=home_page)
    AggiornamentoPageFactory(parent=indice_aggiornamenti, title="Novità della zona", zone=[zona], ambito="zonale")
    AggiornamentoPageFactory(parent=indice_aggiornamenti, title="Novità nazionale")
    AggiornamentoPageFactory(parent=indice_aggiornamenti, title="Novità di un'altra zona", zone=[altra])

    canale = ET.fromstring(client.get(reverse("zona_feed", args=[zona.slug])).content).find("channel")  # noqa: S314

    assert [v.findtext("title") for v in canale.findall("item")] == ["Aggiornamento: Novità della zona"]


def test_cached_adoptions_follow_a_practice_made_private_or_a_new_adoption(client, indice, zona, altra):
    """The lists of adoptions on the zone page and on /flusso/ are cached with the flow's figures: a view
    restriction added to a practice, or a new adoption, shows on the next request."""
    from wagtail.models import PageViewRestriction

    loro = pratica(indice, "La loro pratica", [altra])
    AdozioneFactory(pratica=loro, zona_adottante=zona)
    assert "La loro pratica" in client.get(zona.get_absolute_url()).content.decode()
    assert "La loro pratica" in client.get(reverse("flusso")).content.decode()

    PageViewRestriction.objects.create(page=loro, restriction_type=PageViewRestriction.LOGIN)

    assert "La loro pratica" not in client.get(zona.get_absolute_url()).content.decode()
    assert "La loro pratica" not in client.get(reverse("flusso")).content.decode()

    AdozioneFactory(pratica=pratica(indice, "Una pratica nuova", [altra]), zona_adottante=zona)

    assert "Una pratica nuova" in client.get(zona.get_absolute_url()).content.decode()
    assert "Una pratica nuova" in client.get(reverse("flusso")).content.decode()
