"""«Salva» and «Pratiche salvate»: who may save what, the list, and what a saved practice tells."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from buonepratiche.models import PraticaSalvata
from buonepratiche.services import valutazioni
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import OperatoreFactory, RedattoreFactory, ReferenteFactory
from notifiche.models import Notifica
from notifiche.tipi import Tipo

pytestmark = pytest.mark.django_db

RUOLI = {"operatore": OperatoreFactory, "referente": ReferenteFactory, "redattore": RedattoreFactory}


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


@pytest.fixture
def pratica(indice):
    return BuonaPraticaPageFactory(parent=indice, title="Budget di salute")


def _salva(client, pratica, **dati):
    return client.post(reverse("buonepratiche:salva", kwargs={"pratica_id": pratica.pk}), dati)


def test_a_visitor_is_asked_to_log_in_and_nothing_is_saved(client, pratica):
    pagina = client.get(pratica.url).content.decode()
    assert "Accedi per salvare" in pagina
    risposta = _salva(client, pratica)
    assert risposta.status_code == 302 and risposta.url.startswith(reverse("account_login"))
    assert client.get(reverse("buonepratiche:salvate")).status_code == 302
    assert not PraticaSalvata.objects.exists()


@pytest.mark.parametrize("ruolo", RUOLI)
def test_every_member_saves_finds_and_removes_a_practice(client, pratica, ruolo):
    user = RUOLI[ruolo](username=f"chi-salva-{ruolo}")
    client.force_login(user)
    assert 'aria-pressed="false"' in client.get(pratica.url).content.decode()
    risposta = _salva(client, pratica, torna=pratica.url)
    assert risposta.status_code == 302 and risposta.url == pratica.url
    _salva(client, pratica)  # twice: still one
    assert PraticaSalvata.objects.filter(user=user, pratica=pratica).count() == 1
    assert 'aria-pressed="true"' in client.get(pratica.url).content.decode()
    elenco = client.get(reverse("buonepratiche:salvate")).content.decode()
    assert "Budget di salute" in elenco
    _salva(client, pratica, azione="rimuovi")
    assert not PraticaSalvata.objects.exists()
    assert "Non hai ancora salvato pratiche" in client.get(reverse("buonepratiche:salvate")).content.decode()


def test_a_list_shows_only_ones_own_saved_practices(client, pratica, indice):
    altra = BuonaPraticaPageFactory(parent=indice, title="Emporio solidale")
    prima, seconda = OperatoreFactory(username="prima"), OperatoreFactory(username="seconda")
    PraticaSalvata.objects.create(user=prima, pratica=pratica)
    PraticaSalvata.objects.create(user=seconda, pratica=altra)
    client.force_login(seconda)
    elenco = client.get(reverse("buonepratiche:salvate")).content.decode()
    assert "Emporio solidale" in elenco and "Budget di salute" not in elenco
    # Removing someone else's saved practice from one's own list removes nothing of theirs.
    _salva(client, pratica, azione="rimuovi")
    assert PraticaSalvata.objects.filter(user=prima).exists()


def test_a_draft_or_a_restricted_practice_cannot_be_saved(client, indice):
    bozza = BuonaPraticaPageFactory(parent=indice, live=False, title="Ancora in bozza")
    riservata = BuonaPraticaPageFactory(parent=indice, title="Solo per pochi")
    PageViewRestriction.objects.create(page=riservata, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(OperatoreFactory())
    assert _salva(client, bozza).status_code == 404
    assert _salva(client, riservata).status_code == 404
    assert client.post(reverse("buonepratiche:salva", kwargs={"pratica_id": 999999})).status_code == 404
    assert not PraticaSalvata.objects.exists()


def test_a_saved_practice_withdrawn_later_is_listed_apart_and_can_be_removed(client, pratica):
    user = OperatoreFactory()
    PraticaSalvata.objects.create(user=user, pratica=pratica)
    pratica.unpublish()
    client.force_login(user)
    elenco = client.get(reverse("buonepratiche:salvate")).content.decode()
    assert "Non più disponibili" in elenco and "Budget di salute" in elenco
    assert f'href="{pratica.url}"' not in elenco
    _salva(client, pratica, azione="rimuovi")
    assert not PraticaSalvata.objects.exists()


def test_a_new_version_and_the_validation_tell_who_saved_it(pratica):
    lettrice = OperatoreFactory(username="lettrice")
    PraticaSalvata.objects.create(user=lettrice, pratica=pratica)
    pratica.abstract = "Una versione aggiornata."
    pratica.save_revision().publish()
    [aggiornata] = Notifica.objects.filter(user=lettrice)
    assert aggiornata.tipo == Tipo.SALVATA and "nuova versione" in aggiornata.titolo
    valutatore = RedattoreFactory()
    from decimal import Decimal

    from buonepratiche.models import ValutazionePratica

    ValutazionePratica.objects.create(pratica=pratica, valutatore=valutatore, media=Decimal("3.80"))
    valutazioni.aggiorna_validata(pratica=pratica, soglia=3)
    valutazioni.aggiorna_validata(pratica=pratica, soglia=3)  # already validated: not told again
    assert Notifica.objects.filter(user=lettrice, titolo__contains="validata").count() == 1


def test_the_saved_list_queries_do_not_grow_with_the_practices(client, indice, django_assert_max_num_queries):
    user = OperatoreFactory()
    for _i in range(2):
        PraticaSalvata.objects.create(user=user, pratica=BuonaPraticaPageFactory(parent=indice))
    client.force_login(user)
    client.get(reverse("buonepratiche:salvate"))
    with django_assert_max_num_queries(13) as poche:
        client.get(reverse("buonepratiche:salvate"))
    fisse = len(poche.captured_queries)  # now: the connection keeps a bounded log
    for _i in range(18):
        PraticaSalvata.objects.create(user=user, pratica=BuonaPraticaPageFactory(parent=indice))
    client.get(reverse("buonepratiche:salvate"))  # new pages moved the site's caches on: filled again
    with django_assert_max_num_queries(fisse):
        client.get(reverse("buonepratiche:salvate"))
