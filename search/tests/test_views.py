"""The search page (/cerca/) and the suggestions (/cerca/suggerimenti/) against both real engines
(`search_backend`: the database, then Elasticsearch on osmem-server). Documents go in through the
engine's own `applica`; what reaches the index from the site's content (drafts, hidden posts,
restricted pages) is tested in test_visibilita.py through the real outbox; the engine down, with
Elasticsearch on a closed port, at the end."""

import re
import socket
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cop.tests.factories import TemaFactory, ZonaFactory
from forum.tests.factories import CategoriaFactory, DiscussioneFactory
from search.backends import get_backend
from search.models import Modifica
from search.selectors import estratto_sicuro

pytestmark = pytest.mark.django_db

URL = "/cerca/"


def documento(n, **campi):
    """A document as the engine stores it. Its id is that of a real public topic: the page shows a
    result only if its source is still visible in the database (search.selectors.ancora_visibili)."""
    doc = {
        "id": f"forum.discussione:{DiscussioneFactory(categoria=CategoriaFactory(slug='documenti')).pk}",
        "tipo": "pratica",
        "titolo": f"Documento {n}",
        "testo": f"Testo del documento numero {n}.",
        "sommario": f"Sommario {n}",
        "url": f"/documento-{n}/",
        "data": datetime(2024, 1, 1 + n % 28, 10, 0, tzinfo=UTC),
        "anno": 2024,
        "zone": [],
        "temi": [],
        "validata": False,
    }
    doc.update(campi)
    doc.setdefault("suggerimenti", [doc["titolo"]])
    if "data" in campi and "anno" not in campi:
        doc["anno"] = doc["data"].year
    return doc


def indicizza(*documenti):
    """Write the documents into the engine as the worker would: the outbox records of the topics
    that lend them their ids are applied by this write (a pending one hides the excerpt)."""
    get_backend().applica(aggiornati=list(documenti), eliminati=[])
    Modifica.objects.all().delete()


def leggibile(response):
    """The page's text without tags, spaces folded: what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def vocabolario(search_backend):
    """Zones and themes, with an empty engine (the database one, then Elasticsearch: every test
    that uses this fixture runs against both)."""
    return {
        "t-pisana": ZonaFactory(slug="t-pisana", nome="Pisana"),
        "t-lunigiana": ZonaFactory(slug="t-lunigiana", nome="Lunigiana"),
        "t-poverta": TemaFactory(slug="t-poverta", nome="Povertà ed esclusione"),
        "t-casa": TemaFactory(slug="t-casa", nome="Casa"),
    }


@pytest.fixture
def vocabolario_db(db):
    ZonaFactory(slug="t-pisana", nome="Pisana")


@pytest.fixture
def contenuti(vocabolario):
    indicizza(
        documento(
            1,
            titolo="Emporio solidale contro la povertà",
            testo="Un emporio per le famiglie in povertà della zona pisana.",
            zone=["t-pisana"],
            temi=["t-poverta"],
            validata=True,
            data=datetime(2023, 5, 2, tzinfo=UTC),
        ),
        documento(
            2,
            tipo="evento",
            titolo="Seminario sulla povertà educativa",
            testo="Un seminario sulla povertà educativa in Lunigiana.",
            url="/eventi/seminario/",
            zone=["t-lunigiana"],
            temi=["t-poverta"],
            data=datetime(2025, 3, 10, tzinfo=UTC),
        ),
        documento(
            3,
            tipo="discussione",
            titolo="Housing first: esperienze",
            testo="Come avete avviato l'housing first?",
            url="/forum/discussione/3/",
            zone=["t-pisana"],
            temi=["t-casa"],
            data=datetime(2024, 9, 1, tzinfo=UTC),
        ),
    )


# --- The page --------------------------------------------------------------------------------------


def test_page_without_words_lists_every_document_with_its_facets(client, contenuti):
    response = client.get(URL)
    assert response.status_code == 200
    pagina = leggibile(response)
    assert "3 contenuti" in pagina
    for titolo in ("Emporio solidale contro la povertà", "Seminario sulla povertà educativa", "Housing first"):
        assert titolo in pagina
    html = response.content.decode()
    assert 'role="search"' in html
    assert 'name="q"' in html


def test_words_find_documents_with_count_highlight_and_labels(client, contenuti):
    response = client.get(URL, {"q": "povertà"})
    assert response.status_code == 200
    html = response.content.decode()
    pagina = leggibile(response)
    assert re.search(r'aria-live="polite"[^>]*>\s*2 risultati per «povertà»', html)
    assert "Housing first" not in pagina
    assert "<mark>" in html
    # Kind labels, names (not slugs) of zones and themes, the validated badge, the date.
    assert "Buona pratica" in pagina
    assert "Evento" in pagina
    assert "Territorio: Pisana" in pagina
    assert "Tema: Povertà ed esclusione" in pagina
    assert "Validata" in pagina
    assert "2 maggio 2023" in pagina
    assert 'href="/eventi/seminario/"' in html


def test_one_result_is_announced_in_the_singular(client, contenuti):
    assert "1 risultato per «housing»" in leggibile(client.get(URL, {"q": "housing"}))


def test_facets_show_counts_with_names_and_narrow_the_results(client, contenuti):
    response = client.get(URL)
    html = response.content.decode()
    faccette = response.context["stato"].faccette
    tipi = {o["valore"]: o["n"] for o in faccette[0]["opzioni"]}
    assert tipi == {"pratica": 1, "evento": 1, "discussione": 1}
    zone = {o["etichetta"]: o["n"] for o in faccette[1]["opzioni"]}
    assert zone == {"Lunigiana": 1, "Pisana": 2}
    assert 'type="checkbox"' in html
    assert "Povertà ed esclusione" in html

    ristretta = client.get(URL, {"zona": "t-pisana", "tipo": "discussione"})
    pagina = leggibile(ristretta)
    assert "1 contenuto" in pagina
    assert "Housing first" in pagina
    assert "Emporio solidale" not in pagina
    # The chosen facet keeps its siblings (counted without its own filter) and shows as active.
    tipi = {o["valore"]: (o["n"], o["scelto"]) for o in ristretta.context["stato"].faccette[0]["opzioni"]}
    assert tipi == {"pratica": (1, False), "discussione": (1, True)}
    assert "Territorio: Pisana" in pagina and "(rimuovi il filtro)" in pagina


def test_solo_validate_narrows_to_validated_practices(client, contenuti):
    response = client.get(URL, {"validata": "1"})
    pagina = leggibile(response)
    assert "1 contenuto" in pagina
    assert "Emporio solidale" in pagina


def test_sort_by_date_puts_the_newest_first(client, contenuti):
    response = client.get(URL, {"q": "povertà", "ordina": "data"})
    titoli = [v.titolo for v in response.context["stato"].pagina]
    assert titoli == ["Seminario sulla povertà educativa", "Emporio solidale contro la povertà"]
    assert '<option value="data" selected>' in response.content.decode()


def test_pagination_uses_the_shared_bar_and_keeps_the_state(client, vocabolario):
    indicizza(*(documento(n, zone=["t-pisana"]) for n in range(25)))
    response = client.get(URL, {"zona": "t-pisana", "page": "2"})
    assert response.status_code == 200
    assert len(response.context["stato"].pagina) == 5
    html = response.content.decode()
    assert 'aria-label="Pagine dei risultati"' in html
    assert 'href="?zona=t-pisana&amp;page=1"' in html


@pytest.mark.parametrize(
    ("parametri", "avviso"),
    [
        ({"zona": "atlantide"}, "zona «atlantide»"),
        ({"anno": "abc"}, "anno «abc»"),
        ({"page": "-3"}, "pagina «-3»"),
        ({"tipo": "foo"}, "tipo «foo»"),
        ({"page": "999999"}, "La pagina 999999 non esiste: ecco la pagina 1."),
        ({"q": "povertà " * 40}, "La ricerca era troppo lunga"),
        ({"q": "povertà\x00"}, None),
    ],
)
def test_bad_parameters_give_the_page_with_a_notice(client, contenuti, parametri, avviso):
    response = client.get(URL, parametri)
    assert response.status_code == 200
    pagina = leggibile(response)
    if avviso:
        assert avviso in pagina
        assert 'id="avvisi-ricerca"' in response.content.decode()
    assert "contenut" in pagina or "risultat" in pagina


def test_a_page_past_the_end_shows_the_last_one(client, vocabolario):
    indicizza(*(documento(n) for n in range(25)))
    response = client.get(URL, {"page": "7"})
    assert response.context["stato"].pagina.number == 2
    assert len(response.context["stato"].pagina) == 5
    assert "La pagina 7 non esiste: ecco la pagina 2." in leggibile(response)


def test_no_results_says_so_with_tips_and_a_link_without_filters(client, contenuti):
    response = client.get(URL, {"q": "zzzqqq", "zona": "t-pisana"})
    assert response.status_code == 200
    pagina = leggibile(response)
    assert "0 risultati per «zzzqqq»" in pagina
    assert "Nessun risultato" in pagina
    assert "cerca senza filtri" in pagina
    assert 'href="?q=zzzqqq"' in response.content.decode()


def test_no_results_and_no_filters_show_no_empty_filter_panel(client, contenuti):
    senza_filtri = client.get(URL, {"q": "zzzqqq"}).content.decode()
    # The list of tips ends with a full stop, not with the semicolon of a list that goes on.
    assert "o con meno parole.</li>" in senza_filtri
    assert "Nessun risultato" in senza_filtri
    assert "Filtra i risultati" not in senza_filtri
    # With a filter on, the panel stays: it is where the filter is taken off.
    con_filtro = client.get(URL, {"q": "zzzqqq", "zona": "t-pisana"}).content.decode()
    assert "Filtra i risultati" in con_filtro


def test_when_no_content_holds_every_word_the_page_shows_those_with_most_and_says_so(client, contenuti):
    response = client.get(URL, {"q": "housing zzzqqq"})
    stato = response.context["stato"]
    assert stato.parziale and stato.totale >= 1
    pagina = leggibile(response)
    assert "Nessun contenuto contiene tutte le parole di «housing zzzqqq»" in pagina
    assert stato.informazioni
    assert "Housing" in pagina
    # Every word found: no notice.
    assert not client.get(URL, {"q": "housing"}).context["stato"].parziale
    # A single unknown word: nothing to drop, the page says there are no results.
    sola = client.get(URL, {"q": "zzzqqq"}).context["stato"]
    assert not sola.parziale and sola.totale == 0


def test_words_that_name_a_kind_of_content_become_a_filter_when_nothing_has_them(client, contenuti):
    response = client.get(URL, {"q": "discussioni housing"})
    stato = response.context["stato"]
    assert stato.parametri.ricerca.tipo == ("discussione",) and stato.parametri.ricerca.q == "housing"
    assert stato.totale >= 1 and {v.tipo for v in stato.pagina} == {"discussione"}
    assert "«discussioni» è diventato un filtro sul tipo di contenuto" in leggibile(response)
    # Words that some content holds are searched as they are.
    assert client.get(URL, {"q": "housing"}).context["stato"].informazioni == []


def test_no_results_offers_the_engine_alternatives_as_links(client, contenuti):
    response = client.get(URL, {"q": "housinf", "tipo": "discussione"})
    stato = response.context["stato"]
    assert stato.totale == 0
    assert [a["testo"] for a in stato.alternative] == ["housing"]
    assert "Forse cercavi: housing" in leggibile(response)
    assert 'href="?q=housing&amp;tipo=discussione"' in response.content.decode()


def test_did_you_mean_offers_only_corrections_that_find_something_and_keeps_acronyms(client, contenuti):
    # "housing" exists among discussions, not among events: no correction that leads to nothing.
    assert client.get(URL, {"q": "housinf", "tipo": "evento"}).context["stato"].alternative == []
    # A word typed in capitals is an acronym, not a typo: it is not corrected into a word like it.
    assert [a["testo"] for a in client.get(URL, {"q": "housinf"}).context["stato"].alternative] == ["housing"]
    assert client.get(URL, {"q": "HOUSINF"}).context["stato"].alternative == []


def test_text_from_documents_is_escaped(client, vocabolario):
    indicizza(
        documento(
            1,
            titolo='<script>alert("titolo")</script> pericolo',
            testo="<img src=x onerror=alert(1)> pericolo <b>grassetto</b>",
            sommario="<i>sommario</i>",
        )
    )
    html = client.get(URL, {"q": "pericolo"}).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>grassetto" not in html
    assert "&lt;script&gt;" in html


def test_estratto_keeps_only_marks_as_html():
    assert estratto_sicuro("la <mark>povertà</mark> &amp; altro") == "la <mark>povertà</mark> &amp; altro"
    assert estratto_sicuro("<mark>a</mark> <b>b</b>") == "a b"
    assert estratto_sicuro("<script>x</script> &lt;i&gt;") == "x &lt;i&gt;"


def test_every_page_links_to_the_search_from_the_header_once(client, home_page):
    """The header's magnifier, on every screen; not a second "Cerca" in the main menu."""
    html = client.get(home_page.url).content.decode()
    assert re.search(r'<a class="search-link rounded-icon" href="/cerca/" aria-label="Cerca nel sito">', html)
    menu = html[html.index('id="nav-principale"') : html.index("</nav>", html.index('id="nav-principale"'))]
    assert 'href="/cerca/"' not in menu


# --- Queries ---------------------------------------------------------------------------------------


def _query_della_pagina(client, parametri):
    client.get(URL, parametri)  # caches warm (vocabularies, menu)
    with CaptureQueriesContext(connection) as catturate:
        response = client.get(URL, parametri)
    assert response.status_code == 200
    return len(catturate)


@pytest.mark.parametrize(
    "parametri", [{}, {"q": "documento"}, {"q": "documento", "zona": "t-pisana", "ordina": "data"}]
)
def test_queries_of_the_page_do_not_grow_with_the_results(
    client, vocabolario, parametri, django_assert_max_num_queries
):
    indicizza(*(documento(n, zone=["t-pisana"], temi=["t-casa"]) for n in range(5)))
    poche = _query_della_pagina(client, parametri)
    indicizza(*(documento(n, zone=["t-pisana", "t-lunigiana"], temi=["t-casa", "t-poverta"]) for n in range(5, 40)))
    molte = _query_della_pagina(client, parametri)
    assert molte == poche
    with django_assert_max_num_queries(12):
        client.get(URL, parametri)


# --- Suggestions -----------------------------------------------------------------------------------


SUGGERIMENTI = "/cerca/suggerimenti/"


def test_suggestions_offer_titles_with_their_url_and_kind(client, contenuti):
    response = client.get(SUGGERIMENTI, {"q": "sem"})
    assert response.status_code == 200
    dati = response.json()
    assert {"testo": "Seminario sulla povertà educativa", "url": "/eventi/seminario/", "tipo": "evento"} in dati[
        "suggerimenti"
    ]
    for voce in dati["suggerimenti"]:
        assert set(voce) == {"testo", "url", "tipo"}


def test_suggestions_offer_zones_themes_and_acronyms_first(client, contenuti):
    ZonaFactory(slug="casentino", nome="Casentino")
    TemaFactory(slug="salute-mentale", nome="Salute mentale")
    voci = client.get(SUGGERIMENTI, {"q": "Casen"}).json()["suggerimenti"]
    assert voci[0] == {"testo": "Casentino", "url": "/cerca/?zona=casentino", "tipo": "zona"}
    voci = client.get(SUGGERIMENTI, {"q": "salute men"}).json()["suggerimenti"]
    assert voci[0] == {"testo": "Salute mentale", "url": "/cerca/?tema=salute-mentale", "tipo": "tema"}
    voci = client.get(SUGGERIMENTI, {"q": "rdc"}).json()["suggerimenti"]
    assert voci[0] == {"testo": "RdC (reddito di cittadinanza)", "url": "/cerca/?q=RdC", "tipo": "sigla"}
    # The search page tells the script how to label them.
    assert "zona=Zona-distretto;" in client.get(URL).content.decode()


@pytest.mark.parametrize("q", ["", "s", " s ", "\x00"])
def test_suggestions_need_two_characters(client, contenuti, q):
    response = client.get(SUGGERIMENTI, {"q": q})
    assert response.status_code == 200
    assert response.json() == {"suggerimenti": []}


@pytest.mark.parametrize("q", ["x" * 5000, "sem\x00inario", "%%%", "'\"<>", "((("])
def test_bad_input_to_suggestions_never_fails(client, contenuti, q):
    response = client.get(SUGGERIMENTI, {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["suggerimenti"], list)


def test_suggestions_without_parameters_are_empty(client, db):
    assert client.get(SUGGERIMENTI).json() == {"suggerimenti": []}


def test_only_get_is_allowed(client, db):
    assert client.post(URL).status_code == 405
    assert client.post(SUGGERIMENTI).status_code == 405


# --- The engine down ---------------------------------------------------------------------------------


@pytest.fixture
def motore_spento(settings, db):
    """Elasticsearch configured on a local port where nothing listens: the real backend meets a
    refused connection at query time."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        porta = s.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{porta}"
    return settings


def test_engine_down_gives_the_page_with_a_notice_and_the_site_around_it(client, motore_spento, vocabolario_db):
    response = client.get(URL, {"q": "povertà", "zona": "t-pisana", "anno": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    pagina = leggibile(response)
    assert "La ricerca è temporaneamente non disponibile, riprova tra qualche minuto." in pagina
    assert 'role="alert"' in html
    # Header, main menu, search box (with the words) and footer are there; the notices too.
    assert 'id="nav-principale"' in html
    assert 'id="footer"' in html
    assert 'value="povertà"' in html
    assert "anno «abc»" in pagina
    assert "risultati per" not in pagina


def test_engine_down_gives_empty_suggestions_with_a_flag(client, motore_spento):
    response = client.get(SUGGERIMENTI, {"q": "povertà"})
    assert response.status_code == 200
    assert response.json() == {"suggerimenti": [], "non_disponibile": True}
