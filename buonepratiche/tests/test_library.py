import datetime

import pytest

from buonepratiche.models import BuonaPraticaPage, Destinatario, FonteFinanziamento, Metodologia, SoggettoCoinvolto
from buonepratiche.tests.factories import (
    AdozioneFactory,
    BuonaPraticaPageFactory,
    BuonePraticheIndexPageFactory,
    vocabolario,
)
from cop.tests.factories import OrganizzazioneFactory, TemaFactory, ZonaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


@pytest.fixture
def dati(indice):
    """Five practices over two zones and two themes, with known vocabularies, types, states, years."""
    pisa, lucca = ZonaFactory(slug="pisana", nome="Pisana"), ZonaFactory(slug="piana-di-lucca", nome="Piana di Lucca")
    poverta, minori = TemaFactory(slug="poverta", nome="Povertà"), TemaFactory(slug="minori", nome="Minori")
    bds = vocabolario(Metodologia, "budget-di-salute")
    cop_ = vocabolario(Metodologia, "co-progettazione")
    pnrr = vocabolario(FonteFinanziamento, "pnrr")
    fse = vocabolario(FonteFinanziamento, "fse")
    famiglie = vocabolario(Destinatario, "famiglie-con-minori")
    msna = vocabolario(Destinatario, "msna")
    coop = [{"nome": "Coop Sociale", "tipo": "cooperativa", "ruolo": "partner"}]
    comune = [{"nome": "Comune di Pisa", "tipo": "comune", "ruolo": "promotore"}]
    p = {
        "a": BuonaPraticaPageFactory(
            parent=indice,
            title="Alfa",
            zone=[pisa],
            temi=[poverta],
            metodologie=[bds],
            fonti_finanziamento=[pnrr],
            destinatari=[famiglie],
            soggetti=comune + coop,
            stato="in-corso",
            data_inizio=datetime.date(2021, 1, 1),
        ),
        "b": BuonaPraticaPageFactory(
            parent=indice,
            title="Beta",
            zone=[pisa, lucca],
            temi=[minori],
            metodologie=[cop_],
            fonti_finanziamento=[fse, pnrr],
            destinatari=[msna],
            soggetti=comune,
            stato="conclusa",
            data_inizio=datetime.date(2022, 1, 1),
            data_fine=datetime.date(2023, 1, 1),
        ),
        "c": BuonaPraticaPageFactory(
            parent=indice,
            title="Gamma",
            zone=[lucca],
            temi=[poverta, minori],
            metodologie=[bds, cop_],
            fonti_finanziamento=[],
            destinatari=[famiglie, msna],
            soggetti=coop,
            stato="in-corso",
            data_inizio=datetime.date(2022, 6, 1),
        ),
        "d": BuonaPraticaPageFactory(
            parent=indice,
            title="Delta",
            zone=[lucca],
            temi=[poverta],
            soggetti=comune,
            stato="in-progettazione",
            data_inizio=datetime.date(2023, 2, 1),
        ),
    }
    BuonaPraticaPage.objects.filter(pk=p["c"].pk).update(validata=True)
    bozza = BuonaPraticaPageFactory(parent=indice, title="Bozza", zone=[pisa], temi=[poverta], live=False)
    p["bozza"] = bozza
    return p


def get(client, indice, query="", sub=""):
    risposta = client.get(indice.url + sub + query)
    assert risposta.status_code == 200
    return risposta


def titoli(risposta):
    return [p.title for p in risposta.context["elenco"].pagina]


def faccetta(risposta, parametro):
    for f in risposta.context["elenco"].faccette:
        if f["parametro"] == parametro:
            return {o["valore"]: o["n"] for o in f["opzioni"]}
    raise AssertionError(parametro)


def test_library_lists_live_practices_newest_first(client, indice, dati):
    risposta = get(client, indice)
    assert titoli(risposta) == ["Delta", "Gamma", "Beta", "Alfa"]
    assert "Bozza" not in risposta.content.decode()
    assert faccetta(risposta, "zona") == {"pisana": 2, "piana-di-lucca": 3}


@pytest.mark.parametrize(
    ("query", "attesi"),
    [
        ("?zona=pisana", {"Alfa", "Beta"}),
        ("?tema=minori", {"Beta", "Gamma"}),
        ("?destinatari=msna", {"Beta", "Gamma"}),
        ("?fonte=pnrr", {"Alfa", "Beta"}),
        ("?metodologia=budget-di-salute", {"Alfa", "Gamma"}),
        ("?soggetto=cooperativa", {"Alfa", "Gamma"}),
        ("?stato=in-corso", {"Alfa", "Gamma"}),
        ("?anno=2022", {"Beta", "Gamma"}),
        ("?validata=1", {"Gamma"}),
        ("?zona=pisana&zona=piana-di-lucca", {"Alfa", "Beta", "Gamma", "Delta"}),
        ("?zona=piana-di-lucca&tema=poverta", {"Gamma", "Delta"}),
        ("?zona=piana-di-lucca&tema=minori&metodologia=co-progettazione&stato=in-corso", {"Gamma"}),
        ("?fonte=pnrr&soggetto=comune&anno=2021", {"Alfa"}),
        ("?tema=poverta&validata=1", {"Gamma"}),
    ],
)
def test_every_filter_alone_and_combined(client, indice, dati, query, attesi):
    risposta = get(client, indice, query)
    assert set(titoli(risposta)) == attesi
    assert risposta.context["elenco"].totale == len(attesi)
    assert not risposta.context["elenco"].filtri.avvisi


def test_counts_of_a_filter_ignore_its_own_choice_and_follow_the_others(client, indice, dati):
    risposta = get(client, indice, "?zona=piana-di-lucca&tema=poverta")
    # zona counts: with tema=poverta only (Alfa in Pisa; Gamma, Delta in Lucca)
    assert faccetta(risposta, "zona") == {"pisana": 1, "piana-di-lucca": 2}
    # tema counts: with zona=lucca only (Beta, Gamma minori; Gamma, Delta povertà)
    assert faccetta(risposta, "tema") == {"poverta": 2, "minori": 2}
    # the other filters count within both
    assert faccetta(risposta, "metodologia") == {"budget-di-salute": 1, "co-progettazione": 1}
    assert faccetta(risposta, "stato") == {"in-corso": 1, "in-progettazione": 1}
    assert faccetta(risposta, "anno") == {"2022": 1, "2023": 1}
    assert faccetta(risposta, "soggetto") == {"comune": 1, "cooperativa": 1}
    assert faccetta(risposta, "destinatari") == {"famiglie-con-minori": 1, "msna": 1}
    assert faccetta(risposta, "fonte") == {}
    assert risposta.context["elenco"].validate == 1


def test_counts_unfiltered(client, indice, dati):
    risposta = get(client, indice)
    assert faccetta(risposta, "fonte") == {"pnrr": 2, "fse": 1}
    assert faccetta(risposta, "soggetto") == {"comune": 3, "cooperativa": 2}
    assert faccetta(risposta, "stato") == {"in-progettazione": 1, "in-corso": 2, "conclusa": 1}
    assert faccetta(risposta, "anno") == {"2023": 1, "2022": 2, "2021": 1}
    assert risposta.context["elenco"].validate == 1
    assert 'name="zona" value="pisana"' in risposta.content.decode()


def test_bad_parameters_are_ignored_with_a_notice(client, indice, dati):
    risposta = get(client, indice, "?zona=xxx&page=abc&ordina=zzz&anno=20x5&validata=forse&boh=1&tema=minori")
    elenco = risposta.context["elenco"]
    assert set(titoli(risposta)) == {"Beta", "Gamma"}
    assert len(elenco.filtri.avvisi) == 6
    html = risposta.content.decode()
    assert 'id="avvisi-filtri"' in html
    assert "zona=xxx" in html and "20x5" in html
    assert "xxx" not in elenco.querystring


def test_page_out_of_range_shows_the_last_with_a_notice(client, indice, dati):
    risposta = get(client, indice, "?page=99")
    assert risposta.context["elenco"].pagina.number == 1
    assert risposta.context["elenco"].filtri.avvisi


@pytest.mark.parametrize(
    ("ordina", "attesi"),
    [
        ("", ["Delta", "Gamma", "Beta", "Alfa"]),
        ("recenti", ["Delta", "Gamma", "Beta", "Alfa"]),
        ("titolo", ["Alfa", "Beta", "Delta", "Gamma"]),
        ("adottate", ["Beta", "Alfa", "Delta", "Gamma"]),
    ],
)
def test_sorting(client, indice, dati, ordina, attesi):
    AdozioneFactory(pratica=dati["b"])
    AdozioneFactory(pratica=dati["b"])
    AdozioneFactory(pratica=dati["a"])
    risposta = get(client, indice, f"?ordina={ordina}")
    assert titoli(risposta) == attesi


def test_pagination_keeps_the_filters(client, indice):
    zona = ZonaFactory(slug="zona-molte")
    for i in range(25):
        BuonaPraticaPageFactory(parent=indice, title=f"Pratica {i:02d}", zone=[zona])
    BuonaPraticaPageFactory(parent=indice, title="Altrove")
    prima = get(client, indice, "?zona=zona-molte&ordina=titolo")
    assert len(titoli(prima)) == 20
    html = prima.content.decode()
    assert "?zona=zona-molte&amp;ordina=titolo&amp;page=2" in html
    seconda = get(client, indice, "?zona=zona-molte&ordina=titolo&page=2")
    assert titoli(seconda) == [f"Pratica {i:02d}" for i in range(20, 25)]


def test_listing_per_zone_and_per_theme(client, indice, dati):
    risposta = get(client, indice, sub="zona/pisana/")
    assert set(titoli(risposta)) == {"Alfa", "Beta"}
    assert "zona" not in [f["parametro"] for f in risposta.context["elenco"].faccette]
    assert "zona=pisana" in risposta.context["elenco"].querystring_esportazione
    risposta = get(client, indice, "?stato=in-corso", sub="tema/poverta/")
    assert set(titoli(risposta)) == {"Alfa", "Gamma"}
    assert client.get(indice.url + "zona/non-esiste/").status_code == 404
    assert client.get(indice.url + "tema/non-esiste/").status_code == 404


def test_active_filters_link_to_their_removal(client, indice, dati):
    risposta = get(client, indice, "?zona=pisana&tema=minori")
    attivi = risposta.context["elenco"].filtri.attivi
    assert [a["rimuovi"] for a in attivi] == ["tema=minori", "zona=pisana"]


def _popola(indice, quante, zone, temi):
    for i in range(quante):
        BuonaPraticaPageFactory(
            parent=indice,
            zone=[zone[i % len(zone)]],
            temi=[temi[i % len(temi)]],
            soggetti=[{"nome": f"Ente {i}", "tipo": "comune", "ruolo": "promotore"}],
            data_inizio=datetime.date(2015 + i % 8, 1, 1),
        )


def _conta_query(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as catturate:
        assert client.get(url).status_code == 200
    return len(catturate)


# Queries of a library page: routing, session and the base template's (site, settings; the menu and
# the service pages are cached), the page of practices with its two prefetches; the first request of a
# filter state in a generation of the library also loads the vocabularies (5), counts (10: total,
# validate, one per filter).
QUERY_BIBLIOTECA = 11
QUERY_BIBLIOTECA_SENZA_CACHE = 26


def test_library_query_count_is_the_same_for_10_and_60_practices_and_any_page(
    client, indice, django_assert_max_num_queries
):
    from buonepratiche.biblioteca import invalida

    zone = [ZonaFactory() for _ in range(3)]
    temi = [TemaFactory() for _ in range(3)]
    filtri = f"?zona={zone[0].slug}&tema={temi[0].slug}&soggetto=comune"
    urls = [indice.url, indice.url + "?page=3", indice.url + filtri, indice.url + "?ordina=adottate&page=2"]
    misure = []
    for quante in (10, 50):
        _popola(indice, quante, zone, temi)
        client.get(indice.url)  # site root paths in the cache
        for url in urls:
            invalida()
            misure.append((_conta_query(client, url), _conta_query(client, url)))
    assert set(misure) == {(QUERY_BIBLIOTECA_SENZA_CACHE, QUERY_BIBLIOTECA)}
    with django_assert_max_num_queries(QUERY_BIBLIOTECA):
        client.get(indice.url + "?page=2")
    invalida()
    with django_assert_max_num_queries(QUERY_BIBLIOTECA_SENZA_CACHE):
        client.get(indice.url + filtri + "&page=2&anno=2016&validata=1")


def test_counts_follow_a_new_practice_and_a_new_partner(client, indice):
    zona = ZonaFactory(slug="zona-conteggi")
    BuonaPraticaPageFactory(parent=indice, zone=[zona])
    assert get(client, indice).context["elenco"].totale == 1
    nuova = BuonaPraticaPageFactory(parent=indice, zone=[zona], soggetti=[])
    risposta = get(client, indice)
    assert risposta.context["elenco"].totale == 2
    assert faccetta(risposta, "zona") == {"zona-conteggi": 2}
    SoggettoCoinvolto.objects.create(
        pratica=nuova, organizzazione=OrganizzazioneFactory(nome="ASL", tipo="asl"), ruolo="partner"
    )
    assert faccetta(get(client, indice), "soggetto") == {"comune": 1, "asl": 1}
    nuova.unpublish()
    assert get(client, indice).context["elenco"].totale == 1


# routing (6), session, the page's relations (10), parent for the breadcrumbs, base template (menu and
# service pages cached), and the evaluation and adoption includes (with the view restrictions of the
# adopting practices)
QUERY_PRATICA = 21


def test_practice_page_query_count_does_not_grow_with_its_relations(client, indice, django_assert_max_num_queries):
    from buonepratiche.tests.factories import AllegatoFactory

    poca = BuonaPraticaPageFactory(parent=indice)
    molta = BuonaPraticaPageFactory(
        parent=indice,
        zone=[ZonaFactory() for _ in range(4)],
        temi=[TemaFactory() for _ in range(4)],
        soggetti=[{"nome": f"Ente {i}", "tipo": "ets", "ruolo": "partner"} for i in range(6)],
        indicatori=[{"valore": str(i), "descrizione": "cose"} for i in range(5)],
        tags=["a", "b", "c"],
    )
    for _ in range(2):
        AllegatoFactory(pratica=poca)
    for _ in range(5):
        AllegatoFactory(pratica=molta)
    client.get(poca.url)
    assert _conta_query(client, poca.url) == _conta_query(client, molta.url) == QUERY_PRATICA
    with django_assert_max_num_queries(QUERY_PRATICA):
        client.get(molta.url)


@pytest.fixture
def pratica_completa(indice):
    from buonepratiche.tests.factories import AllegatoFactory

    zona, tema = ZonaFactory(slug="pisana", nome="Pisana"), TemaFactory(slug="minori", nome="Minori")
    pratica = BuonaPraticaPageFactory(
        parent=indice,
        title="Budget di Salute",
        zone=[zona],
        temi=[tema],
        destinatari=[vocabolario(Destinatario, "msna")],
        fonti_finanziamento=[vocabolario(FonteFinanziamento, "pnrr")],
        metodologie=[vocabolario(Metodologia, "budget-di-salute")],
        soggetti=[
            {"nome": "SdS Pisana", "tipo": "sds", "ruolo": "promotore"},
            {"nome": "Coop Il Ponte", "tipo": "cooperativa", "ruolo": "partner"},
        ],
        indicatori=[{"valore": "616", "descrizione": "progetti finanziati"}],
        tags=["casa"],
        stato="conclusa",
        data_inizio=datetime.date(2021, 3, 1),
        data_fine=datetime.date(2023, 12, 31),
        difficolta="<p>Tempi lunghi.</p>",
    )
    AllegatoFactory(pratica=pratica, titolo="Accordo operativo")
    return pratica


def test_practice_page_shows_every_field(client, pratica_completa):
    html = client.get(pratica_completa.url).content.decode()
    for testo in [
        "Budget di Salute",
        pratica_completa.abstract,
        'href="/zone/pisana/"',
        'href="/buone-pratiche/tema/minori/"',
        "Minori stranieri non accompagnati",
        "PNRR",
        "Budget di Salute",
        "SdS Pisana",
        "Società della Salute o zona-distretto",
        "Coop Il Ponte",
        "Cooperativa sociale",
        "616",
        "progetti finanziati",
        "Conclusa",
        'datetime="2021-03-01"',
        'datetime="2023-12-31"',
        "Tempi lunghi.",
        "Il contesto territoriale.",
        "Che cosa la rende trasferibile.",
        "Accordo operativo",
        "(PDF, ",
        "casa",
        'aria-current="page">Budget di Salute</li>',
        "pratica-stampa.css",
    ]:
        assert testo in html, testo
    assert "Buona pratica validata" not in html


def test_contact_is_for_logged_in_members_only(client, pratica_completa):
    from cop.tests.factories import OperatoreFactory

    html = client.get(pratica_completa.url).content.decode()
    assert "Accedi per vedere il contatto" in html
    assert pratica_completa.contatto_email not in html
    assert pratica_completa.contatto_telefono not in html
    client.force_login(OperatoreFactory())
    html = client.get(pratica_completa.url).content.decode()
    assert "Accedi per vedere il contatto" not in html
    assert f'href="mailto:{pratica_completa.contatto_email}"' in html


def test_validated_practice_shows_the_badge_on_the_page_and_in_the_library(client, indice, pratica_completa):
    BuonaPraticaPage.objects.filter(pk=pratica_completa.pk).update(validata=True)
    assert "Buona pratica validata" in client.get(pratica_completa.url).content.decode()
    assert "Buona pratica validata" in client.get(indice.url).content.decode()
