"""The read API (/api/v1/): only live public pages, the site's filters, pagination, 400s in Italian,
CORS, the OpenAPI document (valid, and every parameter it documents is accepted), pinned queries."""

import datetime
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate as valida_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from wagtail.models import PageViewRestriction

from api.registro import router
from buonepratiche.models import BuonaPraticaPage, Destinatario, FonteFinanziamento, Metodologia
from buonepratiche.tests.factories import (
    AdozioneFactory,
    AllegatoFactory,
    BuonaPraticaPageFactory,
    BuonePraticheIndexPageFactory,
)
from cop.tests.factories import AggiornamentiIndexPageFactory, AggiornamentoPageFactory, TemaFactory, ZonaFactory
from eventi.models import EventoPage
from eventi.tests.factories import EventoPageFactory, IscrizioneFactory

pytestmark = pytest.mark.django_db

PRATICHE = "/api/v1/pratiche/"
EVENTI = "/api/v1/eventi/"
OPENAPI = "/api/v1/openapi.json"


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


@pytest.fixture
def pratica(indice):
    return BuonaPraticaPageFactory(parent=indice)


def get(client, url, **parametri):
    response = client.get(url, parametri)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def ids(response):
    assert response.status_code == 200, response.json()
    return [elemento["id"] for elemento in response.json()["items"]]


# --- only live, public pages, no personal data ---------------------------------------------------------


def test_pratiche_lists_only_live_public_practices(client, indice, pratica):
    bozza = BuonaPraticaPageFactory(parent=indice, live=False)
    riservata = BuonaPraticaPageFactory(parent=indice)
    PageViewRestriction.objects.create(page=riservata, restriction_type=PageViewRestriction.LOGIN)

    assert ids(get(client, PRATICHE)) == [pratica.pk]
    assert get(client, f"{PRATICHE}{bozza.pk}/").status_code == 404
    assert get(client, f"{PRATICHE}{riservata.pk}/").status_code == 404


def test_pratiche_under_a_restricted_section_are_left_out_even_for_members(client, indice, pratica):
    from cop.tests.factories import OperatoreFactory

    PageViewRestriction.objects.create(page=indice, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(OperatoreFactory())
    assert ids(get(client, PRATICHE)) == []
    assert get(client, f"{PRATICHE}{pratica.pk}/").status_code == 404


def test_the_contact_person_is_never_in_the_api(client, pratica):
    for url in (PRATICHE, f"{PRATICHE}{pratica.pk}/", f"{PRATICHE}?fields=titolo"):
        testo = get(client, url).content.decode()
        assert pratica.contatto_nome not in testo
        assert pratica.contatto_email not in testo
        assert "contatto" not in testo


def test_events_list_only_live_public_events_without_attendees_or_attendance_code(client):
    evento = EventoPageFactory()
    IscrizioneFactory(evento=evento)
    bozza = EventoPageFactory(live=False)
    riservato = EventoPageFactory()
    PageViewRestriction.objects.create(page=riservato, restriction_type=PageViewRestriction.LOGIN)

    assert ids(get(client, EVENTI)) == [evento.pk]
    dettaglio = get(client, f"{EVENTI}{evento.pk}/")
    assert dettaglio.status_code == 200
    testo = dettaglio.content.decode()
    assert evento.codice_presenza not in testo
    assert "iscri" not in testo
    assert get(client, f"{EVENTI}{bozza.pk}/").status_code == 404


def test_practice_detail_has_every_section_with_absolute_urls(client, indice):
    zona = ZonaFactory(nome="Pisana", slug="pisana")
    pratica = BuonaPraticaPageFactory(
        parent=indice,
        zone=[zona],
        indicatori=[{"valore": "80%", "descrizione": "famiglie raggiunte"}],
        tags=["housing first"],
    )
    AllegatoFactory(pratica=pratica)
    AdozioneFactory(pratica=pratica, zona_adottante=ZonaFactory(slug="empolese"))

    dati = get(client, f"{PRATICHE}{pratica.pk}/").json()

    assert dati["titolo"] == pratica.title
    assert dati["url"] == f"http://testserver{pratica.url}"
    assert dati["dettaglio"] == f"http://testserver{PRATICHE}{pratica.pk}/"
    assert dati["zone"] == [{"slug": "pisana", "nome": "Pisana"}]
    assert dati["adottata_da"] == 1
    assert dati["adozioni"][0]["zona"]["slug"] == "empolese"
    assert dati["indicatori"] == [{"valore": "80%", "descrizione": "famiglie raggiunte"}]
    assert dati["etichette"] == ["housing first"]
    assert dati["allegati"][0]["url"].startswith("http://testserver/")
    assert dati["contesto"] == "<p>Il contesto territoriale.</p>"
    assert dati["soggetti"] == [{"nome": "Comune di Esempio", "tipo": "comune", "ruolo": "promotore"}]


# --- filters of the practices ------------------------------------------------------------------------


def test_every_filter_of_the_practices_narrows_the_listing(client, indice):
    zona, tema = ZonaFactory(slug="valdera"), TemaFactory(slug="poverta")
    destinatario = Destinatario.objects.first()
    fonte = FonteFinanziamento.objects.first()
    metodologia = Metodologia.objects.first()
    giusta = BuonaPraticaPageFactory(
        parent=indice,
        zone=[zona],
        temi=[tema],
        destinatari=[destinatario],
        fonti_finanziamento=[fonte],
        metodologie=[metodologia],
        soggetti=[{"nome": "Cooperativa Il Ponte", "tipo": "cooperativa", "ruolo": "promotore"}],
        stato=BuonaPraticaPage.Stato.CONCLUSA,
        data_inizio=datetime.date(2019, 5, 1),
        validata=True,
    )
    BuonaPraticaPageFactory(parent=indice, destinatari=[], fonti_finanziamento=[], metodologie=[])

    for parametri in (
        {"zona": "valdera"},
        {"tema": "poverta"},
        {"destinatari": destinatario.slug},
        {"fonte": fonte.slug},
        {"metodologia": metodologia.slug},
        {"soggetto": "cooperativa"},
        {"stato": "conclusa"},
        {"anno": "2019"},
        {"validata": "true"},
    ):
        assert ids(get(client, PRATICHE, **parametri)) == [giusta.pk], parametri
    assert len(ids(get(client, PRATICHE, validata="false"))) == 2


def test_values_of_one_filter_are_ored_and_filters_are_anded(client, indice):
    pisana, valdera = ZonaFactory(slug="pisana"), ZonaFactory(slug="valdera")
    tema = TemaFactory(slug="minori")
    a = BuonaPraticaPageFactory(parent=indice, zone=[pisana], temi=[tema])
    b = BuonaPraticaPageFactory(parent=indice, zone=[valdera])
    BuonaPraticaPageFactory(parent=indice)

    assert sorted(ids(client.get(PRATICHE, {"zona": ["pisana", "valdera"]}))) == sorted([a.pk, b.pk])
    assert ids(client.get(PRATICHE, {"zona": ["pisana", "valdera"], "tema": "minori"})) == [a.pk]


def test_practices_sort_by_title_and_by_adoptions(client, indice):
    zeta = BuonaPraticaPageFactory(parent=indice, title="Zeta")
    alfa = BuonaPraticaPageFactory(parent=indice, title="Alfa")
    AdozioneFactory(pratica=zeta)

    assert ids(get(client, PRATICHE)) == [alfa.pk, zeta.pk]  # newest published first
    assert ids(get(client, PRATICHE, ordina="titolo")) == [alfa.pk, zeta.pk]
    assert ids(get(client, PRATICHE, ordina="adottate")) == [zeta.pk, alfa.pk]


# --- filters of the events ---------------------------------------------------------------------------


def test_every_filter_of_the_events_narrows_the_listing(client):
    zona, tema = ZonaFactory(slug="lunigiana"), TemaFactory(slug="stranieri")
    giusto = EventoPageFactory(
        tipo=EventoPage.Tipo.INCONTRO_ZONA,
        inizio=timezone.make_aware(datetime.datetime(2031, 3, 4, 10)),
        fine=timezone.make_aware(datetime.datetime(2031, 3, 4, 12)),
    )
    giusto.zone.set([zona])
    giusto.temi.set([tema])
    giusto.save()
    passato = EventoPageFactory(passato=True)

    for parametri in ({"tipo": "incontro-di-zona"}, {"zona": "lunigiana"}, {"tema": "stranieri"}, {"anno": "2031"}):
        assert ids(get(client, EVENTI, **parametri)) == [giusto.pk], parametri
    assert ids(get(client, EVENTI, quando="prossimi")) == [giusto.pk]
    assert ids(get(client, EVENTI, quando="passati")) == [passato.pk]
    assert ids(get(client, EVENTI)) == [giusto.pk, passato.pk]  # upcoming first, then the archive
    assert get(client, f"{EVENTI}{passato.pk}/").json()["concluso"] is True


def test_upcoming_events_come_soonest_first(client):
    dopo = EventoPageFactory(inizio=timezone.now() + timedelta(days=20))
    prima = EventoPageFactory(inizio=timezone.now() + timedelta(days=2))
    assert ids(get(client, EVENTI, quando="prossimi")) == [prima.pk, dopo.pk]


# --- filters of the updates -----------------------------------------------------------------------------


AGGIORNAMENTI = "/api/v1/aggiornamenti/"


def test_updates_list_only_live_public_updates_newest_first(client, home_page):
    indice = AggiornamentiIndexPageFactory(parent=home_page)
    vecchio = AggiornamentoPageFactory(parent=indice, data=datetime.date(2024, 1, 10))
    nuovo = AggiornamentoPageFactory(parent=indice, data=datetime.date(2025, 6, 1))
    bozza = AggiornamentoPageFactory(parent=indice, live=False)
    riservato = AggiornamentoPageFactory(parent=indice)
    PageViewRestriction.objects.create(page=riservato, restriction_type=PageViewRestriction.LOGIN)

    assert ids(get(client, AGGIORNAMENTI)) == [nuovo.pk, vecchio.pk]
    assert get(client, f"{AGGIORNAMENTI}{bozza.pk}/").status_code == 404
    dettaglio = get(client, f"{AGGIORNAMENTI}{nuovo.pk}/").json()
    assert dettaglio["testo"] == "<p>Il testo dell'aggiornamento.</p>"
    assert dettaglio["data"] == "2025-06-01"
    assert dettaglio["fonte_url"] == "https://www.lavoro.gov.it/"


def test_every_filter_of_the_updates_narrows_the_listing(client, home_page):
    indice = AggiornamentiIndexPageFactory(parent=home_page)
    zona, tema, altro_tema = ZonaFactory(slug="mugello"), TemaFactory(slug="poverta"), TemaFactory(slug="casa")
    giusto = AggiornamentoPageFactory(parent=indice, temi=[tema], zone=[zona], ambito="zonale")
    altro = AggiornamentoPageFactory(parent=indice, temi=[altro_tema], ambito="nazionale")

    for parametri in ({"tema": "poverta"}, {"zona": "mugello"}, {"ambito": "zonale"}):
        assert ids(get(client, AGGIORNAMENTI, **parametri)) == [giusto.pk], parametri
    assert sorted(ids(client.get(AGGIORNAMENTI, {"tema": ["poverta", "casa"]}))) == sorted([giusto.pk, altro.pk])
    assert ids(client.get(AGGIORNAMENTI, {"tema": ["poverta", "casa"], "ambito": "nazionale"})) == [altro.pk]
    errore = get(client, AGGIORNAMENTI, ambito="europeo").json()
    assert errore["parametro"] == "ambito"


# --- pagination and fields ---------------------------------------------------------------------------


def test_limit_and_offset_page_through_the_listing_with_links(client, indice):
    pratiche = [BuonaPraticaPageFactory(parent=indice, title=f"Pratica {n:02d}") for n in range(5)]
    attesi = [p.pk for p in pratiche]

    prima = get(client, PRATICHE, ordina="titolo", limit="2").json()
    assert [e["id"] for e in prima["items"]] == attesi[:2]
    assert prima["meta"] == {
        "total_count": 5,
        "limit": 2,
        "offset": 0,
        "next": "http://testserver/api/v1/pratiche/?limit=2&offset=2&ordina=titolo",
        "previous": None,
    }
    ultima = client.get(prima["meta"]["next"].replace("offset=2", "offset=4")).json()
    assert [e["id"] for e in ultima["items"]] == attesi[4:]
    assert ultima["meta"]["next"] is None
    assert ultima["meta"]["previous"] == "http://testserver/api/v1/pratiche/?limit=2&offset=2&ordina=titolo"
    assert get(client, PRATICHE, limit="0").json() == {
        "meta": {"total_count": 5, "limit": 0, "offset": 0, "next": None, "previous": None},
        "items": [],
    }


def test_an_offset_past_the_end_gives_an_empty_page_whatever_its_size(client, indice):
    BuonaPraticaPageFactory(parent=indice, title="Pratica sola")
    for offset in ("1", "426001921242484184265330262016"):
        risposta = get(client, PRATICHE, offset=offset)
        assert risposta.status_code == 200
        assert risposta.json()["items"] == [] and risposta.json()["meta"]["total_count"] == 1


def test_default_and_maximum_page_size(client, indice):
    for _n in range(21):
        BuonaPraticaPageFactory(parent=indice)
    assert len(ids(get(client, PRATICHE))) == 20
    assert len(ids(get(client, PRATICHE, limit="100"))) == 21


def test_fields_keeps_only_the_chosen_fields_and_the_id(client, pratica):
    assert get(client, PRATICHE, fields="titolo,url").json()["items"] == [
        {"id": pratica.pk, "titolo": pratica.title, "url": f"http://testserver{pratica.url}"}
    ]
    assert set(get(client, f"{PRATICHE}{pratica.pk}/", fields="azioni").json()) == {"id", "azioni"}


# --- bad parameters: 400 with an Italian message and the parameter -------------------------------------


@pytest.mark.parametrize(
    ("url", "parametri", "parametro", "frammento"),
    [
        (PRATICHE, {"colore": "blu"}, "colore", "Parametro sconosciuto"),
        (PRATICHE, {"zona": "atlantide"}, "zona", "«atlantide» non è un valore noto"),
        (PRATICHE, {"tema": "atlantide"}, "tema", "non è un valore noto"),
        (PRATICHE, {"anno": "abc"}, "anno", "«abc» non è un anno"),
        (PRATICHE, {"anno": "19999"}, "anno", "non è un anno"),
        (PRATICHE, {"stato": "sospesa"}, "stato", "non è un valore ammesso"),
        (PRATICHE, {"validata": "forse"}, "validata", "usa true o false"),
        (PRATICHE, {"ordina": "casuale"}, "ordina", "non è un valore ammesso"),
        (PRATICHE, {"limit": "101"}, "limit", "Il valore massimo è 100"),
        (PRATICHE, {"limit": "dieci"}, "limit", "non è un numero intero"),
        (PRATICHE, {"offset": "-1"}, "offset", "non è un numero intero"),
        (PRATICHE, {"fields": "titolo,contatto_email"}, "fields", "Campo sconosciuto: «contatto_email»"),
        (PRATICHE, {"zona": ""}, "zona", "è vuoto"),
        (PRATICHE, {"ordina": ["titolo", "recenti"]}, "ordina", "una sola volta"),
        (EVENTI, {"tipo": "concerto"}, "tipo", "non è un valore ammesso"),
        (EVENTI, {"zona": ["a", "b"]}, "zona", "una sola volta"),
        (EVENTI, {"quando": "ieri"}, "quando", "non è un valore ammesso"),
        (EVENTI, {"anno": "2O24"}, "anno", "non è un anno"),
        (EVENTI, {"order": "title"}, "order", "Parametro sconosciuto"),
        (EVENTI, {"search": "povertà"}, "search", "Parametro sconosciuto"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, url, parametri, parametro, frammento):
    response = get(client, url, **parametri)
    assert response.status_code == 400
    dati = response.json()
    assert set(dati) == {"errore", "parametro"}
    assert dati["parametro"] == parametro
    assert frammento in dati["errore"]


def test_detail_accepts_only_fields(client, pratica):
    response = get(client, f"{PRATICHE}{pratica.pk}/", zona="x")
    assert response.status_code == 400
    assert response.json()["parametro"] == "zona"


def test_not_found_and_writes_answer_in_the_same_json_shape(client, pratica):
    assert get(client, f"{PRATICHE}999999/").json() == {"errore": "Risorsa non trovata.", "parametro": None}
    assert get(client, f"{PRATICHE}{2**70}/").status_code == 404  # found by schemathesis: a 500 on SQLite
    assert get(client, "/api/v1/inesistente/").status_code == 404
    assert get(client, "/api/v1/inesistente/").json()["parametro"] is None
    response = client.post(PRATICHE, {"titolo": "x"})
    assert response.status_code == 405
    assert "sola lettura" in response.json()["errore"]


# --- CORS and rate limit -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        *(f"/api/v1/{nome}/" for nome in router._endpoints),
        f"{PRATICHE}?anno=abc",
        f"{PRATICHE}999999/",
        OPENAPI,
        "/api/v1/vocabolari/",
    ],
)
def test_every_answer_allows_any_origin(client, url):
    response = client.get(url, HTTP_ORIGIN="https://dati.esempio.gov.it")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_preflight_is_answered(client):
    response = client.options(PRATICHE, HTTP_ORIGIN="https://x.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_over_the_rate_limit_the_answer_is_429_with_retry_after(client, settings):
    settings.API_LIMITE_RICHIESTE = "2/min"
    assert get(client, EVENTI).status_code == 200
    assert get(client, EVENTI).status_code == 200
    response = get(client, EVENTI)
    assert response.status_code == 429
    assert response.json()["errore"].startswith("Troppe richieste")
    assert int(response["Retry-After"]) >= 1


def _limite_superato(client):
    for _richiesta in range(5):
        assert client.get(EVENTI).status_code == 200
    for _richiesta in range(5):
        assert client.get(EVENTI).status_code == 429


def test_a_forged_x_forwarded_for_does_not_reset_the_rate_limit(client, settings):
    """Without a proxy in front (the default, NUM_PROXIES 0), the address is the connection's."""
    settings.API_LIMITE_RICHIESTE = "5/min"
    _limite_superato(client)

    for numero in range(5):
        response = client.get(EVENTI, HTTP_X_FORWARDED_FOR=f"203.0.113.{numero}")
        assert response.status_code == 429


def test_behind_one_proxy_only_the_address_it_appends_counts(client, settings):
    """With one trusted proxy, the last X-Forwarded-For entry is the client's (the one the proxy wrote);
    whatever the client put before it is ignored."""
    settings.API_LIMITE_RICHIESTE = "5/min"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _richiesta in range(5):
        assert client.get(EVENTI, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200

    for numero in range(5):
        response = client.get(EVENTI, HTTP_X_FORWARDED_FOR=f"203.0.113.{numero}, 198.51.100.7")
        assert response.status_code == 429
    assert client.get(EVENTI, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 200  # another client


# --- vocabularies, the human page --------------------------------------------------------------------


def test_vocabularies_list_the_slugs_the_filters_accept(client):
    ZonaFactory(slug="pisana", nome="Pisana")
    dati = get(client, "/api/v1/vocabolari/").json()
    assert {"slug": "pisana", "nome": "Pisana"} in dati["zone"]
    assert {"slug": "seminario-online", "nome": "Seminario online"} in dati["tipi_evento"]
    assert dati["destinatari"]  # loaded by migration
    assert get(client, "/api/v1/vocabolari/", x="1").status_code == 400


def test_the_api_page_explains_usage_licence_cors_and_limits_in_italian(client):
    response = client.get("/api/")
    assert response.status_code == 200
    testo = response.content.decode()
    for frase in (
        "/api/v1/pratiche/",
        "/api/v1/eventi/",
        "/api/v1/aggiornamenti/",
        "openapi.json",
        "CC BY 4.0",
        "Access-Control-Allow-Origin",
    ):
        assert frase in testo
    assert "120 richieste al minuto per indirizzo IP" in testo
    assert "<code>metodologia</code>" in testo


# --- the OpenAPI document ------------------------------------------------------------------------------


@pytest.fixture
def documento(client):
    response = get(client, OPENAPI)
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_is_valid(documento):
    valida_openapi(documento)
    assert documento["openapi"].startswith("3.")
    assert "/vocabolari/" in documento["paths"]


def _valore_valido(parametro, slug):
    schema = parametro["schema"]
    schema = schema.get("items", schema)
    if parametro["name"] in slug:
        return slug[parametro["name"]]
    if "enum" in schema:
        return schema["enum"][-1]
    if schema["type"] == "boolean":
        return "true"
    if schema["type"] == "integer":
        return str(max(schema.get("minimum", 0), min(2024, schema.get("maximum", 2024))))
    raise AssertionError(f"Nessun valore di prova per il parametro {parametro['name']}")


def _pratica_completa(home_page, zona, tema):
    pratica = BuonaPraticaPageFactory(
        parent=BuonePraticheIndexPageFactory(parent=home_page),
        zone=[zona],
        temi=[tema],
        data_fine=datetime.date(2024, 1, 1),
        indicatori=[{"valore": "616", "descrizione": "progetti finanziati"}],
        tags=["reti"],
    )
    AllegatoFactory(pratica=pratica)
    AdozioneFactory(pratica=pratica)
    return pratica


def _evento_completo(home_page, zona, tema):
    evento = EventoPageFactory(registrazione_url="https://www.youtube.com/watch?v=abc")
    evento.zone.set([zona])
    evento.temi.set([tema])
    evento.save()
    return evento


# One builder per registered endpoint: registering a new one without an example here fails `esempi`.
def _aggiornamento_completo(home_page, zona, tema):
    return AggiornamentoPageFactory(
        parent=AggiornamentiIndexPageFactory(parent=home_page), temi=[tema], zone=[zona], tags=["ADI"]
    )


ESEMPI = {"pratiche": _pratica_completa, "eventi": _evento_completo, "aggiornamenti": _aggiornamento_completo}


@pytest.fixture
def esempi(home_page):
    assert set(ESEMPI) == set(router._endpoints), "ogni endpoint registrato vuole un esempio in ESEMPI"
    zona, tema = ZonaFactory(), TemaFactory()
    return {nome: crea(home_page, zona, tema) for nome, crea in ESEMPI.items()}, zona, tema


def test_every_documented_parameter_is_accepted(client, documento, esempi):
    pagine, zona, tema = esempi
    slug = {
        "zona": zona.slug,
        "tema": tema.slug,
        "destinatari": Destinatario.objects.first().slug,
        "fonte": FonteFinanziamento.objects.first().slug,
        "metodologia": Metodologia.objects.first().slug,
        "fields": "titolo",
    }
    provati = 0
    for percorso, operazioni in documento["paths"].items():
        nome = percorso.strip("/").split("/")[0]
        url = "/api/v1" + percorso.replace("{id}", str(pagine[nome].pk) if nome in pagine else "0").replace(
            "{codice}", "cop-pratiche-pubblicate"
        )
        for parametro in operazioni["get"].get("parameters", []):
            if parametro["in"] != "query":
                continue
            response = client.get(url, {parametro["name"]: _valore_valido(parametro, slug)})
            assert response.status_code == 200, (percorso, parametro["name"], response.json())
            provati += 1
    assert provati >= 20


def test_the_indicators_answer_as_documented(client, documento, esempi):
    """The platform's indicators, with the example pages' practices published in a zone."""
    elenco = client.get("/api/v1/indicatori/").json()
    uno = client.get("/api/v1/indicatori/cop-pratiche-pubblicate/").json()

    assert not list(_validatore(documento, "ElencoIndicatori").iter_errors(elenco))
    assert not list(_validatore(documento, "Indicatore").iter_errors(uno))
    assert uno["valori"] and uno["regione"]


def _validatore(documento, nome):
    registry = Registry().with_resource("urn:api", Resource(contents=documento, specification=DRAFT202012))
    return OAS31Validator({"$ref": f"urn:api#/components/schemas/{nome}"}, registry=registry)


def test_answers_match_the_documented_schemas(client, documento, esempi):
    pagine, _zona, _tema = esempi
    for nome, endpoint in router._endpoints.items():
        elenco = get(client, f"/api/v1/{nome}/").json()
        assert elenco["meta"]["total_count"] == 1
        _validatore(documento, f"Elenco{endpoint.nome_schema}").validate(elenco)
        dettaglio = get(client, f"/api/v1/{nome}/{pagine[nome].pk}/").json()
        _validatore(documento, f"{endpoint.nome_schema}Dettaglio").validate(dettaglio)
        # The strict schemas (every field required): the document relaxes `required` to `id` for `fields`.
        OAS31Validator(endpoint.schema_elemento).validate(elenco["items"][0])
        OAS31Validator(endpoint.schema_dettaglio).validate(dettaglio)
    _validatore(documento, "Vocabolari").validate(get(client, "/api/v1/vocabolari/").json())
    _validatore(documento, "Errore").validate(get(client, PRATICHE, anno="abc").json())


@pytest.mark.parametrize("endpoint", list(router._endpoints.values()))
def test_every_field_is_documented_and_required_when_fields_is_not_used(endpoint):
    """The serializers and the schemas list the same fields, in the same order."""
    for serializer, schema in (
        (endpoint.serializer_elenco, endpoint.schema_elemento),
        (endpoint.serializer_dettaglio, endpoint.schema_dettaglio),
    ):
        assert list(serializer().fields) == list(schema["properties"])
        assert schema["required"] == list(schema["properties"])


def test_the_document_describes_every_registered_endpoint(documento):
    for nome in router._endpoints:
        assert {f"/{nome}/", f"/{nome}/{{id}}/"} <= set(documento["paths"])


# --- queries do not grow with the page size -------------------------------------------------------------


def _popola_pratiche(indice, n):
    zone, temi = [ZonaFactory() for _i in range(3)], [TemaFactory() for _i in range(3)]
    for i in range(n):
        pratica = BuonaPraticaPageFactory(parent=indice, zone=zone[: 1 + i % 3], temi=temi[: 1 + i % 2])
        if i % 2:
            AdozioneFactory(pratica=pratica)
    return zone[0]


@pytest.mark.parametrize("n", [5, 40])
def test_practice_listing_queries_do_not_grow_with_the_page_size(client, indice, n, django_assert_max_num_queries):
    """Site, view restrictions, count, page, zones, themes, site root paths (+ one per vocabulary filter)."""
    zona = _popola_pratiche(indice, n)
    with django_assert_max_num_queries(7):
        assert len(ids(get(client, PRATICHE, limit=str(n), ordina="adottate"))) == n
    with django_assert_max_num_queries(8):
        assert len(ids(get(client, PRATICHE, limit=str(n), zona=zona.slug))) == n


@pytest.mark.parametrize("n", [5, 40])
def test_event_listing_queries_do_not_grow_with_the_page_size(client, n, django_assert_max_num_queries):
    zona, tema = ZonaFactory(), TemaFactory()
    for i in range(n):
        evento = EventoPageFactory(inizio=timezone.now() + timedelta(days=i + 1))
        evento.zone.set([zona])
        evento.temi.set([tema])
        evento.save()
    with django_assert_max_num_queries(7):
        assert len(ids(get(client, EVENTI, limit=str(n)))) == n


def test_openapi_document_is_plain_json(client):
    response = client.get(OPENAPI)
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/json"
    documento = json.loads(response.content)
    assert documento["openapi"].startswith("3.1")
    assert {"/pratiche/", "/eventi/", "/aggiornamenti/"} <= set(documento["paths"])


@pytest.mark.parametrize("n", [5, 40])
def test_update_listing_queries_do_not_grow_with_the_page_size(client, home_page, n, django_assert_max_num_queries):
    indice = AggiornamentiIndexPageFactory(parent=home_page)
    zone, temi = [ZonaFactory() for _i in range(2)], [TemaFactory() for _i in range(2)]
    for i in range(n):
        AggiornamentoPageFactory(parent=indice, temi=temi[: 1 + i % 2], zone=zone[: i % 3])
    with django_assert_max_num_queries(8):
        assert len(ids(get(client, "/api/v1/aggiornamenti/", limit=str(n), tema=temi[0].slug))) == n
