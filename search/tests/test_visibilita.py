"""Drafts, unpublished pages, restricted pages, hidden and removed forum posts never reach the search
page or the suggestions, for visitors nor for members. Content is real (factories and the apps'
services) and reaches the engine as on the site: outbox records written in the change's transaction,
the task enqueued at commit, the real db_worker applying it (`run_tasks`). Both engines."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import OperatoreFactory, PaginaSempliceFactory, RedattoreFactory
from forum import services as forum
from forum.tests.factories import DiscussioneFactory, MessaggioFactory

URL = "/cerca/"
SUGGERIMENTI = "/cerca/suggerimenti/"


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def visitatori(db):
    """A visitor, a member and an editor (who may see hidden posts in the forum): the search shows
    each of them only what is public."""
    anonimo, socio, redattore = Client(), Client(), Client()
    socio.force_login(OperatoreFactory())
    redattore.force_login(RedattoreFactory())
    return [anonimo, socio, redattore]


def trovati(client, parola):
    response = client.get(URL, {"q": parola})
    assert response.status_code == 200
    return [voce.titolo for voce in response.context["stato"].pagina or []]


def suggeriti(client, prefisso):
    return [v["testo"] for v in client.get(SUGGERIMENTI, {"q": prefisso}).json()["suggerimenti"]]


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


def test_a_draft_is_never_found(search_backend, run_tasks, indice, visitatori):
    BuonaPraticaPageFactory(parent=indice, title="Zafferanopratica pubblicata")
    BuonaPraticaPageFactory(parent=indice, title="Zafferanobozza mai pubblicata", live=False)
    run_tasks()
    for visitatore in visitatori:
        assert trovati(visitatore, "zafferanopratica") == ["Zafferanopratica pubblicata"]
        assert trovati(visitatore, "zafferanobozza") == []
        assert suggeriti(visitatore, "zafferanob") == []


def test_unpublished_changes_stay_out_until_published(search_backend, run_tasks, indice, visitatori):
    pratica = BuonaPraticaPageFactory(parent=indice, title="Cardamomo pubblicato")
    pratica.title = "Cardamomo riveduto nellabozza"
    revisione = pratica.save_revision()
    run_tasks()
    for visitatore in visitatori:
        assert trovati(visitatore, "cardamomo") == ["Cardamomo pubblicato"]
        assert trovati(visitatore, "nellabozza") == []
    revisione.publish()
    run_tasks()
    assert trovati(visitatori[0], "nellabozza") == ["Cardamomo riveduto nellabozza"]


def test_an_unpublished_page_leaves_the_results(search_backend, run_tasks, indice, visitatori):
    pratica = BuonaPraticaPageFactory(parent=indice, title="Curcuma ritirata")
    run_tasks()
    assert trovati(visitatori[0], "curcuma") == ["Curcuma ritirata"]
    pratica.unpublish()
    run_tasks()
    for visitatore in visitatori:
        assert trovati(visitatore, "curcuma") == []
        assert suggeriti(visitatore, "curcu") == []


def test_a_restricted_page_and_its_children_are_never_found(search_backend, run_tasks, home_page, visitatori):
    riservata = PaginaSempliceFactory(parent=home_page, title="Liquirizia riservata", slug="riservata")
    PaginaSempliceFactory(parent=riservata, title="Liquirizia figlia", slug="figlia")
    PaginaSempliceFactory(parent=home_page, title="Liquirizia pubblica", slug="pubblica")
    run_tasks()
    assert len(trovati(visitatori[0], "liquirizia")) == 3
    PageViewRestriction.objects.create(page=riservata, restriction_type=PageViewRestriction.LOGIN)
    run_tasks()
    for visitatore in visitatori:
        assert trovati(visitatore, "liquirizia") == ["Liquirizia pubblica"]
        assert suggeriti(visitatore, "liquir") == ["Liquirizia pubblica"]


def test_hidden_and_removed_posts_are_never_found(search_backend, run_tasks, visitatori):
    discussione = DiscussioneFactory(titolo="Tavolo sul pepe rosa", primo_messaggio="Apriamo il tavolo sul pepe.")
    nascosto = MessaggioFactory(discussione=discussione, testo="Vaniglianascosta da moderare.")
    rimosso = MessaggioFactory(discussione=discussione, testo="Vanigliarimossa dall'autore.")
    run_tasks()
    assert len(trovati(visitatori[0], "vaniglianascosta")) == 1
    assert len(trovati(visitatori[0], "vanigliarimossa")) == 1

    forum.nascondi_messaggio(messaggio=nascosto, moderatore=RedattoreFactory(), motivo="Fuori tema")
    forum.elimina_messaggio(messaggio=rimosso, user=rimosso.autore)
    run_tasks()
    for visitatore in visitatori:
        assert trovati(visitatore, "vaniglianascosta") == []
        assert trovati(visitatore, "vanigliarimossa") == []
        assert "Tavolo sul pepe rosa" in trovati(visitatore, "pepe")


# --- The worker is down: the index still holds what was removed, the page must not show it -------------


def pagina_html(client, parola):
    response = client.get(URL, {"q": parola})
    assert response.status_code == 200
    return response.content.decode()


def test_an_unpublished_practice_leaves_the_results_before_the_worker_runs(
    search_backend, run_tasks, indice, visitatori
):
    pratica = BuonaPraticaPageFactory(parent=indice, title="Galangaritirata senza worker")
    run_tasks()
    assert trovati(visitatori[0], "galangaritirata") == ["Galangaritirata senza worker"]

    pratica.unpublish()  # the worker does not run: the index still holds the practice

    for visitatore in visitatori:
        assert trovati(visitatore, "galangaritirata") == []
        assert suggeriti(visitatore, "galangar") == []


@pytest.mark.parametrize("restrizione", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_page_restricted_after_indexing_leaves_the_results_before_the_worker_runs(
    search_backend, run_tasks, home_page, visitatori, restrizione
):
    riservata = PaginaSempliceFactory(parent=home_page, title="Sommaccoriservato senza worker", slug="sommacco")
    run_tasks()
    assert trovati(visitatori[0], "sommaccoriservato") == ["Sommaccoriservato senza worker"]

    PageViewRestriction.objects.create(page=riservata, restriction_type=restrizione, password="segreta-1234")

    for visitatore in visitatori:
        assert trovati(visitatore, "sommaccoriservato") == []
        assert suggeriti(visitatore, "sommacc") == []


def test_a_post_hidden_after_indexing_shows_no_text_before_the_worker_runs(search_backend, run_tasks, visitatori):
    discussione = DiscussioneFactory(titolo="Tavolo sul cumino", primo_messaggio="Ajowanprimo da nascondere.")
    risposta = MessaggioFactory(discussione=discussione, testo="Ajowanrisposta da nascondere.")
    run_tasks()
    assert len(trovati(visitatori[0], "ajowanrisposta")) == 1
    assert "Ajowanprimo" in pagina_html(visitatori[0], "ajowanprimo")

    moderatore = RedattoreFactory()
    forum.nascondi_messaggio(messaggio=risposta, moderatore=moderatore, motivo="Fuori tema")
    primo = discussione.messaggi.order_by("pk").first()
    forum.nascondi_messaggio(messaggio=primo, moderatore=moderatore, motivo="Dati personali")

    for visitatore in visitatori:
        # The topic stays (its title is public), without the excerpt of its hidden posts: the index
        # still holds their text until the worker applies the change.
        assert trovati(visitatore, "ajowanrisposta") == ["Tavolo sul cumino"]
        assert "Ajowanprimo" not in pagina_html(visitatore, "ajowanprimo")
        assert "Ajowanrisposta" not in pagina_html(visitatore, "ajowanrisposta")
    run_tasks()
    assert trovati(visitatori[0], "ajowanrisposta") == trovati(visitatori[0], "ajowanprimo") == []


def test_checking_the_results_costs_one_query_per_kind(
    search_backend, run_tasks, indice, home_page, django_assert_max_num_queries
):
    for n in range(4):  # 16 results: one page of 20
        BuonaPraticaPageFactory(parent=indice, title=f"Pimentocontrollo pratica {n}")
        PaginaSempliceFactory(parent=home_page, title=f"Pimentocontrollo pagina {n}", slug=f"pimento-{n}")
        discussione = DiscussioneFactory(titolo=f"Pimentocontrollo discussione {n}")
        MessaggioFactory(discussione=discussione, testo=f"Pimentocontrollo risposta {n}.")
    run_tasks()
    client = Client()
    client.get(URL, {"q": "pimentocontrollo"})  # caches warm (vocabularies, menu)

    with django_assert_max_num_queries(14):
        response = client.get(URL, {"q": "pimentocontrollo"})

    tipi = {voce.tipo for voce in response.context["stato"].pagina}
    assert {"pratica", "pagina", "discussione"} <= tipi
