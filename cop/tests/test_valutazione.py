import csv
import io

import pytest
from django.urls import reverse

from cop.demo.builders import pagina_figlia
from cop.models import PaginaSemplice, ValutazionePagina
from cop.tests.factories import OperatoreFactory, RedattoreFactory, ReferenteFactory

pytestmark = pytest.mark.django_db

URL = reverse("valuta_pagina")
URL_REPORT = reverse("cop_riepilogo_valutazioni")


@pytest.fixture
def pagina(home_page):
    page, _creata = pagina_figlia(parent=home_page, model=PaginaSemplice, slug="guida", title="Guida alla comunità")
    return page


def messaggi(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_rating_is_stored_with_its_motive_and_thanks_the_visitor(client, pagina):
    response = client.post(
        URL,
        {"page_id": pagina.pk, "voto": "5", "motivo": "chiare", "commento": "Utile", "next": pagina.url},
        follow=True,
    )

    valutazione = ValutazionePagina.objects.get()
    assert (valutazione.page_id, valutazione.voto, valutazione.motivo, valutazione.commento) == (
        pagina.pk,
        5,
        "chiare",
        "Utile",
    )
    assert response.redirect_chain == [(pagina.url, 302)]
    assert "Grazie, il tuo parere ci aiuterà a migliorare il servizio." in messaggi(response)


def test_a_motive_from_the_other_list_is_dropped_and_the_vote_kept(client, pagina):
    client.post(URL, {"page_id": pagina.pk, "voto": "2", "motivo": "chiare", "next": pagina.url})

    valutazione = ValutazionePagina.objects.get()
    assert (valutazione.voto, valutazione.motivo) == (2, "")


@pytest.mark.parametrize("voto", ["0", "6", "abc", ""])
def test_an_invalid_vote_stores_nothing_and_says_why(client, pagina, voto):
    response = client.post(URL, {"page_id": pagina.pk, "voto": voto, "next": pagina.url}, follow=True)

    assert not ValutazionePagina.objects.exists()
    assert response.redirect_chain == [(pagina.url, 302)]
    assert "Valutazione non registrata: scegli un voto da 1 a 5 stelle." in messaggi(response)


def test_a_missing_page_stores_nothing(client, pagina):
    response = client.post(URL, {"page_id": 999999, "voto": "4", "next": pagina.url}, follow=True)

    assert not ValutazionePagina.objects.exists()
    assert "Valutazione non registrata: la pagina non esiste più." in messaggi(response)


def test_a_page_that_is_not_live_cannot_be_rated(client, pagina):
    pagina.unpublish()

    response = client.post(URL, {"page_id": pagina.pk, "voto": "4", "next": "/"}, follow=True)

    assert not ValutazionePagina.objects.exists()
    assert "Valutazione non registrata: la pagina non esiste più." in messaggi(response)


@pytest.mark.parametrize("next_url", ["https://altro-sito.example/", "//altro-sito.example/pagina/"])
def test_next_pointing_to_another_host_is_not_followed(client, pagina, next_url):
    response = client.post(URL, {"page_id": pagina.pk, "voto": "4", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_rating_accepts_only_post(client):
    assert client.get(URL).status_code == 405


def test_content_pages_show_the_rating_form_that_works_without_javascript(client, pagina):
    html = client.get(pagina.url).content.decode()

    assert "Quanto sono chiare le informazioni su questa pagina?" in html
    assert html.count('name="voto"') == 5
    assert "Valuta 1 stella su 5" in html
    assert "Valuta 5 stelle su 5" in html
    assert "Quali sono stati gli aspetti che hai preferito?" in html
    assert "Dove hai incontrato le maggiori difficoltà?" in html
    assert html.count('name="motivo"') == len(ValutazionePagina.Motivo.choices)
    assert f'value="{pagina.pk}"' in html
    assert "js/valutazione.js" in html


def crea_valutazioni(page, voti):
    ValutazionePagina.objects.bulk_create(ValutazionePagina(page=page, voto=voto) for voto in voti)


def test_report_shows_count_average_and_distribution_per_page_to_a_redattore(client, pagina, home_page):
    altra, _creata = pagina_figlia(parent=home_page, model=PaginaSemplice, slug="altra", title="Altra pagina")
    crea_valutazioni(pagina, [5, 4, 4, 1])
    crea_valutazioni(altra, [2])
    client.force_login(RedattoreFactory())

    response = client.get(URL_REPORT)

    assert response.status_code == 200
    righe = {riga["page_id"]: riga for riga in response.context["object_list"]}
    assert righe[pagina.pk]["numero"] == 4
    assert righe[pagina.pk]["media"] == pytest.approx(3.5)
    assert [righe[pagina.pk][f"voto_{v}"] for v in range(1, 6)] == [1, 0, 0, 2, 1]
    assert righe[altra.pk]["numero"] == 1
    html = response.content.decode()
    assert "Guida alla comunità" in html
    assert reverse("wagtailadmin_pages:edit", args=[pagina.pk]) in html
    assert "3,5" in html


@pytest.mark.parametrize(("factory", "visibile"), [(RedattoreFactory, True), (ReferenteFactory, False)])
def test_report_is_in_the_reports_menu_only_for_who_can_read_it(client, factory, visibile):
    client.force_login(factory())

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert ("chiarezza-pagine" in html) is visibile


def test_report_can_be_exported_as_csv(client, pagina):
    crea_valutazioni(pagina, [3, 4])
    client.force_login(RedattoreFactory())

    response = client.get(URL_REPORT, {"export": "csv"})

    assert response.status_code == 200
    contenuto = b"".join(response.streaming_content).decode()
    assert "Guida alla comunità" in contenuto


@pytest.mark.parametrize("factory", [OperatoreFactory, ReferenteFactory])
def test_report_is_forbidden_to_users_without_the_permission(client, pagina, factory):
    crea_valutazioni(pagina, [5])
    client.force_login(factory())

    response = client.get(URL_REPORT)

    assert response.status_code in (302, 403)
    assert b"Guida alla comunit" not in response.content


def test_report_csv_writes_a_page_title_that_is_a_formula_as_text(client, home_page):
    formula = '=HYPERLINK("http://attaccante.example/","Clicca")'
    page, _creata = pagina_figlia(parent=home_page, model=PaginaSemplice, slug="formula", title=formula)
    crea_valutazioni(page, [2])
    client.force_login(RedattoreFactory())

    response = client.get(URL_REPORT, {"export": "csv"})

    righe = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert righe[1][0] == "'" + formula


def test_one_client_gets_one_vote_per_page_per_day(client, pagina, home_page):
    for _voto in range(30):
        response = client.post(URL, {"page_id": pagina.pk, "voto": "1", "next": pagina.url}, follow=True)

    assert ValutazionePagina.objects.filter(page=pagina).count() == 1
    assert response.status_code == 200
    assert "Hai già valutato questa pagina oggi: grazie, il tuo parere è stato registrato." in messaggi(response)
    altra, _creata = pagina_figlia(parent=home_page, model=PaginaSemplice, slug="faq", title="Domande frequenti")
    client.post(URL, {"page_id": altra.pk, "voto": "4", "next": altra.url})
    client.post(URL, {"page_id": pagina.pk, "voto": "4", "next": pagina.url}, REMOTE_ADDR="192.0.2.44")
    assert ValutazionePagina.objects.count() == 3  # another page, another visitor


def test_a_forged_x_forwarded_for_gives_no_second_vote(client, pagina, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for numero in range(10):
        client.post(
            URL,
            {"page_id": pagina.pk, "voto": "1", "next": pagina.url},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{numero}, 198.51.100.7",
        )

    assert ValutazionePagina.objects.count() == 1
