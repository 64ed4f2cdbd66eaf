"""One vocabulary of filters on the site and in the API (`cop.filtri`): every filter the API documents
is a filter of the site's listing with the same name and values; the same spellings of yes and no;
the site drops a bad value with a notice, the API answers 400; old page addresses keep working."""

from datetime import timedelta

import pytest
from django.utils import timezone

from buonepratiche.models import BuonaPraticaPage, Destinatario, FonteFinanziamento, Metodologia
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import AggiornamentiIndexPageFactory, TemaFactory, ZonaFactory
from eventi.models import EventiIndexPage
from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory

pytestmark = pytest.mark.django_db

NON_RICONOSCIUTO = "non è riconosciuto ed è stato ignorato"
NON_VALIDO = "non è valido ed è stato ignorato"


@pytest.fixture
def biblioteca(home_page):
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    zona, tema = ZonaFactory(slug="pisana"), TemaFactory(slug="poverta")
    validata = BuonaPraticaPageFactory(
        parent=indice, title="Emporio solidale validato", zone=[zona], temi=[tema], data_inizio=timezone.now().date()
    )
    BuonaPraticaPage.objects.filter(pk=validata.pk).update(validata=True)
    BuonaPraticaPageFactory(parent=indice, title="Orto sociale da validare", zone=[zona], temi=[tema])
    Destinatario.objects.get_or_create(slug="famiglie", defaults={"nome": "Famiglie"})
    FonteFinanziamento.objects.get_or_create(slug="fondo-poverta", defaults={"nome": "Fondo povertà"})
    Metodologia.objects.get_or_create(slug="co-progettazione", defaults={"nome": "Co-progettazione"})
    return indice


def _documentati(client, percorso):
    """The query parameters the OpenAPI document gives for a listing, without pagination and `fields`."""
    documento = client.get("/api/v1/openapi.json").json()
    parametri = documento["paths"][percorso]["get"]["parameters"]
    return {p["name"]: p for p in parametri if p["name"] not in ("limit", "offset", "fields")}


# A slug of each vocabulary of the fixture.
SLUG_DI_ESEMPIO = {
    "zona": "pisana",
    "tema": "poverta",
    "destinatari": "famiglie",
    "fonte": "fondo-poverta",
    "metodologia": "co-progettazione",
}


def _valore_di_esempio(parametro):
    schema = parametro["schema"]
    valore = schema.get("items", schema)
    if "enum" in valore:
        return valore["enum"][0]
    if valore["type"] in ("integer", "boolean"):
        return {"integer": "2024", "boolean": "true"}[valore["type"]]
    return SLUG_DI_ESEMPIO[parametro["name"]]


@pytest.mark.parametrize(
    ("percorso_api", "pagina_del_sito"),
    [("/pratiche/", "biblioteca"), ("/aggiornamenti/", "aggiornamenti"), ("/eventi/", "eventi")],
)
def test_every_filter_the_api_documents_is_a_filter_of_the_site_listing(
    client, home_page, biblioteca, percorso_api, pagina_del_sito
):
    pagine = {
        "biblioteca": biblioteca,
        "aggiornamenti": AggiornamentiIndexPageFactory(parent=home_page),
        "eventi": EventiIndexPageFactory(parent=home_page),
    }
    url = pagine[pagina_del_sito].url
    documentati = _documentati(client, percorso_api)
    assert documentati, "the OpenAPI document lists the listing's filters"
    for nome, parametro in documentati.items():
        if nome == "quando":  # upcoming or past: the site shows both, one after the other
            continue
        valore = _valore_di_esempio(parametro)
        api = client.get(f"/api/v1{percorso_api}", {nome: valore})
        assert api.status_code == 200, (nome, valore, api.json())
        html = client.get(url, {nome: valore}).content.decode()
        assert NON_RICONOSCIUTO not in html, (nome, valore)
        assert NON_VALIDO not in html, (nome, valore)
        assert "/api/v1/vocabolari/" not in html, "the API's descriptions stay out of the site's forms"


@pytest.mark.parametrize(("si", "no"), [("true", "false"), ("1", "0"), ("sì", "no"), ("si", "off")])
def test_yes_and_no_are_spelled_the_same_on_the_site_and_in_the_api(client, biblioteca, si, no):
    titoli = [e["titolo"] for e in client.get("/api/v1/pratiche/", {"validata": si}).json()["items"]]
    assert titoli == ["Emporio solidale validato"]
    assert len(client.get("/api/v1/pratiche/", {"validata": no}).json()["items"]) == 2

    html = client.get(biblioteca.url, {"validata": si}).content.decode()
    assert "Emporio solidale validato" in html
    assert "Orto sociale da validare" not in html
    html = client.get(biblioteca.url, {"validata": no}).content.decode()
    assert "Orto sociale da validare" in html
    assert NON_VALIDO not in html


def test_a_bad_value_is_a_notice_on_the_site_and_a_400_in_the_api(client, biblioteca):
    html = client.get(biblioteca.url, {"zona": ["pisana", "atlantide"]}).content.decode()
    assert "Il filtro «zona=atlantide» non è valido ed è stato ignorato." in html
    assert "Emporio solidale validato" in html  # the good value still applies

    risposta = client.get("/api/v1/pratiche/", {"zona": ["pisana", "atlantide"]})
    assert risposta.status_code == 400
    assert risposta.json()["parametro"] == "zona"
    assert "«atlantide»" in risposta.json()["errore"]


def test_the_site_page_is_the_apis_limit_and_offset(client, biblioteca):
    assert client.get(biblioteca.url, {"page": "1"}).status_code == 200
    risposta = client.get("/api/v1/pratiche/", {"page": "2"})
    assert risposta.status_code == 400
    assert "Parametro sconosciuto: «page»" in risposta.json()["errore"]
    assert client.get("/api/v1/eventi/", {"pagina": "2"}).status_code == 400


def test_a_page_number_of_a_thousand_digits_is_the_last_page_not_an_error(client, biblioteca):
    risposta = client.get(biblioteca.url, {"page": "9" * 1000})
    assert risposta.status_code == 200
    assert "non esiste: ecco la pagina 1" in risposta.content.decode()
    risposta = client.get("/api/v1/pratiche/", {"offset": "9" * 1000})
    assert risposta.status_code == 200
    assert risposta.json()["items"] == []


def test_events_listing_pages_are_page_and_the_old_pagina_links_still_work(client, home_page, monkeypatch):
    monkeypatch.setattr(EventiIndexPage, "per_pagina", 2)
    indice = EventiIndexPageFactory(parent=home_page)
    for i in range(5):
        inizio = (timezone.now() + timedelta(days=i + 1)).replace(microsecond=0)
        EventoPageFactory(parent=indice, title=f"Seminario numero {i}", inizio=inizio)
    prima = client.get(indice.url).content.decode()
    assert "page=2" in prima
    assert "pagina=2" not in prima
    vecchio = client.get(indice.url, {"pagina": "2"}).content.decode()
    nuovo = client.get(indice.url, {"page": "2"}).content.decode()
    assert "Pagina 2 di 3" in vecchio
    assert "Pagina 2 di 3" in nuovo
    assert "Seminario numero 2" in nuovo
    assert "Seminario numero 0" not in nuovo


def test_a_year_without_events_stays_chosen_in_the_events_form(client, home_page):
    indice = EventiIndexPageFactory(parent=home_page)
    EventoPageFactory(parent=indice, title="Seminario di quest'anno")
    html = client.get(indice.url, {"anno": "2019"}).content.decode()
    assert "Seminario di quest'anno" not in html
    assert '<option value="2019" selected>2019</option>' in html
    assert NON_VALIDO not in html
