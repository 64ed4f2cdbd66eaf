"""The search page's URL parameters: read into a `Ricerca`, bad values dropped or clamped with a notice."""

import pytest
from django.http import QueryDict

from cop.tests.factories import TemaFactory, ZonaFactory
from search.backends.base import Ricerca
from search.forms import MAX_PAGINA, MAX_Q, ParametriRicerca, Vocabolari, vocabolari


@pytest.fixture
def vocab(db):
    ZonaFactory(slug="pisana", nome="Pisana")
    ZonaFactory(slug="lunigiana", nome="Lunigiana")
    TemaFactory(slug="poverta", nome="Povertà")
    return Vocabolari.carica()


def leggi(querystring, vocab):
    return ParametriRicerca(QueryDict(querystring), vocabolari=vocab)


def test_good_parameters_become_the_search(vocab):
    p = leggi(
        "q=reddito+minimo&tipo=pratica&tipo=evento&zona=pisana&tema=poverta&anno=2024&validata=1&ordina=data&page=3",
        vocab,
    )
    assert p.ricerca == Ricerca(
        q="reddito minimo",
        tipo=("pratica", "evento"),
        zona=("pisana",),
        tema=("poverta",),
        anno=(2024,),
        validata=True,
        ordina="data",
        pagina=3,
    )
    assert p.avvisi == []


def test_pagina_is_an_alias_of_page(vocab):
    assert leggi("pagina=2", vocab).ricerca.pagina == 2


def test_repeated_words_are_joined_into_one_query(vocab):
    assert leggi("q=casa&q=popolare", vocab).ricerca.q == "casa popolare"
    assert leggi("q=%00&q=casa&q=+", vocab).ricerca.q == "casa"


@pytest.mark.parametrize("si", ["1", "true", "sì", "SI", "on"])
def test_validated_only_is_yes_in_every_spelling_of_the_site(vocab, si):
    p = leggi(f"validata={si}", vocab)
    assert p.ricerca.validata is True
    assert p.avvisi == []


@pytest.mark.parametrize("no", ["0", "false", "no", "off"])
def test_validated_no_means_every_result_without_a_notice(vocab, no):
    p = leggi(f"validata={no}", vocab)
    assert p.ricerca.validata is None
    assert p.avvisi == []
    assert not p.ha_filtri


def test_empty_query_string_is_the_default_search(vocab):
    p = leggi("", vocab)
    assert p.ricerca == Ricerca()
    assert p.avvisi == []
    assert not p.ha_filtri


@pytest.mark.parametrize(
    ("querystring", "ignorato"),
    [
        ("zona=atlantide", "zona «atlantide»"),
        ("tema=xyz", "tema «xyz»"),
        ("anno=abc", "anno «abc»"),
        ("anno=3024", "anno «3024»"),
        ("tipo=foo", "tipo «foo»"),
        ("pagina=-3", "pagina «-3»"),
        ("page=0", "pagina «0»"),
        ("page=%C2%B2", "pagina «²»"),
        ("ordina=prezzo", "ordina «prezzo»"),
        ("validata=forse", "validata «forse»"),
        ("colore=blu", "il parametro «colore»"),
    ],
)
def test_a_bad_value_is_ignored_and_named_in_the_notice(vocab, querystring, ignorato):
    p = leggi(f"q=casa&zona=pisana&{querystring}", vocab)
    assert p.ricerca.q == "casa"
    assert p.ricerca.zona == ("pisana",)
    assert p.ricerca.pagina == 1
    assert p.ricerca.ordina == "rilevanza"
    assert len(p.avvisi) == 1
    assert ignorato in p.avvisi[0]
    assert p.avvisi[0].startswith("Alcuni parametri non sono validi e sono stati ignorati")


def test_many_bad_values_make_one_notice_with_the_first_ten(vocab):
    p = leggi("&".join(f"zona=z{i}" for i in range(25)), vocab)
    assert len(p.avvisi) == 1
    assert "z9" in p.avvisi[0]
    assert "z10" not in p.avvisi[0]
    assert "e altri 15" in p.avvisi[0]


def test_a_huge_page_is_clamped_to_the_deepest_one(vocab):
    assert leggi("page=999999", vocab).ricerca.pagina == MAX_PAGINA
    assert leggi("page=" + "9" * 5000, vocab).ricerca.pagina == MAX_PAGINA


def test_a_long_query_is_cut_at_a_word_with_a_notice(vocab):
    p = leggi("q=" + "parola " * 100, vocab)
    assert len(p.ricerca.q) <= MAX_Q
    assert p.ricerca.q.endswith("parola")
    assert p.avvisi == ["La ricerca era troppo lunga: sono stati usati solo i primi 200 caratteri."]


def test_control_characters_and_extra_spaces_are_dropped_from_the_query(vocab):
    assert leggi("q=%00casa%0A%09++popolare+", vocab).ricerca.q == "casa popolare"


def test_repeated_values_count_once(vocab):
    assert leggi("zona=pisana&zona=pisana&anno=2024&anno=2024", vocab).ricerca == Ricerca(
        zona=("pisana",), anno=(2024,)
    )


def test_links_keep_the_state_and_drop_what_they_change(vocab):
    p = leggi("q=casa&zona=pisana&zona=lunigiana&validata=1&ordina=data&page=2", vocab)
    assert p.querystring() == "q=casa&zona=pisana&zona=lunigiana&validata=1&ordina=data"
    assert p.querystring_senza_filtri == "q=casa&ordina=data"
    assert p.nascosti_casella == [("zona", "pisana"), ("zona", "lunigiana"), ("validata", "1"), ("ordina", "data")]
    assert p.nascosti_ordina == [("q", "casa"), ("zona", "pisana"), ("zona", "lunigiana"), ("validata", "1")]
    assert [a["etichetta"] for a in p.attivi] == [
        "Territorio: Pisana",
        "Territorio: Lunigiana",
        "Solo buone pratiche validate",
    ]
    assert p.attivi[0]["rimuovi"] == "q=casa&zona=lunigiana&validata=1&ordina=data"


def test_vocabularies_are_cached_and_forgotten_when_a_zone_changes(vocab, django_assert_num_queries):
    with django_assert_num_queries(2):
        vocabolari()
    with django_assert_num_queries(0):
        assert "pisana" in vocabolari().zone
    ZonaFactory(slug="valdera", nome="Alta Val di Cecina-Valdera")
    assert vocabolari().zone["valdera"] == "Alta Val di Cecina-Valdera"
