"""The content security policy in Chromium: an injected inline script does not run, and what the site
itself needs (the print button) works without inline handlers. Transactional (a live server): apart from
the plain checks of tests/test_csp.py, see conftest.py."""

import pytest
from playwright.sync_api import expect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_injected_inline_script_does_not_run_in_the_browser(browser, live_server, home_page):
    """What an XSS would do once in the page: add a script element. Chromium refuses to run it."""
    from tests.browser import osserva_csp

    contesto = browser.new_context(base_url=live_server.url)
    try:
        violazioni = osserva_csp(contesto)
        pagina = contesto.new_page()
        pagina.goto("/")
        pagina.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.iniettato = true";
                document.body.appendChild(script);
            }"""
        )
        pagina.wait_for_function("() => document.readyState === 'complete'")
        assert pagina.evaluate("() => window.iniettato === undefined")
        assert [v["direttiva"] for v in violazioni] == ["script-src-elem"]
    finally:
        contesto.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_print_button_of_a_practice_works_without_an_inline_handler(page, home_page):
    """ "Stampa la scheda" was an onclick= attribute, which the policy refuses: it is now wired by a
    static script, and appears only where that script ran."""
    from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory

    pratica = BuonaPraticaPageFactory(parent=BuonePraticheIndexPageFactory(parent=home_page))
    page.goto(pratica.url)
    pulsante = page.get_by_role("button", name="Stampa la scheda")
    expect(pulsante).to_be_visible()
    page.evaluate("() => { window.print = () => { window.stampato = true; }; }")
    pulsante.click()
    assert page.evaluate("() => window.stampato === true")
