"""The whole life of a practice in Chromium: an operatore proposes it with an attachment through the
front end, the referente of the zone and a redattore approve it in the Wagtail admin, and a visitor
finds it in the library filtered by its zone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from buonepratiche.models import BuonaPraticaPage
from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import PDF
from cop.tests.factories import PASSWORD
from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITOLO = "Sportello unico per l'abitare a Pisa"


def spunta(page, nome, valore):
    """Bootstrap Italia draws checkboxes on their label, which is what a person clicks."""
    casella = page.locator(f"input[name={nome}][value='{valore}']")
    page.locator(f"label[for='{casella.get_attribute('id')}']").click()
    expect(casella).to_be_checked()


def continua(page):
    with page.expect_navigation():
        page.locator("form button[value=continua]").click()


def approva_nell_admin(page, utente, pratica):
    page.context.clear_cookies()
    log_in(page, utente.email, PASSWORD)
    page.goto(reverse("wagtailadmin_pages:edit", args=[pratica.pk]))
    # The workflow actions are in the footer's "Altre azioni" menu (only for the reviewers of the step).
    page.locator(".w-dropdown-button").get_by_role("button", name=re.compile("Altre azioni|More actions")).click()
    approva = page.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    expect(approva).to_be_visible()
    with page.expect_navigation():
        approva.click()


def test_operatore_proposes_referente_and_redattore_approve_visitor_finds_it(
    page, tmp_path, indice, operatore, referente, redattore, zona, tema
):
    relazione = tmp_path / "relazione-finale.pdf"
    relazione.write_bytes(PDF)

    # The operatore proposes the practice, step by step.
    log_in(page, operatore.email, PASSWORD)
    page.goto(reverse("buonepratiche:proponi"))
    page.locator("input[name=title]").fill(TITOLO)
    page.locator("textarea[name=abstract]").fill("Un punto unico per casa, lavoro e servizi sociali.")
    expect(page.locator(f"input[name=zone][value='{zona.pk}']")).to_be_checked()  # the author's zone
    spunta(page, "temi", tema.pk)
    continua(page)

    page.locator("textarea[name=obiettivi]").fill("- ridurre gli sfratti\n- accompagnare all'autonomia")
    page.locator("textarea[name=azioni]").fill("Uno sportello aperto tre giorni a settimana.")
    page.locator("input[name=indicatori-0-valore]").fill("120")
    page.locator("input[name=indicatori-0-descrizione]").fill("famiglie accompagnate")
    continua(page)

    page.locator("input[name=soggetti-0-nome]").fill("Società della Salute Pisana")
    page.locator("select[name=soggetti-0-tipo]").select_option("sds")
    page.locator("select[name=soggetti-0-ruolo]").select_option("promotore")
    continua(page)

    page.locator("input[name=nuovo_allegato]").set_input_files(str(relazione))
    page.locator("input[name=titolo_allegato]").fill("Relazione finale")
    page.locator("input[name=contatto_nome]").fill("Maria Rossi")
    continua(page)

    expect(page.locator("h1")).to_have_text(TITOLO)
    expect(page.get_by_role("link", name="Relazione finale")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Invia").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("buonepratiche:mie_pratiche"))))
    expect(page.get_by_text("In revisione dal referente di zona")).to_be_visible()

    pratica = BuonaPraticaPage.objects.get(draft_title=TITOLO)
    assert not pratica.live

    # The referente of the zone, then a redattore, approve it in the Wagtail admin.
    approva_nell_admin(page, referente, pratica)
    pratica.refresh_from_db()
    assert pratica.current_workflow_task.name == "Revisione della redazione regionale"
    approva_nell_admin(page, redattore, pratica)
    pratica.refresh_from_db()
    assert pratica.live

    # A visitor finds it in the library, filtered by its zone, and downloads the attachment.
    page.context.clear_cookies()
    page.goto(f"{indice.url}?zona={zona.slug}")
    link = page.get_by_role("link", name=TITOLO)
    expect(link).to_be_visible()
    with page.expect_navigation():
        link.click()
    expect(page.locator("h1")).to_have_text(TITOLO)
    expect(page.get_by_text("famiglie accompagnate")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Relazione finale"))).to_be_visible()
