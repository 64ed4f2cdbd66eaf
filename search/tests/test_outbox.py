"""The outbox: every change that affects search writes its record in the change's own transaction,
the task applies the records in bulk after the commit, and an unavailable engine loses nothing."""

import socket

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageViewRestriction

from buonepratiche.models import ValutazionePratica
from buonepratiche.services.valutazioni import aggiorna_validata
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import PaginaSempliceFactory, RedattoreFactory
from forum import services as forum
from forum.tests.factories import CategoriaFactory
from search import outbox
from search.backends.base import Ricerca
from search.documents import documento
from search.models import DocumentoIndicizzato, Modifica

from .corpus import applica, crea_corpus, doc_id, ids


@pytest.fixture
def backend(_backend_database):
    return _backend_database


@pytest.fixture
def corpus(backend, home_page):
    c = crea_corpus(home_page)
    applica()
    return c


def nell_indice(backend, obj):
    return backend.ids_e_impronte().get(doc_id(obj))


def indicizzato(obj):
    return DocumentoIndicizzato.objects.get(pk=doc_id(obj))


def porta_chiusa():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- Records in the same transaction ------------------------------------------------------------


def test_a_change_rolled_back_leaves_no_record(corpus):
    with pytest.raises(RuntimeError), transaction.atomic():
        corpus.orti.title = "Orti rinominati"
        corpus.orti.save_revision().publish()
        assert Modifica.objects.filter(documento=doc_id(corpus.orti)).exists()
        raise RuntimeError
    assert not Modifica.objects.exists()


def test_a_draft_save_writes_no_record(corpus):
    corpus.orti.title = "Solo in bozza"
    corpus.orti.save_revision()
    assert not Modifica.objects.exists()


def test_after_the_commit_one_task_applies_every_record_of_the_transaction(
    backend, home_page, django_capture_on_commit_callbacks, run_tasks
):
    nostri = DBTaskResult.objects.filter(task_path="search.tasks.applica_modifiche")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        indice = BuonePraticheIndexPageFactory(parent=home_page)
        nuova = BuonaPraticaPageFactory(parent=indice, title="Sportello per la casa", live=False)
        nuova.save_revision().publish()
        ritirata = BuonaPraticaPageFactory(parent=indice, title="Pratica ritirata")
        ritirata.unpublish()
        chi_siamo = PaginaSempliceFactory(parent=home_page, title="Chi siamo")
    assert nostri.count() == 1
    assert Modifica.objects.exists()

    run_tasks()

    assert not Modifica.objects.exists()
    assert ids(backend.cerca(Ricerca(q="sportello casa"))) == [doc_id(nuova)]
    assert nell_indice(backend, ritirata) is None
    assert nell_indice(backend, chi_siamo) is not None


def test_the_users_action_does_not_touch_the_engine_even_when_it_is_down(corpus, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{porta_chiusa()}"
    corpus.orti.title = "Orti comunitari"
    corpus.orti.save_revision().publish()  # no SearchUnavailable: only a record
    assert Modifica.objects.filter(documento=doc_id(corpus.orti)).exists()


def test_with_the_engine_down_records_wait_and_the_next_run_applies_them(corpus, backend, settings):
    corpus.orti.title = "Orti comunitari"
    corpus.orti.save_revision().publish()

    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{porta_chiusa()}"
    esito = outbox.applica_in_sospeso()
    assert esito.errore and esito.applicate == 0
    in_attesa = Modifica.objects.filter(documento=doc_id(corpus.orti))
    assert in_attesa.exists()
    assert all(m.ultimo_errore and m.tentativi == 0 for m in in_attesa)

    settings.ELASTICSEARCH_URL = ""
    assert applica().applicate == in_attesa.count()
    assert indicizzato(corpus.orti).titolo == "Orti comunitari"


def test_one_applier_at_a_time(corpus):
    corpus.orti.unpublish()
    with outbox.turno():
        esito = outbox.applica_in_sospeso()
    assert esito.occupato and esito.applicate == 0
    assert Modifica.objects.exists()
    assert applica().applicate >= 1


def test_applying_many_records_costs_the_same_queries_as_a_few(corpus, backend):
    def pubblica(n):
        for i in range(n):
            BuonaPraticaPageFactory(parent=corpus.indice, slug=f"nuova-{n}-{i}", zone=[corpus.pisana], temi=[])

    def query_per_applicare():
        with CaptureQueriesContext(connection) as query:
            applica()
        return len(query)

    pubblica(2)
    poche = query_per_applicare()
    pubblica(12)
    assert query_per_applicare() == poche


# --- Pages ------------------------------------------------------------------------------------


def test_unpublishing_and_deleting_pages_remove_them(corpus, backend):
    corpus.orti.unpublish()
    corpus.msna.delete()
    applica()
    assert nell_indice(backend, corpus.orti) is None
    assert nell_indice(backend, corpus.msna) is None
    assert nell_indice(backend, corpus.adi) is not None


def test_moving_a_page_updates_the_urls_of_its_subtree(corpus, backend, home_page):
    sezione = PaginaSempliceFactory(parent=home_page, title="Sezione", slug="sezione")
    figlia = PaginaSempliceFactory(parent=sezione, title="Figlia", slug="figlia")
    applica()
    assert indicizzato(figlia).url == "/sezione/figlia/"

    sezione.move(corpus.chi_siamo, pos="last-child")
    applica()
    assert indicizzato(figlia).url == "/chi-siamo/sezione/figlia/"
    assert indicizzato(sezione).url == "/chi-siamo/sezione/"


def test_a_new_slug_updates_the_urls_of_the_pages_below(corpus, backend):
    corpus.indice.slug = "biblioteca"
    corpus.indice.save_revision().publish()
    applica()
    assert indicizzato(corpus.adi).url == "/biblioteca/adi-accompagnare/"


def test_a_view_restriction_hides_the_subtree_and_lifting_it_shows_it_again(corpus, backend):
    restrizione = PageViewRestriction.objects.create(page=corpus.indice, restriction_type=PageViewRestriction.LOGIN)
    applica()
    assert nell_indice(backend, corpus.adi) is None and nell_indice(backend, corpus.indice) is None

    restrizione.delete()
    applica()
    assert nell_indice(backend, corpus.adi) is not None


def test_a_new_evaluation_updates_validata(corpus, backend):
    assert indicizzato(corpus.orti).validata is False
    ValutazionePratica.objects.create(pratica=corpus.orti, media=4)
    aggiorna_validata(pratica=corpus.orti)
    applica()
    assert indicizzato(corpus.orti).validata is True


# --- Forum --------------------------------------------------------------------------------------


@pytest.fixture
def moderatore(db):
    return RedattoreFactory()


def test_hiding_and_restoring_a_post(corpus, backend, moderatore):
    forum.nascondi_messaggio(messaggio=corpus.risposta, moderatore=moderatore, motivo="Fuori tema")
    applica()
    assert "punto unico di accesso" not in indicizzato(corpus.discussione).testo

    forum.ripristina_messaggio(messaggio=corpus.risposta, moderatore=moderatore, motivo="Rivisto")
    applica()
    assert "punto unico di accesso" in indicizzato(corpus.discussione).testo


def test_hiding_the_first_post_empties_the_topics_text(corpus, backend, moderatore):
    primo = corpus.discussione.messaggi.order_by("pk").first()
    forum.nascondi_messaggio(messaggio=primo, moderatore=moderatore, motivo="Dati personali")
    applica()
    assert "situazione economica" not in indicizzato(corpus.discussione).testo
    assert "punto unico di accesso" in indicizzato(corpus.discussione).testo  # the reply is still there


def test_an_edit_and_a_removal_by_the_author(corpus, backend):
    autore = corpus.risposta.autore
    forum.modifica_messaggio(messaggio=corpus.risposta, user=autore, testo="Ora passiamo dallo sportello sociale.")
    applica()
    assert "sportello sociale" in indicizzato(corpus.discussione).testo
    assert "punto unico di accesso" not in indicizzato(corpus.discussione).testo

    forum.elimina_messaggio(messaggio=corpus.risposta, user=autore)
    applica()
    assert "sportello sociale" not in indicizzato(corpus.discussione).testo


def test_moving_a_topic_to_another_category_moves_its_facets(corpus, backend, moderatore):
    altra = CategoriaFactory(nome="Pisa", slug="pisa", zona=corpus.pisana, tema=corpus.minori)
    forum.sposta_discussione(discussione=corpus.discussione, categoria=altra, moderatore=moderatore, motivo="Zona")
    applica()
    assert indicizzato(corpus.discussione).zone == ["pisana"]
    assert indicizzato(corpus.discussione).temi == ["minori"]


def test_a_reply_through_the_service_is_found(corpus, backend):
    from forum.tests.conftest import invecchia, veterano

    membro = veterano(username="nuovo-membro")
    invecchia(membro)
    risposta = forum.rispondi(discussione=corpus.discussione, user=membro, testo="Usiamo la cartella sociale unica.")
    applica()
    assert documento(doc_id(risposta)) is None  # found as its topic
    assert ids(backend.cerca(Ricerca(q="cartella sociale"))) == [doc_id(corpus.discussione)]


def test_locking_a_topic_keeps_it_searchable(corpus, backend, moderatore):
    forum.imposta_chiusura(discussione=corpus.discussione, moderatore=moderatore, motivo="Conclusa", chiusa=True)
    applica()
    assert nell_indice(backend, corpus.discussione) is not None
