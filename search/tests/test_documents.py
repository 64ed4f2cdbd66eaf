"""The documents of search/documents.py: what each kind of content gives, and what is never given."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.models import HomePage
from cop.tests.factories import (
    AggiornamentiIndexPageFactory,
    AggiornamentoPageFactory,
    DichiarazioneAccessibilitaPageFactory,
    PaginaSempliceFactory,
    TemaFactory,
    ZonaFactory,
)
from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory
from forum.models import Messaggio
from forum.tests.factories import CategoriaFactory, DiscussioneFactory, MessaggioFactory
from search.analisi import testo_semplice as in_testo_semplice
from search.backends.base import Documento
from search.documents import (
    IndirizziPagine,
    conta_documenti,
    documenti,
    documento,
    id_documento,
    tutti_i_documenti,
)

from .corpus import crea_corpus


@pytest.fixture
def corpus(db, home_page):
    return crea_corpus(home_page)


def test_a_practice_gives_its_sections_as_plain_text_with_zones_themes_year_and_validation(corpus):
    doc = documento(id_documento(corpus.adi))
    assert set(doc) == set(Documento.__annotations__)
    assert doc["id"] == f"buonepratiche.buonapraticapage:{corpus.adi.pk}"
    assert doc["tipo"] == "pratica"
    assert doc["titolo"] == "Assegno di inclusione: accompagnare i nuclei"
    assert "molte famiglie chiedono aiuto" in doc["testo"]
    assert "<" not in doc["testo"]
    assert doc["sommario"] == corpus.adi.abstract
    assert doc["url"] == corpus.adi.url
    assert doc["zone"] == ["pisana"] and doc["temi"] == ["famiglie", "poverta"]
    assert doc["validata"] is True
    assert doc["anno"] == 2023
    assert doc["data"] == datetime(2023, 6, 1, 10, tzinfo=UTC)
    assert doc["suggerimenti"] == [corpus.adi.title]


def test_an_event_gives_its_description_and_the_transcript_of_its_recording(corpus):
    doc = documento(id_documento(corpus.seminario))
    assert doc["tipo"] == "evento"
    assert "Un incontro online sulle nuove misure." in doc["testo"]
    assert "Parliamo del reddito di cittadinanza" in doc["testo"]
    assert doc["data"] == datetime(2024, 3, 12, 9, tzinfo=UTC)
    assert doc["anno"] == 2024
    assert doc["zone"] == ["pisana"] and doc["temi"] == ["poverta"]


def test_a_topic_gives_its_title_and_its_visible_posts_and_a_reply_is_no_document_of_its_own(corpus):
    doc = documento(id_documento(corpus.discussione))
    assert doc["tipo"] == "discussione"
    assert doc["titolo"] == "Come calcolate l'ISEE dei nuclei?"
    assert "situazione economica equivalente" in doc["testo"]
    assert "Noi passiamo dal punto unico di accesso." in doc["testo"]  # the reply, found as its topic
    assert "situazione economica equivalente" in doc["sommario"]  # the first post
    assert doc["url"] == corpus.discussione.get_absolute_url()
    assert doc["zone"] == ["empolese"] and doc["temi"] == ["poverta"]
    primo = corpus.discussione.messaggi.order_by("pk").first()
    assert documento(id_documento(primo)) is None
    assert documento(id_documento(corpus.risposta)) is None
    assert not {id_documento(primo), id_documento(corpus.risposta)} & {d["id"] for d in tutti_i_documenti()}


def test_a_topic_leaves_out_the_posts_a_visitor_cannot_read(corpus):
    testo_nascosto = in_testo_semplice(corpus.nascosto.html)
    assert testo_nascosto and testo_nascosto not in documento(id_documento(corpus.nascosto.discussione))["testo"]
    corpus.risposta.stato = Messaggio.Stato.RIMOSSO
    corpus.risposta.save()
    assert "punto unico di accesso" not in documento(id_documento(corpus.discussione))["testo"]


def test_other_pages_are_documents_of_kind_pagina_but_not_the_home_page_nor_the_index_pages(corpus, home_page):
    doc = documento(id_documento(corpus.chi_siamo))
    assert doc["tipo"] == "pagina"
    assert doc["titolo"] == "Chi siamo" and "La comunità." in doc["testo"]
    assert documento(id_documento(home_page)) is None
    # The library, the events and the updates list their children, which are found on their own.
    eventi = EventiIndexPageFactory(parent=home_page)
    aggiornamenti = AggiornamentiIndexPageFactory(parent=home_page)
    for indice in (corpus.indice, eventi, aggiornamenti):
        assert documento(id_documento(indice)) is None
    assert not {id_documento(p) for p in (corpus.indice, eventi, aggiornamenti)} & {
        d["id"] for d in tutti_i_documenti()
    }


def test_the_legal_pages_and_the_accessibility_statement_are_service_pages(corpus, home_page):
    privacy = PaginaSempliceFactory(parent=home_page, title="Informativa privacy", slug="privacy")
    note = PaginaSempliceFactory(parent=home_page, title="Note legali", slug="note-legali")
    dichiarazione = DichiarazioneAccessibilitaPageFactory(parent=home_page)
    assert [documento(id_documento(p))["tipo"] for p in (privacy, note, dichiarazione)] == ["servizio"] * 3
    assert documento(id_documento(corpus.chi_siamo))["tipo"] == "pagina"


@pytest.mark.parametrize(
    "nascondi",
    [
        pytest.param(lambda c: c.bozza, id="draft"),
    ],
)
def test_what_a_visitor_cannot_see_has_no_document(corpus, nascondi):
    assert documento(id_documento(nascondi(corpus))) is None


def test_a_restriction_on_a_parent_hides_the_pages_under_it(corpus):
    PageViewRestriction.objects.create(page=corpus.indice, restriction_type=PageViewRestriction.LOGIN)
    assert documento(id_documento(corpus.adi)) is None
    assert documento(id_documento(corpus.indice)) is None
    assert documento(id_documento(corpus.seminario)) is not None


def test_a_page_outside_every_site_has_no_document(db):
    radice = Page.get_first_root_node()
    orfana = PaginaSempliceFactory(parent=radice, title="Fuori dai siti", slug="fuori")
    assert documento(id_documento(orfana)) is None


def test_deleted_objects_and_malformed_ids_have_no_document(corpus):
    doc_id = id_documento(corpus.orti)
    corpus.orti.delete()
    assert documenti([doc_id, "forum.messaggio:abc", "nessuno", "app.inesistente:1"]) == {
        doc_id: None,
        "forum.messaggio:abc": None,
        "nessuno": None,
        "app.inesistente:1": None,
    }


def test_the_whole_site_is_every_public_document_once(corpus):
    tutti = list(tutti_i_documenti(blocco=2))
    ids = [doc["id"] for doc in tutti]
    assert len(ids) == len(set(ids)) == conta_documenti()
    attesi = {
        id_documento(o)
        for o in (
            corpus.adi,
            corpus.msna,
            corpus.orti,
            corpus.seminario,
            corpus.discussione,
            corpus.chi_siamo,
        )
    }
    assert set(ids) == attesi


def _query_per(funzione):
    with CaptureQueriesContext(connection) as query:
        funzione()
    return len(query)


def test_building_documents_in_bulk_costs_the_same_queries_for_more_objects(corpus):
    indice = corpus.indice
    tema, zona = TemaFactory(), ZonaFactory()

    def tutti():
        return list(tutti_i_documenti())

    ids_prima = [doc["id"] for doc in tutti_i_documenti()]
    prima, per_id_prima = _query_per(tutti), _query_per(lambda: documenti(ids_prima))
    for n in range(6):
        BuonaPraticaPageFactory(parent=indice, slug=f"altra-{n}", zone=[zona], temi=[tema])
        MessaggioFactory(discussione=corpus.discussione, testo=f"Altra risposta {n}")
    ids = [doc["id"] for doc in tutti_i_documenti()]
    assert len(ids) == len(ids_prima) + 6  # the replies are in their topic's document
    assert _query_per(tutti) == prima
    assert _query_per(lambda: documenti(ids)) == per_id_prima


def _url_di_wagtail(pagina):
    parti = pagina.get_url_parts()
    return parti[2] if parti else None


@pytest.fixture
def due_siti(corpus, home_page):
    """A second site beside the default one, a third rooted inside the default site's tree, and a page
    with a slug that `reverse()` quotes."""
    radice = Page.get_first_root_node()
    altro = PaginaSempliceFactory(parent=radice, title="Altro sito", slug="altro-sito")
    sotto = PaginaSempliceFactory(parent=altro, title="Sotto l'altro sito", slug="sotto")
    Site.objects.create(hostname="altro.example", root_page=altro, site_name="Altro")
    Site.objects.create(hostname="pratiche.example", root_page=corpus.indice, site_name="Pratiche")
    # New slugs are folded to ASCII; a page saved before that rule keeps its accented slug.
    citta = PaginaSempliceFactory(parent=home_page, title="Città", slug="citta-e-paesi")
    Page.objects.filter(pk=citta.pk).update(
        slug="città-e-paesi", url_path=citta.url_path.replace("citta-e-paesi", "città-e-paesi")
    )
    citta.refresh_from_db()
    aggiornamento = AggiornamentoPageFactory(parent=AggiornamentiIndexPageFactory(parent=home_page))
    return SimpleNamespace(altro=altro, sotto=sotto, citta=citta, aggiornamento=aggiornamento)


def test_page_urls_are_those_wagtail_gives_on_every_site(corpus, due_siti):
    pagine = list(Page.objects.all().specific())
    indirizzi = IndirizziPagine()
    assert {p.pk: indirizzi.url(p) for p in pagine} == {p.pk: _url_di_wagtail(p) for p in pagine}

    pagine = {id_documento(p): p for p in pagine if not isinstance(p, HomePage)}
    per_id = {doc["id"]: doc["url"] for doc in tutti_i_documenti() if doc["id"] in pagine}
    assert per_id == {doc_id: _url_di_wagtail(pagine[doc_id]) for doc_id in per_id}
    for pagina in (corpus.adi, corpus.seminario, corpus.chi_siamo, *vars(due_siti).values()):
        assert id_documento(pagina) in per_id
    assert per_id[id_documento(due_siti.sotto)] == "/sotto/"
    assert per_id[id_documento(due_siti.citta)] == "/citt%C3%A0-e-paesi/"
    assert per_id[id_documento(corpus.adi)] == "/adi-accompagnare/"  # the more specific site wins, as in Wagtail


def test_page_urls_without_the_trailing_slash_are_those_wagtail_gives(corpus, due_siti, monkeypatch):
    import wagtail.models.pages

    monkeypatch.setattr(wagtail.models.pages, "WAGTAIL_APPEND_SLASH", False)
    monkeypatch.setattr("search.documents.WAGTAIL_APPEND_SLASH", False)
    pagine = list(Page.objects.all().specific())
    indirizzi = IndirizziPagine()
    assert {p.pk: indirizzi.url(p) for p in pagine} == {p.pk: _url_di_wagtail(p) for p in pagine}
    assert indirizzi.url(corpus.chi_siamo) == "/chi-siamo"


def _contenuti(home_page, n, categoria, indice_pratiche, indice_aggiornamenti, zone, temi):
    for _ in range(n):
        BuonaPraticaPageFactory(parent=indice_pratiche, zone=zone, temi=temi)
        evento = EventoPageFactory()
        evento.zone.set(zone)
        evento.temi.set(temi)
        evento.save()
        AggiornamentoPageFactory(parent=indice_aggiornamenti, zone=zone, temi=temi)
        PaginaSempliceFactory(parent=home_page)
        discussione = DiscussioneFactory(categoria=categoria)
        MessaggioFactory(discussione=discussione)


def test_reading_every_document_costs_the_same_queries_for_5_or_40_objects_of_each_kind(
    db, home_page, django_assert_max_num_queries
):
    zone, temi = [ZonaFactory(), ZonaFactory()], [TemaFactory(), TemaFactory()]
    contesto = (
        CategoriaFactory(zona=zone[0], tema=temi[0]),
        BuonePraticheIndexPageFactory(parent=home_page),
        AggiornamentiIndexPageFactory(parent=home_page),
        zone,
        temi,
    )
    _contenuti(home_page, 5, *contesto)
    with CaptureQueriesContext(connection) as query:
        prima = list(tutti_i_documenti())
    _contenuti(home_page, 35, *contesto)
    with django_assert_max_num_queries(len(query)):
        dopo = list(tutti_i_documenti())
    assert len(dopo) == len(prima) + 35 * 5  # each reply is in its topic's document


def test_pages_whose_url_does_not_follow_from_their_path_get_it_from_wagtail(corpus, due_siti, monkeypatch):
    attesi = list(tutti_i_documenti())
    monkeypatch.setattr(IndirizziPagine, "dal_percorso", lambda self, modello: False)
    assert list(tutti_i_documenti()) == attesi
    assert documenti([doc["id"] for doc in attesi]) == {doc["id"]: doc for doc in attesi}
