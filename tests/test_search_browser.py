"""The search box in Chromium: suggestions while typing (the combobox pattern: the list opens, arrow
keys move through it, Enter opens the chosen page, Escape closes it) and the plain form without
JavaScript. Content is real and reaches the database engine through the outbox and the worker."""

import datetime

import pytest

from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import ZonaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def pratiche(home_page, run_tasks, settings):
    settings.ELASTICSEARCH_URL = ""
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    zona = ZonaFactory(slug="zona-browser", nome="Zona del browser")
    creati = [
        BuonaPraticaPageFactory(
            parent=indice,
            title=titolo,
            slug=slug,
            zone=[zona],
            data_inizio=datetime.date(2022, 1, 1),
        )
        for titolo, slug in [
            ("Povertà educativa: doposcuola di quartiere", "poverta-educativa"),
            ("Povertà abitativa e housing first", "poverta-abitativa"),
            ("Orti sociali condivisi", "orti-sociali"),
        ]
    ]
    run_tasks()
    return creati


def test_typing_shows_suggestions_and_arrow_down_enter_opens_one(page, pratiche):
    page.goto("/cerca/")
    casella = page.get_by_role("combobox", name="Parole da cercare")
    assert casella.get_attribute("aria-expanded") == "false"
    casella.press_sequentially("pov", delay=30)

    lista = page.get_by_role("listbox", name="Suggerimenti")
    lista.wait_for(state="visible")
    assert casella.get_attribute("aria-expanded") == "true"
    assert casella.get_attribute("aria-controls") == lista.get_attribute("id")
    opzioni = lista.get_by_role("option")
    testi = opzioni.all_inner_texts()
    # The themes whose name has a word beginning with "pov" first, then the two practices.
    temi = [t for t in testi if t.endswith("(Tema)")]
    assert temi and testi[: len(temi)] == temi
    assert len([t for t in testi if "Povertà" in t and "(Buona pratica)" in t]) == 2
    assert not casella.get_attribute("aria-activedescendant")

    for _tema in temi:
        casella.press("ArrowDown")
    casella.press("ArrowDown")
    prima = opzioni.nth(len(temi))
    assert casella.get_attribute("aria-activedescendant") == prima.get_attribute("id")
    assert prima.get_attribute("aria-selected") == "true"
    casella.press("ArrowDown")
    casella.press("ArrowUp")
    assert casella.get_attribute("aria-activedescendant") == prima.get_attribute("id")
    scelta = prima.inner_text().split(" (")[0]
    destinazione = next(p for p in pratiche if p.title == scelta)

    with page.expect_navigation():
        casella.press("Enter")
    assert page.url.endswith(destinazione.url)
    assert page.get_by_role("heading", level=1).inner_text() == scelta


def test_escape_closes_the_list_and_enter_then_submits_the_words(page, pratiche):
    page.goto("/cerca/")
    casella = page.get_by_role("combobox", name="Parole da cercare")
    casella.press_sequentially("povertà", delay=30)
    lista = page.get_by_role("listbox", name="Suggerimenti")
    lista.wait_for(state="visible")
    casella.press("Escape")
    assert casella.get_attribute("aria-expanded") == "false"
    assert lista.is_hidden()
    with page.expect_navigation():
        casella.press("Enter")
    assert "/cerca/?q=povert" in page.url
    assert page.locator("#numero-risultati").inner_text().strip() == "2 risultati per «povertà»"


def test_a_click_on_a_suggestion_opens_it(page, pratiche):
    page.goto("/cerca/")
    page.get_by_role("combobox", name="Parole da cercare").press_sequentially("orti", delay=30)
    opzione = page.get_by_role("option", name="Orti sociali condivisi (Buona pratica)")
    with page.expect_navigation():
        opzione.click()
    assert page.url.endswith("/orti-sociali/")


def test_the_page_works_without_javascript(browser, live_server, pratiche):
    contesto = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="it-IT")
    try:
        pagina = contesto.new_page()
        pagina.goto("/")
        pagina.get_by_role("link", name="Cerca nel sito").click()
        pagina.get_by_label("Parole da cercare").fill("povertà")
        pagina.get_by_role("button", name="Cerca", exact=True).click()
        assert pagina.locator("#numero-risultati").inner_text().strip() == "2 risultati per «povertà»"
        # Bootstrap Italia draws the checkbox on its label, which is what a person clicks.
        pagina.locator("label", has_text="Zona del browser").click()
        pagina.get_by_role("button", name="Applica i filtri").click()
        assert "zona=zona-browser" in pagina.url
        assert "q=povert" in pagina.url
        assert pagina.locator("#numero-risultati").inner_text().strip() == "2 risultati per «povertà»"
        pagina.get_by_label("Ordina per").select_option("data")
        pagina.get_by_role("button", name="Ordina", exact=True).click()
        assert "ordina=data" in pagina.url and "zona=zona-browser" in pagina.url
    finally:
        contesto.close()
