"""The site's own pages after `seed_demo`: one seed for the module (the `demo` fixture), each test
in a savepoint of its own. Running the seed twice from an empty database: test_seed_demo_due_volte.py."""

import pytest
from django.core.management import call_command

from cop.models import DichiarazioneAccessibilitaPage, PaginaSemplice

pytestmark = pytest.mark.django_db

SLUG_PAGINE = ["comunita-di-pratica", "come-partecipare", "privacy", "cookie", "note-legali", "accessibilita"]


def test_the_service_pages_are_children_of_the_home_page(demo, home_page):
    figli = {page.slug: page.specific for page in home_page.get_children().live()}

    assert set(SLUG_PAGINE) <= set(figli)
    assert isinstance(figli["accessibilita"], DichiarazioneAccessibilitaPage)
    assert figli["accessibilita"].email_contatto
    for slug in ["privacy", "cookie", "note-legali", "comunita-di-pratica"]:
        assert isinstance(figli[slug], PaginaSemplice)
        assert figli[slug].last_published_at is not None
    assert figli["comunita-di-pratica"].show_in_menus
    assert not figli["privacy"].show_in_menus


@pytest.mark.parametrize("slug", SLUG_PAGINE)
def test_every_seeded_page_renders(client, demo, slug):
    response = client.get(f"/{slug}/")

    assert response.status_code == 200


def test_the_home_page_has_its_intro_featured_items_and_footer_links(client, demo):
    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Comunità di pratica sull'inclusione sociale</b> della Regione Toscana" in html
    assert "In evidenza" in html
    assert 'href="/comunita-di-pratica/"' in html
    footer = html[html.index('id="footer"') :]
    for url in ["/privacy/", "/cookie/", "/note-legali/", "/accessibilita/"]:
        assert f'href="{url}"' in footer
    assert "redazione@cop.local" in footer


def test_the_community_page_is_in_the_main_menu_and_tells_its_story(client, demo):
    html = client.get("/comunita-di-pratica/").content.decode()

    nav = html[html.index('id="nav-principale"') : html.index("</nav>")]
    assert 'href="/comunita-di-pratica/"' in nav
    assert "12 marzo 2021" in html
    assert "26" in html
    assert "Ultimo aggiornamento" in html


def test_the_privacy_notice_covers_article_13(client, demo):
    html = client.get("/privacy/").content.decode()

    for titolo in ["Titolare del trattamento", "Finalità del trattamento", "Base giuridica", "I tuoi diritti"]:
        assert titolo in html
    assert "Regione Toscana" in html
    assert "non tratta dati delle persone seguite dai servizi" in html
    assert "Garante per la protezione dei dati personali" in html
    assert "esporta i tuoi dati" in html


def test_the_cookie_notice_lists_only_technical_cookies(client, demo):
    html = client.get("/cookie/").content.decode()

    for cookie in ["sessionid", "csrftoken", "messages"]:
        assert f"<b>{cookie}</b>" in html
    assert "solo dopo che hai fatto clic" in html


def test_an_editors_change_survives_a_new_seed(demo, home_page):
    privacy = home_page.get_children().get(slug="privacy").specific
    privacy.title = "Privacy (rivista)"
    privacy.save_revision().publish()

    call_command("seed_demo", verbosity=0)

    privacy.refresh_from_db()
    assert privacy.title == "Privacy (rivista)"
    assert PaginaSemplice.objects.filter(slug="privacy").count() == 1
