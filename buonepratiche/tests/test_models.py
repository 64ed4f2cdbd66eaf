import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from buonepratiche.models import BuonaPraticaPage, Metodologia
from buonepratiche.tests.factories import (
    AdozioneFactory,
    BuonaPraticaPageFactory,
    BuonePraticheIndexPageFactory,
    vocabolario,
)
from cop.tests.factories import ZonaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


def test_factory_builds_a_published_practice_with_its_relations(indice):
    zona = ZonaFactory()
    pratica = BuonaPraticaPageFactory(
        parent=indice,
        zone=[zona],
        metodologie=[vocabolario(Metodologia, "budget-di-salute")],
        tags=["casa", "lavoro"],
        indicatori=[{"valore": "616", "descrizione": "progetti finanziati"}],
    )
    pratica = BuonaPraticaPage.objects.get(pk=pratica.pk)
    assert pratica.live
    assert list(pratica.zone.all()) == [zona]
    assert pratica.temi.count() == 1
    assert [m.slug for m in pratica.metodologie.all()] == ["budget-di-salute"]
    assert sorted(t.name for t in pratica.tags.all()) == ["casa", "lavoro"]
    assert pratica.soggetti.get().ruolo == "promotore"
    assert pratica.indicatori.get().valore == "616"


def test_end_before_start_is_refused_by_clean(indice):
    pratica = BuonaPraticaPageFactory(parent=indice)
    pratica.data_inizio = datetime.date(2023, 5, 1)
    pratica.data_fine = datetime.date(2023, 4, 30)
    with pytest.raises(ValidationError) as errore:
        pratica.full_clean()
    assert "data_fine" in errore.value.message_dict


def test_end_before_start_is_refused_by_the_database(indice):
    pratica = BuonaPraticaPageFactory(parent=indice)
    with pytest.raises(IntegrityError), transaction.atomic():
        BuonaPraticaPage.objects.filter(pk=pratica.pk).update(
            data_inizio=datetime.date(2023, 5, 1), data_fine=datetime.date(2023, 4, 30)
        )


def test_same_day_start_and_end_is_valid(indice):
    pratica = BuonaPraticaPageFactory(parent=indice)
    pratica.data_inizio = pratica.data_fine = datetime.date(2023, 5, 1)
    pratica.full_clean()


def test_year_is_the_start_year(indice):
    assert BuonaPraticaPageFactory(parent=indice, data_inizio=datetime.date(2019, 9, 1)).anno == 2019


def test_for_listing_counts_adoptions(indice):
    pratica = BuonaPraticaPageFactory(parent=indice)
    AdozioneFactory(pratica=pratica)
    AdozioneFactory(pratica=pratica)
    assert BuonaPraticaPage.objects.per_elenco().get(pk=pratica.pk).numero_adozioni == 2


def test_index_factory_reuses_the_single_index(home_page, indice):
    assert BuonePraticheIndexPageFactory(parent=home_page).pk == indice.pk
