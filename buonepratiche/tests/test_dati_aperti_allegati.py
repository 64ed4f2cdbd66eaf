"""Attachments cross instances: the export carries their URLs, the import downloads them over HTTP
from the exporting instance (here pytest-django's live server)."""

import json
from urllib.request import urlopen

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from buonepratiche.models import Allegato, BuonaPraticaPage
from buonepratiche.services.dati_aperti import EsitoImportazione, _scarica_allegati, scarica_url
from buonepratiche.tests.factories import (
    AllegatoFactory,
    BuonaPraticaPageFactory,
    BuonePraticheIndexPageFactory,
    DocumentoFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CONTENUTO = b"%PDF-1.4\n% Accordo operativo Unione Reno Galliera - TS - OO.SS.\n"


def _senza_url(dati):
    for pratica in dati["pratiche"]:
        pratica.pop("url")
        for allegato in pratica["allegati"]:
            allegato.pop("url")
    return dati


def test_import_downloads_the_attachments_from_the_exporting_instance(live_server, home_page, tmp_path):
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    pratica = BuonaPraticaPageFactory(parent=indice, title="Accordo operativo contro la povertà")
    documento = DocumentoFactory(title="Testo dell'accordo", file=ContentFile(CONTENUTO, name="accordo.pdf"))
    AllegatoFactory(pratica=pratica, documento=documento, titolo="Testo dell'accordo")
    esporta = f"{live_server.url}{indice.url}esporta/json/"
    with urlopen(esporta, timeout=30) as risposta:  # noqa: S310 - the test's own live server
        prima = json.loads(risposta.read())
    file = tmp_path / "pratiche.json"
    file.write_text(json.dumps(prima), encoding="utf-8")

    BuonaPraticaPage.objects.child_of(indice).delete()  # "another instance": the practice is gone here
    call_command("importa_pratiche", str(file))

    importata = BuonaPraticaPage.objects.get(slug=pratica.slug)
    allegato = Allegato.objects.select_related("documento").get(pratica=importata)
    assert allegato.documento.pk != documento.pk
    with allegato.documento.file.open("rb") as f:
        assert f.read() == CONTENUTO
    # the attachment is part of the published revision, so a later publish keeps it
    assert [a.titolo for a in importata.get_latest_revision_as_object().allegati.all()] == ["Testo dell'accordo"]
    with urlopen(esporta, timeout=30) as risposta:  # noqa: S310
        dopo = json.loads(risposta.read())
    assert _senza_url(dopo) == _senza_url(prima)


def test_attachments_that_cannot_be_downloaded_are_reported_and_the_rest_imported(home_page):
    pratica = BuonaPraticaPage(title="Senza allegato", slug="senza-allegato")
    esito = EsitoImportazione()

    nuovi = _scarica_allegati(
        pratica=pratica,
        allegati=[
            {"titolo": "Relazione finale", "url": "http://127.0.0.1:9/relazione.pdf"},  # nothing listens there
            {"titolo": "File locale", "url": "file:///etc/passwd"},  # only http(s) from the other instance
        ],
        scarica=scarica_url,
        esito=esito,
    )

    assert nuovi == []
    assert esito.allegati_copiati == 0
    assert [voce.split(" (")[0] for voce in esito.allegati_non_copiati] == ["Relazione finale", "File locale"]
    assert "indirizzo non valido" in esito.allegati_non_copiati[1]
