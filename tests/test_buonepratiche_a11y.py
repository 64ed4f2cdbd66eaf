"""axe-core in Chromium on the library of good practices and on a practice page (anonymous and
logged in), with filters, notices, pagination, documents and figures on screen."""

import datetime

import pytest

from buonepratiche.models import BuonaPraticaPage, Metodologia
from buonepratiche.tests.factories import (
    AllegatoFactory,
    BuonaPraticaPageFactory,
    BuonePraticheIndexPageFactory,
    vocabolario,
)
from cop.tests.factories import PASSWORD, OperatoreFactory, TemaFactory, ZonaFactory
from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def biblioteca(home_page):
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    zone = [ZonaFactory(slug=f"zona-a11y-{i}", nome=f"Zona {i}") for i in range(3)]
    temi = [TemaFactory(slug=f"tema-a11y-{i}", nome=f"Tema {i}") for i in range(2)]
    pratiche = [
        BuonaPraticaPageFactory(
            parent=indice,
            title=f"Pratica di prova {i}",
            zone=[zone[i % 3]],
            temi=[temi[i % 2]],
            metodologie=[vocabolario(Metodologia, "budget-di-salute")],
            data_inizio=datetime.date(2019 + i % 4, 1, 1),
        )
        for i in range(23)
    ]
    pratica = pratiche[0]
    BuonaPraticaPage.objects.filter(pk=pratica.pk).update(validata=True)
    BuonaPraticaPageFactory(
        parent=indice,
        title="Budget di Salute nella zona pisana",
        slug="budget-di-salute",
        zone=zone[:2],
        temi=temi,
        soggetti=[
            {"nome": "SdS Pisana", "tipo": "sds", "ruolo": "promotore"},
            {"nome": "Coop Il Ponte", "tipo": "cooperativa", "ruolo": "partner"},
        ],
        indicatori=[{"valore": "616", "descrizione": "progetti finanziati"}, {"valore": "80%", "descrizione": "esiti"}],
        tags=["casa", "lavoro"],
        data_fine=datetime.date(2024, 12, 31),
        difficolta="<p>Tempi lunghi.</p>",
    )
    dettaglio = BuonaPraticaPage.objects.get(slug="budget-di-salute")
    AllegatoFactory(pratica=dettaglio, titolo="Accordo operativo")
    return {"indice": indice, "pratica": dettaglio}


# The library in each of its states, on the same content (built once: a browser test empties the database).
STATI_BIBLIOTECA = [
    "",
    "?zona=zona-a11y-0&tema=tema-a11y-1&page=1",
    "?zona=xxx&page=abc&ordina=zzz&anno=20x5",
    "?page=2",
]


def test_library_has_no_serious_axe_violations(page, axe, biblioteca):
    for query in STATI_BIBLIOTECA:
        risposta = page.goto(biblioteca["indice"].url + query)
        assert risposta.status == 200, query
        axe(page, label=f"biblioteca{query}")


def test_practice_page_has_no_serious_axe_violations(page, axe, biblioteca):
    risposta = page.goto(biblioteca["pratica"].url)
    assert risposta.status == 200
    assert page.get_by_text("Accedi per vedere il contatto").is_visible()
    axe(page, label="pratica (anonimo)")


def test_practice_page_for_a_member_has_no_serious_axe_violations(page, axe, biblioteca):
    utente = OperatoreFactory()
    log_in(page, utente.email, PASSWORD)
    page.goto(biblioteca["pratica"].url)
    assert page.get_by_text("maria.rossi@esempio.it").is_visible()
    axe(page, label="pratica (operatore)")
