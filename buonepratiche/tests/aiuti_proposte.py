"""Fixtures and helpers of the proposal and review tests (test_proposta, test_workflow,
test_permissions_proposta, and the browser tests in tests/)."""

import io
import zipfile

import pytest
from django.urls import reverse

from buonepratiche.services import proposte as servizi
from buonepratiche.tests.factories import BuonePraticheIndexPageFactory
from cop.tests.factories import (
    OperatoreFactory,
    ProfiloFactory,
    RedattoreFactory,
    ReferenteFactory,
    TemaFactory,
    ZonaFactory,
)

# The fixtures, for `from buonepratiche.tests.aiuti_proposte import *` in the test modules.
__all__ = ["altra_zona", "indice", "operatore", "redattore", "referente", "referente_altra_zona", "tema", "zona"]


def con_zona(factory, zona, **kwargs):
    """A user of `factory` whose profile is in `zona`."""
    user = factory(**kwargs)
    ProfiloFactory(user=user, zona=zona)
    return user


@pytest.fixture
def zona(db):
    return ZonaFactory(nome="Zona Pisana", slug="pisana")


@pytest.fixture
def altra_zona(db):
    return ZonaFactory(nome="Zona Senese", slug="senese")


@pytest.fixture
def tema(db):
    return TemaFactory(nome="Povertà", slug="poverta")


@pytest.fixture
def indice(home_page):
    return BuonePraticheIndexPageFactory(parent=home_page)


@pytest.fixture
def operatore(zona):
    return con_zona(OperatoreFactory, zona)


@pytest.fixture
def referente(zona):
    return con_zona(ReferenteFactory, zona)


@pytest.fixture
def referente_altra_zona(altra_zona):
    return con_zona(ReferenteFactory, altra_zona)


@pytest.fixture
def redattore(db):
    return RedattoreFactory()


DATI_PASSO_1 = {"title": "Budget di Salute a Pisa", "abstract": "Progetti personalizzati con il Terzo Settore."}


def bozza(user, indice, zona, tema, **dati):
    """A draft with step 1 saved (through the service, as the form does)."""
    return servizi.crea_proposta(
        user=user, indice=indice, dati={**DATI_PASSO_1, "zone": [zona], "temi": [tema], "destinatari": [], **dati}
    )


def completa(pratica, user):
    """Fill in what «Invia» needs (steps 2 and 3)."""
    servizi.salva_passo(
        pratica=pratica,
        user=user,
        dati={
            "obiettivi": "<p>Autonomia abitativa e lavorativa.</p>",
            "azioni": "<p>Co-progettazione con gli enti del Terzo Settore.</p>",
            "soggetti": [{"nome": "Società della Salute Pisana", "tipo": "sds", "ruolo": "promotore"}],
        },
    )
    return pratica


def proposta_inviata(user, indice, zona, tema):
    pratica = completa(bozza(user, indice, zona, tema), user)
    servizi.invia_proposta(pratica=pratica, user=user)
    pratica.refresh_from_db()
    return pratica


def azione_admin(client, user, pratica, azione, commento=""):
    """A reviewer's action on the current task, as the Wagtail admin posts it."""
    client.force_login(user)
    task_state = pratica.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[pratica.pk, azione, task_state.pk])
    return client.post(url, {"comment": commento})


# --- Real files, built in memory -----------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def odf(mimetype="application/vnd.oasis.opendocument.text"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archivio:
        archivio.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored first and uncompressed, as ODF wants
        archivio.writestr("content.xml", "<office:document-content/>")
        archivio.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buffer.getvalue()


def ooxml(parte="word/document.xml", tipo="wordprocessingml.document.main+xml"):
    buffer = io.BytesIO()
    tipi = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/{parte}" ContentType="application/vnd.openxmlformats-officedocument.{tipo}"/></Types>'
    )
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archivio:
        archivio.writestr("[Content_Types].xml", tipi)
        archivio.writestr(parte, "<document/>")
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
