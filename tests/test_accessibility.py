"""axe-core in Chromium on the pages every visitor meets: no "serious" or "critical" violation.

The pages are rendered with the real Bootstrap Italia CSS (served by the live server's static
handler), so axe's colour-contrast rule measures what people see.

Here: the pages of an empty site and the service pages (privacy, accessibility statement). The login,
the sign-up form with errors, the profile, the zones and the 404 page are checked with axe at both
widths, at rest and with the menus open, by tests/test_aspetto_pagine.py ("accesso",
"registrazione-errori", "profilo", "zone", "pagina-non-trovata")."""

import pytest
from django.urls import reverse

from cop.tests.factories import (
    DichiarazioneAccessibilitaPageFactory,
    PaginaSempliceFactory,
)
from tests.browser import blocking, run_axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def pubblica(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def pagine_di_servizio(home_page):
    """The pages the footer links to, as an editor publishes them."""
    corpo = [("titolo", "Titolare del trattamento"), ("testo", "<p>Regione Toscana, piazza Duomo 10, Firenze.</p>")]
    pagine = {
        slug: pubblica(PaginaSempliceFactory(parent=home_page, title=titolo, slug=slug, body=corpo))
        for slug, titolo in [("privacy", "Informativa privacy"), ("cookie", "Cookie"), ("note-legali", "Note legali")]
    }
    pagine["accessibilita"] = pubblica(
        DichiarazioneAccessibilitaPageFactory(
            parent=home_page,
            contenuti_non_accessibili="<ul><li>Alcuni documenti PDF caricati prima del 2023.</li></ul>",
        )
    )
    return pagine


PAGINE_PUBBLICHE = {
    "home": lambda pagine: "/",
    "registrazione": lambda pagine: reverse("account_signup"),
    "dichiarazione-accessibilita": lambda pagine: pagine["accessibilita"].url,
    "pagina-semplice": lambda pagine: pagine["privacy"].url,
}


@pytest.mark.parametrize("nome", PAGINE_PUBBLICHE)
def test_public_page_has_no_serious_axe_violations(nome, page, axe, pagine_di_servizio):
    response = page.goto(PAGINE_PUBBLICHE[nome](pagine_di_servizio))
    assert response.status == 200
    axe(page, label=nome)


def test_pages_are_styled_by_bootstrap_italia(page, pagine_di_servizio):
    """axe's colour-contrast rule is only meaningful if the real CSS and fonts arrive."""
    failed = []

    def registra(response):
        if "/static/" in response.url and response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", registra)

    page.goto(pagine_di_servizio["privacy"].url)
    page.evaluate("document.fonts.ready")

    assert failed == []
    rules = page.evaluate(
        """() => [...document.styleSheets]
            .filter(sheet => (sheet.href || '').includes('bootstrap-italia'))
            .map(sheet => sheet.cssRules.length)"""
    )
    assert rules and rules[0] > 1000, f"il CSS di Bootstrap Italia non è stato caricato: {rules}"
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Titillium Web" in font


def test_axe_helper_reports_serious_violations_with_target_and_html(browser):
    """The helper is not vacuous: a page with an unlabeled image and field fails, and says where."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<html lang="it"><head><title>Prova</title></head><body><main>'
            '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" id="foto">'
            '<input type="text" id="senza-etichetta"></main></body></html>'
        )
        violations = blocking(run_axe(page))
    finally:
        context.close()

    ids = {v["id"] for v in violations}
    assert {"image-alt", "label"} <= ids
    targets = {t for v in violations for node in v["nodes"] for t in node["target"]}
    assert {"#foto", "#senza-etichetta"} <= targets
