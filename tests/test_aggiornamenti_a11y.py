"""axe-core in Chromium on the news listing (with filters, notices and pagination on screen) and on an
update page, and the digest's unsubscribe page."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cop import riepilogo
from cop.models import AggiornamentoPage
from cop.tests.factories import (
    AggiornamentiIndexPageFactory,
    AggiornamentoPageFactory,
    OperatoreFactory,
    TemaFactory,
    ZonaFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def notizie(home_page):
    indice = AggiornamentiIndexPageFactory(parent=home_page)
    temi = [TemaFactory(slug=f"tema-a11y-agg-{i}", nome=f"Tema {i}") for i in range(2)]
    zona = ZonaFactory(slug="zona-a11y-agg", nome="Pisana")
    for i in range(13):
        AggiornamentoPageFactory(
            parent=indice,
            title=f"Aggiornamento di prova {i}",
            temi=[temi[i % 2]],
            ambito=list(AggiornamentoPage.Ambito)[i % 3],
            zone=[zona] if i % 3 == 2 else [],
            data=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
        )
    dettaglio = AggiornamentoPageFactory(
        parent=indice,
        title="Dal Reddito di cittadinanza all'Assegno di inclusione",
        slug="assegno-di-inclusione",
        temi=temi,
        zone=[zona],
        body="<h3>Assegno di inclusione</h3><p>Dal 1° gennaio 2024.</p><ul><li>ISEE</li></ul>",
        tags=["ADI", "SFL"],
    )
    return {"indice": indice, "dettaglio": dettaglio}


@pytest.mark.parametrize("query", ["", "?tema=tema-a11y-agg-0&ambito=nazionale", "?tema=xxx&page=abc", "?page=2"])
def test_the_news_listing_has_no_serious_axe_violations(page, axe, notizie, query):
    risposta = page.goto(notizie["indice"].url + query)
    assert risposta.status == 200
    axe(page, label=f"aggiornamenti{query}")


def test_an_update_page_has_no_serious_axe_violations(page, axe, notizie):
    risposta = page.goto(notizie["dettaglio"].url)
    assert risposta.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Dal Reddito di cittadinanza all'Assegno di inclusione"
    axe(page, label="aggiornamento")


def test_the_unsubscribe_page_has_no_serious_axe_violations_and_works(page, axe, db):
    user = OperatoreFactory()
    riepilogo_url = reverse("riepilogo_disiscrizione", kwargs={"token": riepilogo.token_disiscrizione(user)})
    assert page.goto(riepilogo_url).status == 200
    axe(page, label="disiscrizione dal riepilogo")
    page.get_by_role("button", name="Non voglio più ricevere il riepilogo").click()
    # The click submits a form: wait for the answer page instead of reading the one still on screen.
    expect(page.get_by_text("non riceverai più il riepilogo settimanale")).to_be_visible()
    axe(page, label="disiscrizione fatta")
