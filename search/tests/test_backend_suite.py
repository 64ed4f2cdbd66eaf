"""What a visitor sees, whatever the engine: the same tests against the database backend and
Elasticsearch. Content is real (factories), and reaches the engine as it does on the site: outbox
records applied by `applica_in_sospeso`.

These tests only read: the content is built once per engine for the module (`corpus_del_modulo`), in
a transaction rolled back at its end and an index deleted at its end; each test runs in a savepoint of
its own. The tests that change the content or the index are in test_backend_suite_scritture.py, each
with content and an index of its own."""

import pytest
from django.db import transaction
from wagtail.models import Site

from search.analisi import piega
from search.backends.base import impronta
from search.documents import tutti_i_documenti

from .corpus import applica, cerca, crea_corpus, doc_id, ids
from .fixtures_elasticsearch import MOTORI, motore_del_modulo, solo_nodo_reale


@pytest.fixture(scope="module", params=MOTORI)
def corpus_del_modulo(request, django_db_setup, django_db_blocker):
    es_server = request.getfixturevalue("es_server") if request.param == "elasticsearch" else None
    with django_db_blocker.unblock(), transaction.atomic(), motore_del_modulo(request.param, es_server) as motore:
        corpus = crea_corpus(Site.objects.get(is_default_site=True).root_page.specific)
        applica()
        corpus.backend = motore
        yield corpus
        transaction.set_rollback(True)


@pytest.fixture
def corpus(corpus_del_modulo, db):
    return corpus_del_modulo


def test_the_index_holds_exactly_the_public_documents(corpus):
    attesi = {doc["id"]: impronta(doc) for doc in tutti_i_documenti()}
    assert corpus.backend.ids_e_impronte() == attesi
    assert corpus.backend.conta() == len(attesi)
    assert doc_id(corpus.adi) in attesi and doc_id(corpus.discussione) in attesi
    assert doc_id(corpus.risposta) not in attesi  # a reply is part of its topic's document


def test_accents_do_not_matter(corpus):
    trovati = ids(cerca(corpus, q="poverta"))
    assert doc_id(corpus.adi) in trovati
    assert doc_id(corpus.seminario) in trovati


def test_singular_finds_plural(corpus):
    assert doc_id(corpus.adi) in ids(cerca(corpus, q="famiglia"))


@pytest.mark.parametrize(
    ("sigla", "oggetto"),
    [
        ("ADI", "adi"),  # "Assegno di inclusione" in the title
        ("MSNA", "msna"),  # "minori stranieri non accompagnati" in the abstract
        ("ISEE", "discussione"),
        ("RdC", "seminario"),  # "reddito di cittadinanza", said in the recording's transcript
        ("PUA", "discussione"),  # "punto unico di accesso", in a reply to the topic
    ],
)
def test_acronyms_find_what_they_stand_for(corpus, sigla, oggetto):
    assert doc_id(getattr(corpus, oggetto)) in ids(cerca(corpus, q=sigla))


def test_an_acronym_that_spells_a_stop_word_is_searchable(corpus):
    """SIA (sostegno per l'inclusione attiva) is an acronym; "sia" is a verb, and a stop word."""
    solo_nodo_reale(corpus.backend)
    risultati = cerca(corpus, q="SIA")
    assert ids(risultati) == [doc_id(corpus.orti)]
    assert "<mark>SIA</mark>" in risultati.risultati[0].estratto
    assert ids(cerca(corpus, q="orti SIA")) == [doc_id(corpus.orti)]
    # The words around the acronym still drop their stop words: "il" and "nel" are not required.
    assert ids(cerca(corpus, q="nati con il SIA nel 2017")) == [doc_id(corpus.orti)]


def test_a_comune_finds_the_content_of_its_zone(corpus):
    # Neither "Cascina" nor "Cerreto Guidi" is written in any document: the zones list them.
    assert {doc_id(corpus.adi), doc_id(corpus.orti)} <= set(ids(cerca(corpus, q="Cascina")))  # Pisana
    assert doc_id(corpus.msna) not in ids(cerca(corpus, q="Cascina"))
    assert {doc_id(corpus.msna), doc_id(corpus.orti)} <= set(ids(cerca(corpus, q="Cerreto Guidi")))  # Empolese
    assert doc_id(corpus.adi) not in ids(cerca(corpus, q="Cerreto Guidi"))
    # With other words, the comune stands for its zone among them.
    assert ids(cerca(corpus, q="assegno Cascina")) == [doc_id(corpus.adi)]


def test_a_query_of_stop_words_only_finds_nothing(corpus):
    assert cerca(corpus, q="di la").totale == 0
    assert cerca(corpus, q="Il e la").totale == 0


def test_every_word_of_the_query_is_required(corpus):
    assert ids(cerca(corpus, q="orti anziani")) == [doc_id(corpus.orti)]
    assert ids(cerca(corpus, q="orti minori")) == []


def test_a_partial_search_needs_most_of_the_words_not_all(corpus):
    assert ids(cerca(corpus, q="orti anziani minori")) == []
    # Two words of three: the allotments (orti, anziani), not the foster homes (minori only).
    assert ids(cerca(corpus, q="orti anziani minori", parziale=True)) == [doc_id(corpus.orti)]
    # One of two: either.
    assert set(ids(cerca(corpus, q="orti minori", parziale=True))) >= {doc_id(corpus.orti), doc_id(corpus.msna)}


def test_a_partial_search_of_a_query_as_long_as_allowed_answers(corpus):
    """40 distinct words (200 characters): the database engine takes at most MASSIMO_GRUPPI subsets
    of 30 words, never all ~10^9 of them."""
    lunga = " ".join(f"zq{i:02d}" for i in range(40))
    assert cerca(corpus, q=lunga, parziale=True).totale == 0
    assert ids(cerca(corpus, q=lunga + " orti", parziale=True)) == []


def test_parole_richieste_is_all_but_one_then_three_in_four():
    from search.backends.base import parole_richieste

    assert [parole_richieste(n) for n in range(1, 10)] == [1, 1, 2, 3, 4, 5, 6, 6, 7]


def test_drafts_and_hidden_posts_never_appear(corpus):
    assert cerca(corpus, q="bozzafantasma").totale == 0
    assert cerca(corpus, q="segretissimo").totale == 0
    tutti = ids(cerca(corpus, per_pagina=100))
    assert doc_id(corpus.bozza) not in tutti
    assert doc_id(corpus.nascosto) not in tutti


def test_an_empty_query_browses_everything_newest_first(corpus):
    risultati = cerca(corpus, per_pagina=100)
    assert risultati.totale == corpus.backend.conta()
    date = [r.data for r in risultati.risultati]
    assert date == sorted(date, reverse=True)


def test_each_facet_is_counted_with_the_other_filters_but_not_its_own(corpus):
    risultati = cerca(corpus, zona=("pisana",))
    assert set(ids(risultati)) == {doc_id(corpus.adi), doc_id(corpus.orti), doc_id(corpus.seminario)}
    facets = {nome: dict(valori) for nome, valori in risultati.facets.items()}
    assert facets["tipo"] == {"pratica": 2, "evento": 1}
    # zona: counted without the zona filter, so the other zones stay visible with their counts
    assert facets["zona"] == {"pisana": 3, "empolese": 3}
    assert facets["tema"] == {"poverta": 2, "famiglie": 2}
    assert facets["anno"] == {"2023": 1, "2022": 1, "2024": 1}
    assert facets["validata"] == {"true": 1, "false": 2}


def test_filters_are_or_within_a_facet_and_and_between_facets(corpus):
    entrambe = cerca(corpus, zona=("pisana", "empolese"), tipo=("pratica",))
    assert set(ids(entrambe)) == {doc_id(corpus.adi), doc_id(corpus.msna), doc_id(corpus.orti)}
    assert ids(cerca(corpus, q="famiglie", validata=True)) == [doc_id(corpus.adi)]
    assert ids(cerca(corpus, anno=(2021,))) == [doc_id(corpus.msna)]
    assert ids(cerca(corpus, tema=("minori",), zona=("pisana",))) == []


def test_sort_by_date_newest_first(corpus):
    risultati = cerca(corpus, tipo=("pratica",), ordina="data")
    assert ids(risultati) == [doc_id(corpus.adi), doc_id(corpus.orti), doc_id(corpus.msna)]


def test_pagination_keeps_the_total(corpus):
    tutti = ids(cerca(corpus, ordina="data", per_pagina=100))
    seconda = cerca(corpus, ordina="data", pagina=2, per_pagina=2)
    assert seconda.totale == len(tutti)
    assert ids(seconda) == tutti[2:4]
    oltre = cerca(corpus, ordina="data", pagina=50, per_pagina=2)
    assert oltre.risultati == [] and oltre.totale == len(tutti)


def test_highlights_mark_the_matched_words_in_escaped_text(corpus):
    risultato = next(r for r in cerca(corpus, q="povertà").risultati if r.id == doc_id(corpus.adi))
    assert "<mark>" in risultato.estratto
    assert "povertà</mark>" in risultato.estratto
    senza_mark = risultato.estratto.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in senza_mark and ">" not in senza_mark


def test_results_carry_what_the_page_shows(corpus):
    risultato = cerca(corpus, q="assegno inclusione").risultati[0]
    assert risultato.id == doc_id(corpus.adi)
    assert risultato.tipo == "pratica"
    assert risultato.titolo == "Assegno di inclusione: accompagnare i nuclei"
    assert risultato.url == corpus.adi.url
    assert risultato.zone == ["pisana"] and sorted(risultato.temi) == ["famiglie", "poverta"]
    assert risultato.validata is True


def test_suggestions_complete_titles_by_prefix(corpus):
    voci = corpus.backend.suggerisci("accog")
    assert {"testo": "Accoglienza diffusa a Empoli", "url": corpus.msna.url, "tipo": "pratica"} in [
        {chiave: voce[chiave] for chiave in ("testo", "url", "tipo")} for voce in voci
    ]
    assert any(v["testo"] == "Seminario sulla povertà educativa" for v in corpus.backend.suggerisci("semin"))
    assert corpus.backend.suggerisci("zzzz") == []


def test_a_forum_topic_is_suggested_once_with_its_own_url_not_a_reply(corpus):
    voci = [v for v in corpus.backend.suggerisci("come calc") if v["testo"] == "Come calcolate l'ISEE dei nuclei?"]
    assert [v["url"] for v in voci] == [corpus.discussione.get_absolute_url()]


def test_suggestions_complete_any_word_of_a_title(corpus):
    adi = "Assegno di inclusione: accompagnare i nuclei"
    for digitato in ("incl", "Inclusione", "nucl", "assegno acc", "accompagnare assegno", "INCLUS"):
        assert adi in [v["testo"] for v in corpus.backend.suggerisci(digitato)], digitato
    # Every word typed must begin a word of the title.
    assert adi not in [v["testo"] for v in corpus.backend.suggerisci("inclusione orti")]
    assert [v["testo"] for v in corpus.backend.suggerisci("condivisi")] == ["Orti sociali condivisi"]


def test_nothing_found_offers_alternatives(corpus):
    risultati = cerca(corpus, q="povreta")
    assert risultati.totale == 0
    assert any("povert" in piega(a) for a in risultati.alternative)
