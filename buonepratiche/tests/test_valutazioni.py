"""Evaluation on the Best Practice Portal criteria: scores, the average, the "validata" badge
against the editors' threshold, and who sees the evaluation on the practice page."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import Revision

from buonepratiche.models import BuonaPraticaPage, Criterio, ImpostazioniBuonePratiche, ValutazionePratica
from buonepratiche.services.valutazioni import ricalcola_validazioni, valuta_pratica
from buonepratiche.tests.aiuti_scambi import punteggi, rendi_include
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import OperatoreFactory, RedattoreFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


@pytest.fixture
def autore():
    return OperatoreFactory()


@pytest.fixture
def pratica(indice, autore):
    return BuonaPraticaPageFactory(parent=indice, owner=autore)


@pytest.fixture
def redattore():
    return RedattoreFactory()


def imposta_soglia(valore):
    impostazioni = ImpostazioniBuonePratiche.load()
    impostazioni.soglia_validazione = Decimal(valore)
    impostazioni.save()


def validata(pratica):
    return BuonaPraticaPage.objects.get(pk=pratica.pk).validata


def test_the_average_is_the_mean_of_the_ten_scores(pratica, redattore):
    valutazione = valuta_pratica(
        pratica=pratica, valutatore=redattore, punteggi=punteggi(3, rilevanza=4, equita=2, etica=4), nota_generale=""
    )

    assert valutazione.media == Decimal("3.10")
    assert valutazione.punteggi.count() == len(Criterio)


@pytest.mark.parametrize(
    ("voti", "attesa"),
    [
        (punteggi(3), True),  # exactly at the threshold (3.00): validated
        (punteggi(3, rilevanza=4), True),  # above (3.10)
        (punteggi(3, rilevanza=2), False),  # below (2.90)
    ],
    ids=["alla-soglia", "sopra", "sotto"],
)
def test_validated_when_the_average_reaches_the_threshold(pratica, redattore, voti, attesa):
    imposta_soglia("3.00")

    valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=voti)

    assert validata(pratica) is attesa
    assert pratica.validata is attesa


def test_the_practice_average_is_over_all_evaluations(pratica, redattore):
    imposta_soglia("3.00")
    valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=punteggi(4))
    assert validata(pratica)

    valuta_pratica(pratica=pratica, valutatore=RedattoreFactory(), punteggi=punteggi(1))  # mean 2.50

    assert not validata(pratica)


def test_evaluating_again_updates_the_same_evaluation(pratica, redattore):
    valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=punteggi(2))
    valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=punteggi(4), note={"etica": "Consenso informato."})

    valutazione = ValutazionePratica.objects.get()
    assert valutazione.media == Decimal("4.00")
    assert valutazione.punteggi.get(criterio="etica").nota == "Consenso informato."
    assert valutazione.punteggi.count() == len(Criterio)


def test_validation_does_not_create_a_page_revision(pratica, redattore):
    revisioni = Revision.objects.count()

    valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=punteggi(4))

    assert Revision.objects.count() == revisioni
    assert validata(pratica)


def test_publishing_a_new_revision_keeps_the_badge(pratica, redattore):
    valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=punteggi(4))
    pagina = BuonaPraticaPage.objects.get(pk=pratica.pk).get_latest_revision_as_object()
    pagina.title = "Titolo rivisto"

    pagina.save_revision(user=redattore).publish()

    pratica.refresh_from_db()
    assert pratica.title == "Titolo rivisto"
    assert pratica.validata


def test_changing_the_threshold_recomputes_every_practice(indice, redattore):
    imposta_soglia("3.00")
    alta = BuonaPraticaPageFactory(parent=indice)
    media = BuonaPraticaPageFactory(parent=indice)
    valuta_pratica(pratica=alta, valutatore=redattore, punteggi=punteggi(4))  # 4.00
    valuta_pratica(pratica=media, valutatore=redattore, punteggi=punteggi(3, rilevanza=4))  # 3.10
    assert validata(alta) and validata(media)

    imposta_soglia("3.50")
    assert validata(alta) and not validata(media)

    imposta_soglia("2.00")
    assert validata(alta) and validata(media)


def test_recomputing_takes_two_updates_whatever_the_number_of_practices(indice, redattore, django_assert_num_queries):
    for _i in range(3):
        valuta_pratica(pratica=BuonaPraticaPageFactory(parent=indice), valutatore=redattore, punteggi=punteggi(4))

    with django_assert_num_queries(5):  # savepoint, the evaluations, two updates, release
        assert ricalcola_validazioni(soglia="3.00") == 3


def test_deleting_the_only_evaluation_removes_the_badge(pratica, redattore):
    valutazione = valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=punteggi(4))

    valutazione.delete()

    assert not validata(pratica)


@pytest.mark.parametrize(
    ("voti", "messaggio"),
    [
        (punteggi(3, rilevanza=0), "Il punteggio per «Rilevanza» deve essere un numero intero da 1 a 4."),
        (punteggi(3, equita=5), "Il punteggio per «Equità» deve essere un numero intero da 1 a 4."),
        (punteggi(3, etica="3.5"), "Il punteggio per «Aspetti etici» deve essere un numero intero da 1 a 4."),
        (
            {k: v for k, v in punteggi(3).items() if k != "partecipazione"},
            "Manca il punteggio per «Partecipazione».",
        ),
    ],
    ids=["zero", "cinque", "decimale", "criterio-mancante"],
)
def test_invalid_scores_are_refused_with_a_clear_message(pratica, redattore, voti, messaggio):
    with pytest.raises(ValidationError) as errore:
        valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=voti)

    assert messaggio in [m for messaggi in errore.value.message_dict.values() for m in messaggi]
    assert not ValutazionePratica.objects.exists()


def test_an_operatore_cannot_evaluate(pratica, autore):
    with pytest.raises(PermissionDenied):
        valuta_pratica(pratica=pratica, valutatore=autore, punteggi=punteggi(4))

    assert not ValutazionePratica.objects.exists()


# --- The admin form ------------------------------------------------------------------------------


def dati_form(voti, **extra):
    dati = {f"punteggio_{criterio}": valore for criterio, valore in voti.items()}
    dati.update({f"nota_{criterio}": "" for criterio in Criterio.values})
    dati["nota_generale"] = ""
    dati.update(extra)
    return dati


def test_a_redattore_evaluates_in_the_admin(client, pratica, redattore):
    client.force_login(redattore)
    url = reverse("buonepratiche_valuta_pratica", args=[pratica.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, dati_form(punteggi(4), nota_rilevanza="Bisogno documentato.", nota_generale="Ottima."))

    assert response.status_code == 302
    valutazione = ValutazionePratica.objects.get()
    assert valutazione.valutatore == redattore
    assert valutazione.nota_generale == "Ottima."
    assert valutazione.punteggi.get(criterio="rilevanza").nota == "Bisogno documentato."
    assert validata(pratica)


def test_the_admin_form_shows_each_wrong_score_next_to_its_criterion(client, pratica, redattore):
    client.force_login(redattore)
    dati = dati_form(punteggi(3, rilevanza=5))
    del dati["punteggio_partecipazione"]

    response = client.post(reverse("buonepratiche_valuta_pratica", args=[pratica.pk]), dati)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Il punteggio per «Rilevanza» deve essere un numero intero da 1 a 4." in html
    assert "Manca il punteggio per «Partecipazione»." in html
    assert not ValutazionePratica.objects.exists()


def test_the_evaluations_listing_add_chooses_the_practice(client, pratica, redattore):
    client.force_login(redattore)
    url = reverse("wagtailsnippets_buonepratiche_valutazionepratica:add")

    response = client.post(url, dati_form(punteggi(2), pratica=pratica.pk))

    assert response.status_code == 302
    assert ValutazionePratica.objects.get().pratica_id == pratica.pk
    lista = client.get(reverse("wagtailsnippets_buonepratiche_valutazionepratica:list"))
    assert pratica.title in lista.content.decode()


def test_the_page_header_has_a_valuta_button_for_editors(client, pratica, redattore):
    client.force_login(redattore)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[pratica.pk])).content.decode()

    assert reverse("buonepratiche_valuta_pratica", args=[pratica.pk]) in html


# --- What the practice page shows -----------------------------------------------------------------


def test_the_author_sees_the_evaluation(pratica, autore, redattore):
    valuta_pratica(
        pratica=pratica,
        valutatore=redattore,
        punteggi=punteggi(3, trasferibilita=4),
        note={"trasferibilita": "Replicabile in zone piccole."},
        nota_generale="Documentazione chiara.",
    )

    html = rendi_include("valutazione", pratica, autore)

    assert "Valutazione della pratica" in html
    assert "Trasferibilità" in html
    assert "Replicabile in zone piccole." in html
    assert "Documentazione chiara." in html
    assert "3,10" in html


@pytest.mark.parametrize("chi", ["anonimo", "altro operatore"])
def test_a_visitor_does_not_see_the_evaluation(pratica, redattore, chi):
    valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=punteggi(4), nota_generale="Riservata.")
    user = OperatoreFactory() if chi == "altro operatore" else None

    html = rendi_include("valutazione", pratica, user)

    assert "Riservata." not in html
    assert "Valutazione della pratica" not in html


def test_the_author_of_a_practice_not_yet_evaluated_is_told_so(pratica, autore):
    assert "non è stata ancora valutata" in rendi_include("valutazione", pratica, autore)


def test_changing_the_threshold_in_the_admin_settings_recomputes(client, pratica, redattore):
    imposta_soglia("3.00")
    valuta_pratica(pratica=pratica, valutatore=redattore, punteggi=punteggi(3, rilevanza=4))  # 3.10
    assert validata(pratica)
    client.force_login(redattore)
    url = reverse(
        "wagtailsettings:edit", args=["buonepratiche", "impostazionibuonepratiche", ImpostazioniBuonePratiche.load().pk]
    )

    response = client.post(url, {"soglia_validazione": "3.5"})

    assert response.status_code == 302
    assert ImpostazioniBuonePratiche.load().soglia_validazione == Decimal("3.5")
    assert not validata(pratica)
