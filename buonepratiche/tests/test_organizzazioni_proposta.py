"""Promoters and partners are organisations: the proposal form names one of the list or proposes a new one
for the editors' review; the practice page links to those published. The migration of the free-text
partners is tested in test_migrazione_soggetti.py (a transactional test, in a module of its own)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from buonepratiche.models import BuonaPraticaPage
from buonepratiche.services import proposte as servizi
from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import azione_admin, bozza
from buonepratiche.tests.factories import BuonaPraticaPageFactory
from cop.models import Organizzazione
from cop.tests.factories import OrganizzazioneFactory

pytestmark = pytest.mark.django_db


def passo_3(client, pratica, *righe):
    dati = {
        "soggetti-TOTAL_FORMS": str(len(righe)),
        "soggetti-INITIAL_FORMS": "0",
        "data_inizio": "",
        "data_fine": "",
        "stato": "in-corso",
    }
    for i, (nome, tipo, ruolo) in enumerate(righe):
        dati |= {f"soggetti-{i}-nome": nome, f"soggetti-{i}-tipo": tipo, f"soggetti-{i}-ruolo": ruolo}
    return client.post(reverse("buonepratiche:proposta_passo", args=[pratica.pk, 3]), dati)


def soggetti_della_bozza(pratica):
    ultima = BuonaPraticaPage.objects.get(pk=pratica.pk).get_latest_revision_as_object()
    return [(s.organizzazione, s.ruolo) for s in ultima.soggetti.all()]


def test_a_partner_of_the_list_needs_only_its_name_and_a_new_one_waits_for_review(
    client, indice, operatore, zona, tema
):
    sds = OrganizzazioneFactory(nome="Società della Salute Pisana", tipo="sds")
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)

    pagina = BeautifulSoup(
        client.get(reverse("buonepratiche:proposta_passo", args=[pratica.pk, 3])).content, "html.parser"
    )
    assert [o["value"] for o in pagina.select("datalist#organizzazioni-note option")] == [sds.nome]
    assert pagina.select_one("input[name=soggetti-0-nome]")["list"] == "organizzazioni-note"

    risposta = passo_3(
        client,
        pratica,
        ("società della salute pisana", "", "promotore"),
        ("Associazione Mondo Aperto", "associazione", "partner"),
    )

    assert risposta.status_code == 302
    nuova = Organizzazione.objects.get(nome="Associazione Mondo Aperto")
    assert (nuova.stato, nuova.proposta_da, list(nuova.zone.all())) == ("da-revisionare", operatore, [zona])
    assert soggetti_della_bozza(pratica) == [(sds, "promotore"), (nuova, "partner")]


def test_a_new_name_without_its_type_is_asked_again_and_nothing_is_lost(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)

    risposta = passo_3(client, pratica, ("Cooperativa La Rete", "", "promotore"))

    assert risposta.status_code == 400
    html = risposta.content.decode()
    assert "«Cooperativa La Rete» non è ancora nell&#x27;elenco delle organizzazioni: scegline il tipo." in html
    assert (
        BeautifulSoup(html, "html.parser").select_one("input[name=soggetti-0-nome]")["value"] == "Cooperativa La Rete"
    )
    assert not Organizzazione.objects.exists()


def test_a_proposal_of_another_member_is_not_suggested(client, indice, operatore, zona, tema):
    OrganizzazioneFactory(nome="Proposta da altri", stato=Organizzazione.Stato.DA_REVISIONARE)
    mia = OrganizzazioneFactory(nome="Proposta da me", stato=Organizzazione.Stato.DA_REVISIONARE, proposta_da=operatore)
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)

    pagina = BeautifulSoup(
        client.get(reverse("buonepratiche:proposta_passo", args=[pratica.pk, 3])).content, "html.parser"
    )

    assert [o["value"] for o in pagina.select("datalist#organizzazioni-note option")] == [mia.nome]


def test_the_practice_page_links_published_organisations_and_names_the_others(client, indice, zona):
    pubblicata = OrganizzazioneFactory(nome="Comune di Pisa", tipo="comune")
    proposta = OrganizzazioneFactory(nome="Associazione nuova", tipo="associazione", stato="da-revisionare")
    pratica = BuonaPraticaPageFactory(
        parent=indice,
        zone=[zona],
        soggetti=[
            {"organizzazione": pubblicata, "ruolo": "promotore"},
            {"organizzazione": proposta, "ruolo": "partner"},
        ],
    )

    pagina = BeautifulSoup(client.get(pratica.url).content, "html.parser")

    assert pagina.select_one(f"a[href='{pubblicata.get_absolute_url()}']").get_text() == "Comune di Pisa"
    assert "Associazione nuova (Associazione)" in pagina.get_text(" ", strip=True)
    assert not pagina.select(f"a[href='{proposta.get_absolute_url()}']")


def test_a_proposal_approved_by_both_reviewers_is_published_with_its_organisations(
    client, indice, operatore, referente, redattore, zona, tema
):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    passo_3(client, pratica, ("Associazione Mondo Aperto", "associazione", "promotore"))
    servizi.salva_passo(
        pratica=pratica, user=operatore, dati={"obiettivi": "<p>Autonomia.</p>", "azioni": "<p>Azioni.</p>"}
    )
    servizi.invia_proposta(pratica=pratica, user=operatore)
    pratica.refresh_from_db()
    azione_admin(client, referente, pratica, "approve")
    pratica.refresh_from_db()
    azione_admin(client, redattore, pratica, "approve")

    pubblicata = BuonaPraticaPage.objects.get(pk=pratica.pk)
    assert pubblicata.live
    assert [(s.organizzazione.nome, s.ruolo) for s in pubblicata.soggetti.all()] == [
        ("Associazione Mondo Aperto", "promotore")
    ]
