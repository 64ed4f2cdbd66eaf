"""axe-core in Chromium on the search page in each of its states: results with facets, active filters
and pagination; no results with alternatives; notices for ignored parameters; the engine down; the
suggestion list open. No serious or critical violation."""

import datetime
import socket

import pytest

from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import TemaFactory, ZonaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def contenuti(home_page, run_tasks, settings):
    settings.ELASTICSEARCH_URL = ""
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    zone = [ZonaFactory(slug=f"zona-a11y-{i}", nome=f"Zona {i}") for i in range(3)]
    temi = [TemaFactory(slug=f"tema-a11y-{i}", nome=f"Tema {i}") for i in range(2)]
    for i in range(23):
        BuonaPraticaPageFactory(
            parent=indice,
            title=f"Povertà e inclusione: pratica {i}",
            zone=[zone[i % 3]],
            temi=[temi[i % 2]],
            data_inizio=datetime.date(2019 + i % 4, 1, 1),
            validata=i % 5 == 0,
        )
    run_tasks()


# Empty; results with facets; active filters; page 2; no results with alternatives; ignored parameters.
# All on the same content, built once (a browser test empties the database when it ends).
STATI = [
    "",
    "?q=povertà",
    "?q=povertà&zona=zona-a11y-0&tema=tema-a11y-1&validata=1&ordina=data",
    "?q=povertà&page=2",
    "?q=povrtà",
    "?q=povertà&zona=atlantide&anno=abc&page=-3&tipo=foo",
]


def test_search_page_has_no_serious_axe_violations(page, axe, contenuti):
    for query in STATI:
        risposta = page.goto("/cerca/" + query)
        assert risposta.status == 200, query
        axe(page, label=f"ricerca{query}")


def test_search_page_with_the_engine_down_has_no_serious_axe_violations(page, axe, db, settings):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        porta = s.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{porta}"
    risposta = page.goto("/cerca/?q=povertà")
    assert risposta.status == 200
    assert page.get_by_role("alert").inner_text().strip().startswith("La ricerca è temporaneamente non disponibile")
    axe(page, label="ricerca non disponibile")


def test_open_suggestion_list_has_no_serious_axe_violations(page, axe, contenuti):
    page.goto("/cerca/")
    casella = page.get_by_role("combobox", name="Parole da cercare")
    casella.press_sequentially("pov", delay=30)
    page.get_by_role("listbox", name="Suggerimenti").wait_for(state="visible")
    casella.press("ArrowDown")
    axe(page, label="suggerimenti aperti")
