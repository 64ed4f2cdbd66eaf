"""A zone, a theme or a site changed in the admin reaches the index by the outbox, as every other
change does: no `search_index --rebuild` needed. The admin's own views are used (snippets, sites),
the records are applied by the real task worker after the commit."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from wagtail.models import Site

from cop.models import Tema, Zona
from cop.tests.factories import AggiornamentiIndexPageFactory, AggiornamentoPageFactory, UserFactory
from search.backends.base import Ricerca
from search.models import Modifica

from .corpus import applica, crea_corpus, doc_id, ids


def indicizza_corpus(backend, home_page):
    c = crea_corpus(home_page)
    c.aggiornamento = AggiornamentoPageFactory(
        parent=AggiornamentiIndexPageFactory(parent=home_page),
        title="Nuovi fondi per la zona",
        zone=[c.empolese],
        temi=[c.minori, c.poverta],
    )
    applica()
    # Its records are applied: drop the after-commit callbacks of its writes, as the commit of its
    # own transaction would, so that the admin's request below enqueues the task of its own records.
    connection.run_on_commit.clear()
    c.backend = backend
    return c


@pytest.fixture
def corpus(search_backend, home_page):
    return indicizza_corpus(search_backend, home_page)


@pytest.fixture
def corpus_db(_backend_database, home_page):
    return indicizza_corpus(_backend_database, home_page)


@pytest.fixture
def amministratore(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def nell_admin(amministratore, django_capture_on_commit_callbacks, run_tasks):
    """POST to an admin view as a superuser, commit (the task is enqueued), run the task worker."""

    def invia(url, dati=None):
        with django_capture_on_commit_callbacks(execute=True):
            risposta = amministratore.post(url, dati or {})
        assert risposta.status_code == 302, risposta.content.decode()[:2000]
        run_tasks()
        return risposta

    return invia


def dati_zona(zona, **modifiche):
    dati = model_to_dict(zona, fields=[f.name for f in Zona._meta.get_fields() if hasattr(f, "attname")])
    dati = {k: ("" if v is None else v) for k, v in dati.items() if k != "id"}
    dati["successori"] = [z.pk for z in zona.successori.all()]
    return dati | modifiche


def dati_sito(sito, **modifiche):
    return {
        "hostname": sito.hostname,
        "port": sito.port,
        "site_name": sito.site_name,
        "root_page": sito.root_page_id,
        "is_default_site": "on" if sito.is_default_site else "",
    } | modifiche


def cerca(corpus, **criteri):
    return set(ids(corpus.backend.cerca(Ricerca(per_pagina=100, **criteri))))


def indice_uguale_al_database():
    uscita = io.StringIO()
    call_command("search_index", "--check", stdout=uscita)  # CommandError (exit 1) when they differ
    return "L'indice corrisponde al database." in uscita.getvalue()


# --- Zones and themes -----------------------------------------------------------------------------


def test_the_names_of_zones_and_themes_find_updates_and_forum_topics(corpus):
    # Neither holds the names in its own words: the update's zones and themes, the topic's category.
    nuovi = {doc_id(corpus.aggiornamento), doc_id(corpus.discussione)}
    assert nuovi <= cerca(corpus, q="Empolese Valdarno Inferiore")
    assert doc_id(corpus.aggiornamento) in cerca(corpus, q="minori")
    assert doc_id(corpus.discussione) in cerca(corpus, q="povertà")


def test_a_zone_slug_renamed_in_the_admin_finds_its_content_under_the_new_slug_only(corpus, nell_admin):
    empolese = corpus.empolese
    nell_admin(
        reverse("wagtailsnippets_cop_zona:edit", args=[empolese.pk]), dati_zona(empolese, slug="empolese-valdarno")
    )

    attesi = {doc_id(o) for o in (corpus.msna, corpus.orti, corpus.aggiornamento, corpus.discussione)}
    assert cerca(corpus, zona=("empolese-valdarno",)) == attesi
    assert cerca(corpus, zona=("empolese",)) == set()
    assert not Modifica.objects.exists()
    assert indice_uguale_al_database()


def test_a_theme_deleted_in_the_admin_leaves_no_facet_behind(corpus, nell_admin):
    nell_admin(reverse("wagtailsnippets_cop_tema:delete", args=[corpus.poverta.pk]))

    assert not Tema.objects.filter(slug="poverta").exists()
    assert cerca(corpus, tema=("poverta",)) == set()
    # Still found, filed under what is left of their themes (the topic's category has none now).
    assert cerca(corpus, tema=("famiglie",)) == {doc_id(corpus.adi), doc_id(corpus.orti)}
    assert doc_id(corpus.discussione) in cerca(corpus, q="isee")
    facets = {nome: dict(valori) for nome, valori in corpus.backend.cerca(Ricerca()).facets.items()}
    assert facets["tema"] == {"famiglie": 2, "minori": 2}  # the update keeps one of its two themes
    assert indice_uguale_al_database()


def test_a_zone_renamed_writes_one_record_per_document_that_carries_it(corpus_db):
    corpus_db.empolese.slug = "empolese-valdarno"
    corpus_db.empolese.save()

    registrati = list(Modifica.objects.values_list("documento", flat=True))
    assert sorted(registrati) == sorted(
        [
            doc_id(corpus_db.msna),
            doc_id(corpus_db.orti),
            doc_id(corpus_db.aggiornamento),
            doc_id(corpus_db.discussione),  # its posts are in its document
        ]
    )


def test_a_new_name_reaches_the_text_of_the_documents_filed_under_the_zone(corpus_db, nell_admin):
    pisana = corpus_db.pisana
    nell_admin(reverse("wagtailsnippets_cop_zona:edit", args=[pisana.pk]), dati_zona(pisana, nome="Piana tirrenica"))

    assert cerca(corpus_db, q="tirrenica") == {
        doc_id(corpus_db.adi),
        doc_id(corpus_db.orti),
        doc_id(corpus_db.seminario),
    }
    assert cerca(corpus_db, zona=("pisana",)) == cerca(corpus_db, q="tirrenica")
    assert indice_uguale_al_database()


def test_a_new_name_of_a_zone_reaches_its_updates_and_forum_topics_too(corpus_db, nell_admin):
    empolese = corpus_db.empolese
    nell_admin(reverse("wagtailsnippets_cop_zona:edit", args=[empolese.pk]), dati_zona(empolese, nome="Valdelsa nuova"))

    tutti = {doc_id(o) for o in (corpus_db.msna, corpus_db.orti, corpus_db.aggiornamento, corpus_db.discussione)}
    assert cerca(corpus_db, q="valdelsa") == tutti == cerca(corpus_db, zona=("empolese",))
    assert indice_uguale_al_database()


def test_saving_a_zone_without_changing_slug_or_name_writes_no_record(corpus_db, nell_admin, django_assert_num_queries):
    pisana = corpus_db.pisana
    nell_admin(reverse("wagtailsnippets_cop_zona:edit", args=[pisana.pk]), dati_zona(pisana, note="Nuova delibera"))
    assert Zona.objects.get(pk=pisana.pk).note == "Nuova delibera"
    assert not Modifica.objects.exists()

    pisana.comuni = "Pisa\nCascina"
    with django_assert_num_queries(1):  # the update alone: nothing read for search
        pisana.save(update_fields=["comuni"])
    assert not Modifica.objects.exists()


def test_a_zone_delete_rolled_back_leaves_no_record(corpus_db):
    with pytest.raises(RuntimeError), transaction.atomic():
        corpus_db.empolese.delete()
        assert Modifica.objects.filter(documento=doc_id(corpus_db.msna)).exists()
        raise RuntimeError
    assert not Modifica.objects.exists()


# --- Sites ----------------------------------------------------------------------------------------


def test_a_new_root_page_for_the_site_changes_the_urls_in_the_results(corpus, nell_admin, site):
    nell_admin(reverse("wagtailsites:edit", args=[site.pk]), dati_sito(site, root_page=corpus.indice.pk))

    risultati = corpus.backend.cerca(Ricerca(q="orti sociali"))
    assert [(r.id, r.url) for r in risultati.risultati] == [(doc_id(corpus.orti), "/orti-sociali/")]
    # Out of every site now: not public any more.
    assert doc_id(corpus.chi_siamo) not in cerca(corpus)
    assert indice_uguale_al_database()


def test_a_new_hostname_changes_no_document(corpus_db, nell_admin, site):
    nell_admin(reverse("wagtailsites:edit", args=[site.pk]), dati_sito(site, hostname="inclusione.example.it"))

    assert Site.objects.get(pk=site.pk).hostname == "inclusione.example.it"
    assert not Modifica.objects.exists()  # documents hold the path of a page on its site, not its host
    assert indice_uguale_al_database()


def test_deleting_the_site_takes_its_pages_out_of_the_index(corpus_db, nell_admin, site):
    nell_admin(reverse("wagtailsites:delete", args=[site.pk]))

    trovati = cerca(corpus_db)
    assert doc_id(corpus_db.adi) not in trovati and doc_id(corpus_db.chi_siamo) not in trovati
    assert doc_id(corpus_db.discussione) in trovati  # the forum is not a Wagtail page
    assert indice_uguale_al_database()
