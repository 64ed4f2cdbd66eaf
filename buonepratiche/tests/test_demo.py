"""The library's demo content: enough practices in several zones and themes, some validated and
some adopted through the real services, and the same database after a second run. One seed for the
module (the `demo` fixture), each test in a savepoint of its own."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Revision

from buonepratiche.models import Adozione, BuonaPraticaPage, BuonePraticheIndexPage, ValutazionePratica
from cop.models import Zona

pytestmark = pytest.mark.django_db


def conteggi():
    return {
        "pagine": Page.objects.count(),
        "revisioni": Revision.objects.count(),
        "pratiche": BuonaPraticaPage.objects.count(),
        "validate": BuonaPraticaPage.objects.filter(validata=True).count(),
        "valutazioni": ValutazionePratica.objects.count(),
        "adozioni": Adozione.objects.count(),
        "zone": Zona.objects.count(),
        "utenti": get_user_model().objects.count(),
    }


def test_running_twice_gives_the_same_counts(demo):
    primo = conteggi()

    call_command("seed_demo", verbosity=0)

    assert conteggi() == primo


def test_at_least_twelve_practices_some_validated_some_adopted(demo):
    pratiche = BuonaPraticaPage.objects.live()

    assert pratiche.count() >= 12
    assert pratiche.filter(validata=True).count() >= 3
    assert Adozione.objects.values("pratica").distinct().count() >= 3
    assert ValutazionePratica.objects.filter(pratica__validata=False).exists()  # one evaluated below threshold
    assert Adozione.objects.filter(pratica_derivata__isnull=False).count() >= 2


def test_practices_are_spread_over_tuscan_zones_ambiti_and_themes(demo):
    zone = Zona.objects.filter(buone_pratiche__live=True).distinct()

    assert zone.filter(regione="Toscana").count() >= 4
    assert set(zone.filter(tipo=Zona.Tipo.AMBITO).values_list("regione", flat=True)) == {
        "Basilicata",
        "Emilia-Romagna",
        "Marche",
    }
    assert BuonaPraticaPage.objects.values("temi").distinct().count() >= 6


def test_the_seed_documents_figures_are_there(demo):
    basilicata = BuonaPraticaPage.objects.get(slug="avviso-basilicata-percorsi-fragilita")
    fano = BuonaPraticaPage.objects.get(slug="ats-6-fano-gruppi-di-lavoro")

    assert ("616", "progetti finanziati") in basilicata.indicatori.values_list("valore", "descrizione")
    assert "25" in fano.indicatori.values_list("valore", flat=True)
    assert fano.fonti_finanziamento.filter(slug="pon-inclusione").exists()


def test_the_index_is_in_the_menu_under_the_home(demo, home_page):
    indice = BuonePraticheIndexPage.objects.get()

    assert indice.get_parent().pk == home_page.pk
    assert (indice.slug, indice.title, indice.show_in_menus, indice.live) == (
        "buone-pratiche",
        "Buone pratiche",
        True,
        True,
    )


def test_the_demo_pages_render_with_their_adoptions(client, demo):
    origine = BuonaPraticaPage.objects.get(slug="budget-di-salute-persone-in-carico-sst")
    derivata = BuonaPraticaPage.objects.get(slug="budget-di-salute-valdinievole")

    html_origine = client.get(origine.url).content.decode()
    html_derivata = client.get(derivata.url).content.decode()
    trasferimenti = client.get(reverse("buonepratiche:trasferimenti"))

    assert "Adottata anche in:" in html_origine and "Valdinievole" in html_origine
    assert "Deriva da:" in html_derivata
    assert trasferimenti.status_code == 200
    assert trasferimenti.content.decode().count("<tr>") == Adozione.objects.count() + 1
