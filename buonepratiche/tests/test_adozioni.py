""" "L'abbiamo adottata": who may declare it, one declaration per zone, what both practice pages
show and the page of all transfers between zones."""

import factory
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from buonepratiche.models import Adozione
from buonepratiche.services.adozioni import AdozioneGiaDichiarata, dichiara_adozione
from buonepratiche.tests.aiuti_scambi import con_zona, rendi_include
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import OperatoreFactory, ReferenteFactory, ZonaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


@pytest.fixture
def zona_origine():
    return ZonaFactory(nome="Pisana", slug="pisana")


@pytest.fixture
def altra_zona():
    return ZonaFactory(nome="Valdinievole", slug="valdinievole")


@pytest.fixture
def pratica(indice, zona_origine):
    return BuonaPraticaPageFactory(parent=indice, title="Budget di Salute per il SST", zone=[zona_origine])


def url_dichiara(pratica):
    return reverse("buonepratiche:dichiara_adozione", args=[pratica.pk])


@pytest.mark.parametrize("fabbrica", [OperatoreFactory, ReferenteFactory], ids=["operatore", "referente"])
def test_a_member_of_another_zone_declares_the_adoption(pratica, altra_zona, fabbrica):
    user = con_zona(fabbrica, altra_zona)

    adozione = dichiara_adozione(pratica=pratica, user=user, nota="  Adattata alle aree interne. ")

    assert adozione.zona_adottante == altra_zona
    assert adozione.dichiarata_da == user
    assert adozione.nota == "Adattata alle aree interne."


def test_the_same_zone_cannot_declare_it(pratica, zona_origine):
    user = con_zona(OperatoreFactory, zona_origine)

    with pytest.raises(PermissionDenied, match="già della tua zona"):
        dichiara_adozione(pratica=pratica, user=user)

    assert not Adozione.objects.exists()


def test_a_member_without_zone_is_told_to_set_it(pratica):
    with pytest.raises(PermissionDenied, match="Indica la tua zona-distretto nel profilo"):
        dichiara_adozione(pratica=pratica, user=OperatoreFactory())


def test_a_second_declaration_of_the_same_zone_is_refused_with_a_message(pratica, altra_zona):
    dichiara_adozione(pratica=pratica, user=con_zona(OperatoreFactory, altra_zona))

    with pytest.raises(AdozioneGiaDichiarata) as errore:
        dichiara_adozione(pratica=pratica, user=con_zona(ReferenteFactory, altra_zona))

    assert "La zona Valdinievole ha già dichiarato di aver adottato questa pratica" in errore.value.message
    assert Adozione.objects.count() == 1


def test_the_derived_practice_must_be_a_live_practice_of_the_adopting_zone(indice, pratica, altra_zona, zona_origine):
    user = con_zona(OperatoreFactory, altra_zona)
    di_unaltra_zona = BuonaPraticaPageFactory(parent=indice, zone=[zona_origine])

    with pytest.raises(ValidationError) as errore:
        dichiara_adozione(pratica=pratica, user=user, pratica_derivata=di_unaltra_zona)

    assert "pratica_derivata" in errore.value.message_dict
    assert not Adozione.objects.exists()


# --- The view ----------------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_log_in(client, pratica):
    response = client.post(url_dichiara(pratica), {})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Adozione.objects.exists()


def test_the_view_declares_and_goes_back_to_the_practice(client, indice, pratica, altra_zona):
    user = con_zona(OperatoreFactory, altra_zona)
    derivata = BuonaPraticaPageFactory(parent=indice, title="Budget di Salute in Valdinievole", zone=[altra_zona])
    client.force_login(user)

    response = client.post(
        url_dichiara(pratica), {"adozione-pratica_derivata": derivata.pk, "adozione-nota": "Con l'ASL."}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"{pratica.url}#adozioni"
    assert "la pratica risulta adottata anche nella zona Valdinievole" in response.content.decode()
    adozione = Adozione.objects.get()
    assert (adozione.pratica_derivata, adozione.nota) == (derivata, "Con l'ASL.")


@pytest.mark.parametrize(
    ("chi", "messaggio"),
    [
        ("stessa zona", "Questa pratica è già della tua zona"),
        ("senza zona", "Indica la tua zona-distretto nel profilo"),
    ],
)
def test_the_view_refuses_with_a_message(client, pratica, zona_origine, chi, messaggio):
    user = con_zona(OperatoreFactory, zona_origine) if chi == "stessa zona" else OperatoreFactory()
    client.force_login(user)

    response = client.post(url_dichiara(pratica), {}, follow=True)

    assert response.status_code == 200
    assert messaggio in response.content.decode()
    assert not Adozione.objects.exists()


def test_a_duplicate_declaration_through_the_view_gives_a_message_not_an_error(client, pratica, altra_zona):
    dichiara_adozione(pratica=pratica, user=con_zona(ReferenteFactory, altra_zona))
    client.force_login(con_zona(OperatoreFactory, altra_zona))

    response = client.post(url_dichiara(pratica), {}, follow=True)

    assert response.status_code == 200
    assert "La zona Valdinievole ha già dichiarato di aver adottato questa pratica" in response.content.decode()
    assert Adozione.objects.count() == 1


def test_a_derived_practice_of_another_zone_is_refused_by_the_form(client, indice, pratica, altra_zona, zona_origine):
    client.force_login(con_zona(OperatoreFactory, altra_zona))
    estranea = BuonaPraticaPageFactory(parent=indice, zone=[zona_origine])

    response = client.post(url_dichiara(pratica), {"adozione-pratica_derivata": estranea.pk})

    assert response.status_code == 400
    assert "Il modulo contiene un errore" in response.content.decode()
    assert not Adozione.objects.exists()


# --- What the practice pages show ------------------------------------------------------------------


def test_both_pages_show_the_adoption(indice, pratica, altra_zona):
    derivata = BuonaPraticaPageFactory(parent=indice, title="Budget di Salute in Valdinievole", zone=[altra_zona])
    dichiara_adozione(pratica=pratica, user=con_zona(OperatoreFactory, altra_zona), pratica_derivata=derivata)

    origine = rendi_include("adozioni", pratica)
    assert "Adottata anche in:" in origine
    assert f'href="{altra_zona.get_absolute_url()}"' in origine
    assert "Budget di Salute in Valdinievole" in origine

    derivata_html = rendi_include("adozioni", derivata)
    assert "Deriva da:" in derivata_html
    assert f'href="{pratica.url}"' in derivata_html
    assert "(Pisana)" in derivata_html


def test_the_form_is_offered_only_to_who_may_declare(pratica, altra_zona, zona_origine):
    assert "abbiamo adottata</button>" in rendi_include("adozioni", pratica, con_zona(OperatoreFactory, altra_zona))
    assert "abbiamo adottata</button>" not in rendi_include(
        "adozioni", pratica, con_zona(OperatoreFactory, zona_origine)
    )
    assert "abbiamo adottata</button>" not in rendi_include("adozioni", pratica)


def test_after_declaring_the_zone_sees_its_declaration_instead_of_the_form(pratica, altra_zona):
    user = con_zona(OperatoreFactory, altra_zona)
    dichiara_adozione(pratica=pratica, user=user)

    html = rendi_include("adozioni", pratica, user)

    assert "La tua zona (Valdinievole) ha dichiarato di averla adottata" in html
    assert "abbiamo adottata</button>" not in html


# --- All transfers between zones ---------------------------------------------------------------------


def adotta(indice, n):
    for _i in range(n):
        origine = ZonaFactory()
        pratica = BuonaPraticaPageFactory(
            parent=indice, title=factory.Sequence(lambda k: f"Pratica trasferita {k}"), zone=[origine]
        )
        dichiara_adozione(pratica=pratica, user=con_zona(OperatoreFactory, ZonaFactory()))


def test_the_transfers_page_lists_from_and_to(client, pratica, altra_zona):
    dichiara_adozione(pratica=pratica, user=con_zona(OperatoreFactory, altra_zona))

    response = client.get(reverse("buonepratiche:trasferimenti"))

    assert response.status_code == 200
    html = response.content.decode()
    riga = html[html.index("Budget di Salute per il SST") :]
    riga = riga[: riga.index("</tr>")]
    assert riga.index("Pisana") < riga.index("Valdinievole")
    assert "1 trasferimento." in html


def test_the_transfers_page_is_paginated(client, indice):
    adotta(indice, 27)

    prima = client.get(reverse("buonepratiche:trasferimenti")).content.decode()
    seconda = client.get(reverse("buonepratiche:trasferimenti"), {"page": 2}).content.decode()

    assert prima.count("Pratica trasferita") == 25
    assert seconda.count("Pratica trasferita") == 2
    assert 'aria-current="page" href="?page=2"' in seconda
    assert 'href="?page=1"' in seconda


def test_the_transfers_page_query_count_is_pinned_and_does_not_grow(client, indice):
    url = reverse("buonepratiche:trasferimenti")

    def query_della_pagina():
        client.get(url)  # caches filled after new pages (Wagtail's site root paths) do not count
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    adotta(indice, 2)
    con_due = query_della_pagina()
    adotta(indice, 18)
    con_venti = query_della_pagina()

    # The page's own: the view restrictions, count, the adoptions with practice and zones, the origin
    # zones; the rest is the base template (site, menu, settings) and Wagtail's page URLs (site root
    # paths); the breadcrumb's two (the library page, its ancestors).
    assert con_due == con_venti <= 12
