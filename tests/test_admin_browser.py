"""The Wagtail admin screens of our own, in Chromium as an editor sees them: nothing cut off, no sideways
scroll."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cop.tests.factories import PASSWORD, OperatoreFactory, RedattoreFactory
from forum import services
from forum.models import Categoria
from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# For every submit button in the admin's main area: is its whole box within the screen's width and
# inside every ancestor that clips its overflow (a table cell, a scrolling panel)? Where not, the
# reason and the button's horizontal extent.
BOTTONI_TAGLIATI = """
() => {
    const tagliati = [];
    for (const b of document.querySelectorAll("main button[type=submit], main input[type=submit]")) {
        const r = b.getBoundingClientRect();
        const nome = (b.textContent || b.value).trim();
        const dove = `${Math.round(r.left)}-${Math.round(r.right)} px`;
        if (r.width === 0 || r.height === 0) { tagliati.push(`${nome}: invisibile`); continue; }
        if (r.left < 0 || r.right > document.documentElement.clientWidth) {
            tagliati.push(`${nome}: fuori dallo schermo (${dove})`);
            continue;
        }
        for (let p = b.parentElement; p && p !== document.body; p = p.parentElement) {
            if (getComputedStyle(p).overflowX === "visible") continue;
            const pr = p.getBoundingClientRect();
            if (r.left < pr.left - 1 || r.right > pr.right + 1) {
                tagliati.push(`${nome}: tagliato da <${p.tagName.toLowerCase()} class="${p.className}"> (${dove})`);
                break;
            }
        }
    }
    return tagliati;
}
"""


@pytest.fixture
def coda(db):
    categoria = Categoria.objects.create(nome="Inclusione", slug="inclusione")
    vecchio = timezone.now() - timedelta(days=3)
    autore = OperatoreFactory(date_joined=vecchio)
    chi_segnala = OperatoreFactory(date_joined=vecchio)
    testo = "Un messaggio lungo, con **Markdown** e un elenco:\n\n- primo punto\n- secondo punto\n\n" + "parole " * 80
    discussione = services.crea_discussione(categoria=categoria, user=autore, titolo="Tavolo con gli ETS", testo=testo)
    services.segnala(messaggio=discussione.messaggi.get(), user=chi_segnala, motivo="Contiene dati personali")
    return RedattoreFactory(email="redattrice@esempio.it")


@pytest.mark.parametrize("larghezza", [1280, 390])
def test_reports_queue_action_buttons_are_whole_and_clickable(browser, live_server, coda, larghezza):
    context = browser.new_context(
        base_url=live_server.url,
        locale="it-IT",
        viewport={"width": larghezza, "height": 900 if larghezza > 400 else 844},
    )
    page = context.new_page()
    try:
        log_in(page, "redattrice@esempio.it", PASSWORD)
        page.goto(reverse("forum_admin_segnalazioni"))
        assert page.get_by_text("Contiene dati personali").is_visible()
        assert page.locator("main button[type=submit]").count() >= 2
        assert page.evaluate(BOTTONI_TAGLIATI) == []
        for bottone in page.locator("main button[type=submit]").all():
            bottone.click(trial=True, timeout=3000)  # visible, enabled, and the element a click reaches
        larghezza_pagina = page.evaluate("() => document.documentElement.scrollWidth")
        assert larghezza_pagina <= larghezza, f"scorrimento orizzontale: {larghezza_pagina} px su {larghezza}"
    finally:
        context.close()


def test_the_editor_works_under_the_content_security_policy(page, home_page):
    """The admin's pages under its Content-Security-Policy: every screen an editor opens loads, its
    scripts run (the rich-text editor appears, the page explorer lists the practice), and the browser
    refuses nothing (the `page` fixture fails the test on any refused script, style, image or frame)."""
    from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory

    indice = BuonePraticheIndexPageFactory(parent=home_page)
    pratica = BuonaPraticaPageFactory(parent=indice, title="Sportello di prossimità")
    redattore = RedattoreFactory()
    log_in(page, redattore.email, PASSWORD)

    for percorso in [
        "/admin/",
        f"/admin/pages/{indice.pk}/",
        "/admin/pages/search/?q=sportello",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/forum/segnalazioni/",
        f"/admin/pages/{pratica.pk}/history/",
    ]:
        risposta = page.goto(percorso)
        assert risposta.status == 200, percorso
        page.wait_for_load_state("networkidle")

    page.goto(f"/admin/pages/{indice.pk}/")
    expect(page.get_by_role("link", name="Sportello di prossimità").first).to_be_visible()
    page.goto(f"/admin/pages/{pratica.pk}/edit/")
    expect(page.locator(".Draftail-Editor").first).to_be_visible()
    expect(page.locator("input[name=title]")).to_have_value("Sportello di prossimità")
    # Wagtail's inline panels are started by inline scripts: "add a document" adds a form.
    documenti = page.locator("#id_allegati-TOTAL_FORMS")
    prima = int(documenti.input_value())
    page.locator("#id_allegati-ADD").click()
    expect(documenti).to_have_value(str(prima + 1))


@pytest.mark.parametrize("larghezza", [1280, 390])
def test_the_import_of_indicators_lists_errors_then_imports_a_corrected_file(browser, live_server, tmp_path, larghezza):
    """«Importa indicatori» as a Redattrice uses it: a file with a bad row gives the errors' table and no
    button to confirm; the corrected file gives the preview, whose button is whole and imports it."""
    import os

    from territori.models import ValoreIndicatore

    RedattoreFactory(email="redattrice@esempio.it")
    intestazione = "indicatore;nome;unita;zona;anno;valore\n"
    sbagliato, giusto = tmp_path / "sbagliato.csv", tmp_path / "giusto.csv"
    sbagliato.write_text(intestazione + "prova;Indicatore di prova;nuclei;pisana;2024;dieci\n", encoding="utf-8")
    giusto.write_text(intestazione + "prova;Indicatore di prova;nuclei;pisana;2024;10\n", encoding="utf-8")
    context = browser.new_context(
        base_url=live_server.url,
        locale="it-IT",
        viewport={"width": larghezza, "height": 900 if larghezza > 400 else 844},
    )
    page = context.new_page()
    foto = os.environ.get("COP_SCREENSHOTS", "") not in ("", "0")
    try:
        log_in(page, "redattrice@esempio.it", PASSWORD)
        for file in (sbagliato, giusto):
            page.goto(reverse("territori_importa"))
            page.locator("input[name=file]").set_input_files(str(file))
            with page.expect_navigation():
                page.get_by_role("button", name="Carica e mostra l'anteprima").click()
            assert page.evaluate(BOTTONI_TAGLIATI) == []
            larghezza_pagina = page.evaluate("() => document.documentElement.scrollWidth")
            assert larghezza_pagina <= larghezza, f"scorrimento orizzontale: {larghezza_pagina} px su {larghezza}"
            if foto:
                page.screenshot(path=f"var/screenshots/admin-importa-{file.stem}-{larghezza}.png", full_page=True)
            if file is sbagliato:
                expect(page.get_by_text("«dieci» non è un numero.")).to_be_visible()
                assert page.get_by_role("button", name="Conferma l'importazione").count() == 0
        with page.expect_navigation():
            page.get_by_role("button", name="Conferma l'importazione").click()
        expect(page.get_by_text("Importazione completata. Valori nuovi: 1;")).to_be_visible()
        assert ValoreIndicatore.objects.get().valore == 10
    finally:
        context.close()
