import pytest
from django.utils import formats, timezone

from cop.demo import testi
from cop.demo.builders import metti_in_evidenza, pagina_figlia
from cop.models import DichiarazioneAccessibilitaPage, PaginaSemplice

pytestmark = pytest.mark.django_db


@pytest.fixture
def pagina(home_page):
    page, _creata = pagina_figlia(parent=home_page, model=PaginaSemplice, **testi.COOKIE)
    return page


def test_a_simple_page_shows_its_sections_last_update_and_rating(client, pagina):
    response = client.get(pagina.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Informativa sui cookie</h1>" in html
    assert '<h2 class="mt-5">I cookie che usiamo</h2>' in html
    giorno = timezone.localtime(pagina.last_published_at)
    mese = formats.date_format(giorno, "F").lower()  # "novembre", as Italian writes it in a date
    assert "Ultimo aggiornamento: <time datetime=" in html
    assert f">{giorno.day} {mese} {giorno.year}</time>" in html
    assert "Quanto sono chiare le informazioni su questa pagina?" in html


def test_the_accessibility_statement_renders_with_the_rating(client, home_page):
    page, _creata = pagina_figlia(
        parent=home_page, model=DichiarazioneAccessibilitaPage, slug="accessibilita", title="Accessibilità"
    )

    html = client.get(page.url).content.decode()

    assert "Stato di conformità" in html
    assert "Ultimo aggiornamento" in html
    assert "Quanto sono chiare le informazioni su questa pagina?" in html


def test_the_home_page_shows_featured_items_empty_states_and_zones(client, home_page, pagina):
    metti_in_evidenza(home=home_page, voci=[(pagina, "Da leggere", "Solo cookie tecnici.")])

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    evidenza = html[html.index('id="titolo-evidenza"') : html.index('id="titolo-pratiche"')]
    assert "Da leggere" in evidenza
    assert f'href="{pagina.url}"' in evidenza
    assert "Solo cookie tecnici." in evidenza
    assert "Non ci sono ancora buone pratiche pubblicate" in html
    assert "Non ci sono eventi in programma." in html
    assert "Il forum non ha ancora discussioni." in html
    assert "Le 28 zone-distretto della Toscana" in html
    assert "Quanto sono chiare le informazioni su questa pagina?" not in html


def test_a_featured_page_that_is_unpublished_disappears_from_the_home(client, home_page, pagina):
    metti_in_evidenza(home=home_page, voci=[(pagina, "Da leggere", "")])
    pagina.unpublish()

    html = client.get("/").content.decode()

    assert "In evidenza" not in html


def test_featuring_the_same_page_twice_adds_it_once(home_page, pagina):
    assert metti_in_evidenza(home=home_page, voci=[(pagina, "Da leggere", "")]) == 1
    assert metti_in_evidenza(home=home_page, voci=[(pagina, "Da leggere", "")]) == 0
    assert home_page.in_evidenza.count() == 1


def test_an_unknown_address_gets_the_404_page_in_the_site_style(client, pagina):
    response = client.get("/non-esiste-questa-pagina/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina non trovata" in html
    assert 'id="footer"' in html
    assert 'href="/cookie/"' in html
    assert "Quanto sono chiare le informazioni su questa pagina?" not in html
