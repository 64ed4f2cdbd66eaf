"""axe-core in Chromium on «Proponi una buona pratica»: the first step empty and with errors, the
fourth with a refused file, the summary (also with errors) and «Le mie pratiche» have no "serious" or
"critical" violation. Steps 2, 3 and 4 of a complete draft are checked at both widths by
tests/test_aspetto_pagine.py ("proposta-passo-2", "-3", "-4")."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import bozza
from cop.tests.factories import PASSWORD
from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_step_one_empty_and_with_errors(page, axe, indice, operatore):
    log_in(page, operatore.email, PASSWORD)
    page.goto(reverse("buonepratiche:proponi"))
    axe(page, label="passo 1")

    page.locator("form button[value=continua]").click()
    expect(page.locator("#form-errori")).to_be_visible()
    expect(page.locator("input[name=title]")).to_have_attribute("aria-invalid", "true")
    axe(page, label="passo 1 con errori")


def test_step_four_with_a_refused_file(page, axe, indice, operatore, zona, tema, tmp_path):
    pratica = bozza(operatore, indice, zona, tema)
    falso = tmp_path / "programma.pdf"
    falso.write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    log_in(page, operatore.email, PASSWORD)
    page.goto(reverse("buonepratiche:proposta_passo", args=[pratica.pk, 4]))
    page.locator("input[name=nuovo_allegato]").set_input_files(str(falso))
    page.locator("form button[value=continua]").click()
    expect(page.locator("input[name=nuovo_allegato]")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("non è un vero documento PDF").first).to_be_visible()
    axe(page, label="passo 4 con file rifiutato")


def test_summary_and_my_practices(page, axe, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    log_in(page, operatore.email, PASSWORD)
    page.goto(reverse("buonepratiche:proposta_riepilogo", args=[pratica.pk]))
    axe(page, label="riepilogo")
    page.locator("form button[type=submit]", has_text="Invia").click()
    expect(page.locator("#errori-invio")).to_be_visible()
    axe(page, label="riepilogo con errori")
    page.goto(reverse("buonepratiche:mie_pratiche"))
    axe(page, label="le mie pratiche")
