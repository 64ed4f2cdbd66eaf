# ruff: noqa: F811 - the fixtures imported from territori.tests.territori are arguments of the tests
"""The directory of organisations (`/organizzazioni/`) and an organisation's page: what is public, the
filters and their notices, the practices and events of an organisation, pinned queries."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageViewRestriction

from buonepratiche.tests.factories import BuonaPraticaPageFactory
from cop.models import Organizzazione
from cop.tests.factories import (
    OperatoreFactory,
    OrganizzazioneFactory,
    RedattoreFactory,
    ReferenteFactory,
)
from eventi.tests.factories import EventoPageFactory
from territori.tests.territori import (  # noqa: F401 - fixtures
    altra,
    giorni_fa,
    indice,
    indice_eventi,
    zona,
)

pytestmark = pytest.mark.django_db

ELENCO = reverse("organizzazione_list")


def nomi_nell_elenco(risposta):
    pagina = BeautifulSoup(risposta.content, "html.parser")
    return [titolo.get_text(strip=True) for titolo in pagina.select("article .card-title")]


def avvisi(risposta):
    pagina = BeautifulSoup(risposta.content, "html.parser")
    return [li.get_text(" ", strip=True) for li in pagina.select("#avvisi-filtri li")]


def pratica_con(indice, titolo, zone, soggetti, **kwargs):
    return BuonaPraticaPageFactory(parent=indice, title=titolo, zone=zone, soggetti=soggetti, **kwargs)


# --- The directory ----------------------------------------------------------------------------------------


def test_directory_lists_published_organisations_by_name_not_those_under_review(client, zona):
    OrganizzazioneFactory(nome="Società della Salute Pisana", tipo="sds", zone=[zona])
    OrganizzazioneFactory(nome="Associazione Il Ponte", tipo="associazione")
    OrganizzazioneFactory(nome="Cooperativa proposta da un membro", stato=Organizzazione.Stato.DA_REVISIONARE)

    risposta = client.get(ELENCO)

    assert risposta.status_code == 200
    assert nomi_nell_elenco(risposta) == ["Associazione Il Ponte", "Società della Salute Pisana"]
    assert "2 organizzazioni" in risposta.content.decode()


def test_directory_filters_by_zone_and_kind_with_counts_of_the_other_filter(client, zona, altra):
    OrganizzazioneFactory(nome="Comune A", tipo="comune", zone=[zona])
    OrganizzazioneFactory(nome="Comune B", tipo="comune", zone=[altra])
    OrganizzazioneFactory(nome="Associazione A", tipo="associazione", zone=[zona])

    risposta = client.get(ELENCO, {"zona": zona.slug})
    assert nomi_nell_elenco(risposta) == ["Associazione A", "Comune A"]
    tipi = {o["valore"]: o["n"] for o in risposta.context["elenco"].faccette[1]["opzioni"]}
    assert tipi == {"comune": 1, "associazione": 1}
    zone = {o["valore"]: o["n"] for o in risposta.context["elenco"].faccette[0]["opzioni"]}
    assert zone == {zona.slug: 2, altra.slug: 1}  # the zone facet ignores its own choice

    risposta = client.get(ELENCO, {"zona": zona.slug, "tipo": "comune"})
    assert nomi_nell_elenco(risposta) == ["Comune A"]
    assert [a["etichetta"] for a in risposta.context["elenco"].form.attivi] == [
        "Zona: Zona del Flusso",
        "Tipo: Comune o Unione di Comuni",
    ]

    risposta = client.get(ELENCO, {"zona": [zona.slug, altra.slug], "tipo": "comune"})  # OR within a filter
    assert nomi_nell_elenco(risposta) == ["Comune A", "Comune B"]


def test_directory_finds_by_part_of_the_name_and_keeps_the_name_in_the_filter_form(client):
    OrganizzazioneFactory(nome="Centro Regionale Infanzia e Adolescenza", tipo="altro")
    OrganizzazioneFactory(nome="Comune di Fano", tipo="comune")

    risposta = client.get(ELENCO, {"nome": "  infanzia  "})

    assert nomi_nell_elenco(risposta) == ["Centro Regionale Infanzia e Adolescenza"]
    pannello = BeautifulSoup(risposta.content, "html.parser").select_one("form.pannello-filtri")
    assert pannello.select_one("input[type=hidden][name=nome]")["value"] == "infanzia"


@pytest.mark.parametrize(
    ("parametri", "avviso"),
    [
        ({"zona": "atlantide"}, "Il filtro «zona=atlantide» non è valido ed è stato ignorato."),
        ({"tipo": "banca"}, "Il filtro «tipo=banca» non è valido ed è stato ignorato."),
        ({"page": "0"}, "Il filtro «page=0» non è valido ed è stato ignorato."),
        ({"colore": "blu"}, "Il parametro «colore» non è riconosciuto ed è stato ignorato."),
        ({"page": "7"}, "La pagina 7 non esiste: ecco la pagina 1."),
    ],
)
def test_a_bad_parameter_is_named_and_the_rest_still_applies(client, zona, parametri, avviso):
    OrganizzazioneFactory(nome="Comune A", tipo="comune", zone=[zona])
    OrganizzazioneFactory(nome="Associazione A", tipo="associazione")

    risposta = client.get(ELENCO, {**parametri, "tipo": [parametri.get("tipo", "comune"), "comune"]})

    assert risposta.status_code == 200
    assert avvisi(risposta) == [avviso]
    assert nomi_nell_elenco(risposta) == ["Comune A"]


def test_directory_pages_keep_the_filters(client, zona):
    for i in range(25):
        OrganizzazioneFactory(nome=f"Comune {i:02d}", tipo="comune", zone=[zona])

    risposta = client.get(ELENCO, {"tipo": "comune", "pagina": "2"})

    assert nomi_nell_elenco(risposta) == ["Comune 20", "Comune 21", "Comune 22", "Comune 23", "Comune 24"]
    link = BeautifulSoup(risposta.content, "html.parser").select_one("nav.pagination-wrapper a[href*='page=1']")
    assert "tipo=comune" in link["href"]


def test_directory_queries_do_not_grow_with_the_organisations(client, django_assert_max_num_queries, zona, altra):
    numeri = []
    for n in (5, 40):
        for i in range(n):
            OrganizzazioneFactory(nome=f"Ente {n}-{i}", tipo="ets", zone=[zona, altra])
        client.get(ELENCO)  # the site's root paths, cached after the first request
        with django_assert_max_num_queries(10) as contate:
            assert client.get(ELENCO, {"zona": zona.slug, "tipo": "ets"}).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1]


# --- An organisation's page ---------------------------------------------------------------------------------


def test_page_lists_practices_it_promotes_and_partners_not_drafts_or_private_ones(client, indice, zona, altra):
    ente = OrganizzazioneFactory(nome="Associazione Il Ponte", tipo="associazione", zone=[zona], comune="Pisa")
    pratica_con(indice, "Pratica che promuove", [zona], [{"organizzazione": ente, "ruolo": "promotore"}])
    pratica_con(
        indice,
        "Pratica di cui è partner",
        [altra],
        [
            {"nome": "Comune di Pisa", "tipo": "comune", "ruolo": "promotore"},
            {"organizzazione": ente, "ruolo": "partner"},
        ],
    )
    pratica_con(indice, "Bozza", [zona], [{"organizzazione": ente, "ruolo": "promotore"}], live=False)
    riservata = pratica_con(indice, "Riservata", [zona], [{"organizzazione": ente, "ruolo": "promotore"}])
    PageViewRestriction.objects.create(page=riservata, restriction_type=PageViewRestriction.LOGIN)
    pratica_con(indice, "Di un altro ente", [zona], [{"nome": "Altro", "tipo": "ets", "ruolo": "promotore"}])

    risposta = client.get(ente.get_absolute_url())

    assert risposta.status_code == 200
    pagina = BeautifulSoup(risposta.content, "html.parser")
    assert [a.get_text() for a in pagina.select("#promosse li a")] == ["Pratica che promuove"]
    assert [a.get_text() for a in pagina.select("#partner li a")] == ["Pratica di cui è partner"]
    assert "Pisa" in pagina.select_one("dl").get_text()
    assert pagina.select_one("dl a")["href"] == zona.get_absolute_url()


def test_page_lists_its_published_events_and_the_event_page_links_back(client, indice_eventi, zona):
    ente = OrganizzazioneFactory(nome="Centro Regionale Infanzia e Adolescenza", tipo="altro")
    evento = EventoPageFactory(parent=indice_eventi, title="Seminario sulle famiglie")
    evento.organizzazioni.set([ente])
    evento.save_revision().publish()
    bozza = EventoPageFactory(parent=indice_eventi, title="Evento in bozza", live=False)
    bozza.organizzazioni.set([ente])
    bozza.save()

    pagina = BeautifulSoup(client.get(ente.get_absolute_url()).content, "html.parser")
    assert [a.get_text() for a in pagina.select("#eventi li a")] == ["Seminario sulle famiglie"]

    pagina_evento = BeautifulSoup(client.get(evento.url).content, "html.parser")
    assert pagina_evento.select_one(f"a[href='{ente.get_absolute_url()}']").get_text() == ente.nome


def test_page_of_an_organisation_under_review_or_unknown_is_not_found(client):
    proposta = OrganizzazioneFactory(nome="In revisione", stato=Organizzazione.Stato.DA_REVISIONARE)
    assert client.get(proposta.get_absolute_url()).status_code == 404
    assert client.get(reverse("organizzazione_detail", args=["nessuna"])).status_code == 404


def test_page_says_how_many_practices_there_are_when_it_shows_only_the_newest(client, indice, zona):
    ente = OrganizzazioneFactory(nome="Comune capofila", tipo="comune")
    for i in range(22):
        pratica_con(indice, f"Pratica {i}", [zona], [{"organizzazione": ente, "ruolo": "promotore"}])

    pagina = BeautifulSoup(client.get(ente.get_absolute_url()).content, "html.parser")

    assert len(pagina.select("#promosse li")) == 20
    assert "Qui le 20 più recenti: 22 in tutto." in pagina.select_one("#promosse").get_text(" ", strip=True)


def test_page_queries_do_not_grow_with_its_practices_and_events(
    client, django_assert_max_num_queries, indice, indice_eventi, zona, altra
):
    ente = OrganizzazioneFactory(nome="Ente molto attivo", tipo="ets", zone=[zona, altra])
    numeri = []
    for n in (3, 15):
        for i in range(n):
            pratica_con(indice, f"Promossa {n}-{i}", [zona, altra], [{"organizzazione": ente, "ruolo": "promotore"}])
            pratica_con(indice, f"Partner {n}-{i}", [zona], [{"organizzazione": ente, "ruolo": "partner"}])
            evento = EventoPageFactory(parent=indice_eventi, title=f"Evento {n}-{i}", zone=[zona])
            evento.organizzazioni.set([ente])
            evento.save_revision().publish()
        client.get(ente.get_absolute_url())
        with django_assert_max_num_queries(20) as contate:
            assert client.get(ente.get_absolute_url()).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1]


# --- Who sees what: the public pages and the admin ---------------------------------------------------------------


UTENTI = {
    "anonimo": None,
    "operatore": OperatoreFactory,
    "referente": ReferenteFactory,
    "redattore": RedattoreFactory,
}


@pytest.mark.parametrize("ruolo", UTENTI)
def test_everyone_reads_the_directory_and_no_one_reads_an_organisation_under_review(client, ruolo):
    if UTENTI[ruolo]:
        client.force_login(UTENTI[ruolo]())
    pubblica = OrganizzazioneFactory(nome="Pubblica")
    proposta = OrganizzazioneFactory(nome="Proposta", stato=Organizzazione.Stato.DA_REVISIONARE)

    assert nomi_nell_elenco(client.get(ELENCO)) == ["Pubblica"]
    assert client.get(pubblica.get_absolute_url()).status_code == 200
    assert client.get(proposta.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("ruolo", "vede", "modifica"),
    [("anonimo", False, False), ("operatore", False, False), ("referente", True, False), ("redattore", True, True)],
)
def test_in_the_admin_editors_review_organisations_and_referenti_only_see_them(client, ruolo, vede, modifica):
    if UTENTI[ruolo]:
        client.force_login(UTENTI[ruolo]())
    proposta = OrganizzazioneFactory(nome="Cooperativa nuova", tipo="cooperativa", stato="da-revisionare")
    elenco = reverse("wagtailsnippets_cop_organizzazione:list")
    modifica_url = reverse("wagtailsnippets_cop_organizzazione:edit", args=[proposta.pk])

    risposta = client.get(elenco, {"stato": "da-revisionare"})
    if vede:
        assert risposta.status_code == 200
        assert "Cooperativa nuova" in risposta.content.decode()
    else:
        assert risposta.status_code in (302, 403)
        assert "Cooperativa nuova" not in risposta.content.decode()

    dati = {"nome": "Cooperativa Nuova", "slug": proposta.slug, "tipo": "cooperativa", "stato": "pubblicata"}
    risposta = client.post(modifica_url, dati)
    proposta.refresh_from_db()
    if modifica:
        assert risposta.status_code == 302
        assert proposta.stato == "pubblicata"
        assert proposta.nome == "Cooperativa Nuova"
    else:
        assert risposta.status_code in (302, 403)
        assert (proposta.stato, proposta.nome) == ("da-revisionare", "Cooperativa nuova")


@pytest.mark.parametrize(
    ("ruolo", "vede_il_riservato"), [("anonimo", False), ("operatore", False), ("redattore", True)]
)
def test_page_lists_the_groups_it_takes_part_in_that_the_visitor_may_know_of(client, ruolo, vede_il_riservato):
    from gruppi.models import Gruppo

    if UTENTI[ruolo]:
        client.force_login(UTENTI[ruolo]())
    ente = OrganizzazioneFactory(nome="Cooperativa del tavolo", tipo="cooperativa")
    for nome, accesso in (("Tavolo aperto", "aperto"), ("Tavolo riservato", "riservato")):
        Gruppo.objects.create(nome=nome, descrizione="Un tavolo.", accesso=accesso).organizzazioni.set([ente])

    pagina = BeautifulSoup(client.get(ente.get_absolute_url()).content, "html.parser")

    attesi = ["Tavolo aperto", "Tavolo riservato"] if vede_il_riservato else ["Tavolo aperto"]
    assert [a.get_text() for a in pagina.select("#gruppi li a")] == attesi
