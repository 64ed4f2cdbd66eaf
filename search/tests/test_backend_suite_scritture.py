"""What a visitor sees after the content changes, whatever the engine: the same tests against the
database backend and Elasticsearch (see the `search_backend` fixture in conftest.py), each with content
and an (empty) index of its own. The tests that only read share their content: test_backend_suite.py."""

from buonepratiche.tests.factories import BuonaPraticaPageFactory
from forum.tests.factories import DiscussioneFactory, MessaggioFactory
from search.documents import documento

from .corpus import applica, cerca, doc_id, ids


def test_a_comune_added_to_a_zone_is_found_at_once(corpus):
    corpus.empolese.comuni += "\nVinci"
    corpus.empolese.save()
    assert doc_id(corpus.msna) in ids(cerca(corpus, q="Vinci"))


def test_a_lively_topic_is_one_result_and_does_not_push_a_practice_off_the_page(corpus):
    pratica = BuonaPraticaPageFactory(
        parent=corpus.indice, title="Budget di salute per l'abitare", abstract="Il budget di salute in Valdera."
    )
    discussione = DiscussioneFactory(titolo="Esperienze a confronto", primo_messaggio="Come usate il budget di salute?")
    for n in range(5):
        MessaggioFactory(discussione=discussione, testo=f"Da noi il budget di salute funziona così ({n}).")
    applica()
    trovati = cerca(corpus, q="budget di salute", per_pagina=2)
    assert trovati.totale == 2
    assert sorted(ids(trovati)) == sorted([doc_id(pratica), doc_id(discussione)])


def test_deleting_removes_from_the_index(corpus):
    corpus.backend.applica(aggiornati=[], eliminati=[doc_id(corpus.orti)])
    assert cerca(corpus, q="orti").totale == 0
    corpus.backend.applica(aggiornati=[documento(doc_id(corpus.orti))], eliminati=[])
    assert ids(cerca(corpus, q="orti")) == [doc_id(corpus.orti)]


def test_unpublishing_through_the_outbox_removes_the_page(corpus):
    corpus.adi.unpublish()
    applica()
    assert cerca(corpus, q="assegno").totale == 0
    assert doc_id(corpus.adi) not in corpus.backend.ids_e_impronte()


def test_hiding_a_post_through_the_outbox_removes_it(corpus, django_user_model):
    from cop.tests.factories import RedattoreFactory
    from forum import services

    assert doc_id(corpus.discussione) in ids(cerca(corpus, q="PUA"))  # through its reply
    services.nascondi_messaggio(messaggio=corpus.risposta, moderatore=RedattoreFactory(), motivo="Fuori tema")
    applica()
    assert doc_id(corpus.discussione) not in ids(cerca(corpus, q="PUA"))
