import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision

from cop.models import DichiarazioneAccessibilitaPage, HomePageInEvidenza, ImpostazioniSito, PaginaSemplice

pytestmark = pytest.mark.django_db

SLUG_PAGINE = ["comunita-di-pratica", "come-partecipare", "privacy", "cookie", "note-legali", "accessibilita"]


def conteggi():
    return {
        "pagine": Page.objects.count(),
        "revisioni": Revision.objects.count(),
        "log": PageLogEntry.objects.count(),
        "in_evidenza": HomePageInEvidenza.objects.count(),
        "utenti": get_user_model().objects.count(),
        "email": EmailAddress.objects.count(),
    }


@pytest.fixture
def seed(db):
    call_command("seed_demo", verbosity=0)


def test_running_twice_changes_nothing(db):
    call_command("seed_demo", verbosity=0)
    dopo_il_primo = conteggi()
    impostazioni = ImpostazioniSito.load()

    call_command("seed_demo", verbosity=0)

    assert conteggi() == dopo_il_primo
    assert ImpostazioniSito.load().email_contatto == impostazioni.email_contatto


def test_the_service_pages_are_children_of_the_home_page(seed, home_page):
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
def test_every_seeded_page_renders(client, seed, slug):
    response = client.get(f"/{slug}/")

    assert response.status_code == 200


def test_the_home_page_has_its_intro_featured_items_and_footer_links(client, seed):
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


def test_the_community_page_is_in_the_main_menu_and_tells_its_story(client, seed):
    html = client.get("/comunita-di-pratica/").content.decode()

    nav = html[html.index('id="nav-principale"') : html.index("</nav>")]
    assert 'href="/comunita-di-pratica/"' in nav
    assert "12 marzo 2021" in html
    assert "26" in html
    assert "Ultimo aggiornamento" in html


def test_the_privacy_notice_covers_article_13(client, seed):
    html = client.get("/privacy/").content.decode()

    for titolo in ["Titolare del trattamento", "Finalità del trattamento", "Base giuridica", "I tuoi diritti"]:
        assert titolo in html
    assert "Regione Toscana" in html
    assert "non tratta dati delle persone seguite dai servizi" in html
    assert "Garante per la protezione dei dati personali" in html
    assert "esporta i tuoi dati" in html


def test_the_cookie_notice_lists_only_technical_cookies(client, seed):
    html = client.get("/cookie/").content.decode()

    for cookie in ["sessionid", "csrftoken", "messages"]:
        assert f"<b>{cookie}</b>" in html
    assert "solo dopo che hai fatto clic" in html


def test_an_editors_change_survives_a_new_seed(seed, home_page):
    privacy = home_page.get_children().get(slug="privacy").specific
    privacy.title = "Privacy (rivista)"
    privacy.save_revision().publish()

    call_command("seed_demo", verbosity=0)

    privacy.refresh_from_db()
    assert privacy.title == "Privacy (rivista)"
    assert PaginaSemplice.objects.filter(slug="privacy").count() == 1
