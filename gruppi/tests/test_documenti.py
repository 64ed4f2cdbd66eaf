"""A group's files: uploaded with the checks of practice attachments, kept in every version, stored
outside the public media and served only to the group's members."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from buonepratiche.tests.aiuti_proposte import EXE, PDF
from cop.tests.factories import OperatoreFactory, ProfiloFactory, RedattoreFactory, ReferenteFactory, ZonaFactory
from gruppi.models import Appartenenza, DocumentoGruppo, Gruppo, VersioneDocumento
from gruppi.tests.aiuti import gruppo_con_persone

pytestmark = pytest.mark.django_db


@pytest.fixture
def zona():
    return ZonaFactory(slug="zona-dei-documenti", nome="Zona dei documenti")


def pdf(nome="verbale.pdf", testo=b""):
    return SimpleUploadedFile(nome, PDF + testo, content_type="application/pdf")


def carica(client, gruppo, file, titolo="Verbale di marzo", documento=None):
    if documento is None:
        return client.post(reverse("gruppi:carica", args=[gruppo.slug]), {"titolo": titolo, "file": file})
    return client.post(reverse("gruppi:carica_versione", args=[gruppo.slug, documento.pk]), {"file": file})


def test_a_member_uploads_a_document_and_a_new_version_keeps_the_old_one(client, zona):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    client.force_login(dentro["membro"])

    assert carica(client, gruppo, pdf())["Location"] == reverse("gruppi:documenti", args=[gruppo.slug])
    documento = DocumentoGruppo.objects.get()
    carica(client, gruppo, pdf("verbale-corretto.pdf", b"% seconda"), documento=documento)

    assert [(v.numero, v.nome_file) for v in documento.versioni.all()] == [
        (2, "verbale-corretto.pdf"),
        (1, "verbale.pdf"),
    ]
    prima = client.get(reverse("gruppi:scarica", args=[gruppo.slug, documento.pk, 1]))
    assert b"".join(prima.streaming_content) == PDF
    assert prima["Content-Disposition"].startswith("attachment")
    assert prima["X-Content-Type-Options"] == "nosniff"
    seconda = client.get(reverse("gruppi:scarica", args=[gruppo.slug, documento.pk, 2]))
    assert b"".join(seconda.streaming_content) == PDF + b"% seconda"


def test_files_are_stored_outside_the_public_media(client, zona):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    client.force_login(dentro["membro"])
    carica(client, gruppo, pdf())

    percorso = Path(VersioneDocumento.objects.get().file.path)

    assert percorso.exists()
    assert Path(settings.MEDIA_ROOT) not in percorso.parents


def test_a_file_that_is_not_an_accepted_document_is_refused_and_named(client, zona):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    client.force_login(dentro["membro"])

    risposta = carica(client, gruppo, SimpleUploadedFile("programma.pdf", EXE, content_type="application/pdf"))

    assert risposta.status_code == 400
    assert "Il file «programma.pdf» non è un vero documento PDF" in risposta.content.decode()
    assert 'value="Verbale di marzo"' in risposta.content.decode()  # the title typed stays
    assert not DocumentoGruppo.objects.exists()


def test_a_document_needs_a_title(client, zona):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    client.force_login(dentro["membro"])

    risposta = carica(client, gruppo, pdf(), titolo="  ")

    assert risposta.status_code == 400
    assert "Scrivi un titolo per il documento." in risposta.content.decode()
    assert not VersioneDocumento.objects.exists()


def referente_della(zona):
    user = ReferenteFactory()
    ProfiloFactory(user=user, zona=zona, zona_confermata=zona)
    return user


@pytest.mark.parametrize("accesso", [Gruppo.Accesso.APERTO, Gruppo.Accesso.SU_RICHIESTA, Gruppo.Accesso.RISERVATO])
@pytest.mark.parametrize(
    "chi", ["anonimo", "operatore", "membro di un altro gruppo", "membro", "coordinatore", "referente", "redattore"]
)
def test_files_of_a_group_reach_its_members_and_who_manages_it_only(client, zona, accesso, chi):
    gruppo, dentro = gruppo_con_persone(accesso, zona)
    client.force_login(dentro["coordinatore"])
    carica(client, gruppo, pdf())
    documento = DocumentoGruppo.objects.get()
    client.logout()
    user = {
        "anonimo": lambda: None,
        "operatore": OperatoreFactory,
        "membro di un altro gruppo": lambda: (
            Appartenenza.objects.create(
                gruppo=Gruppo.objects.create(nome="Altro", descrizione="Altro.", accesso=accesso),
                user=OperatoreFactory(),
            ).user
        ),
        "membro": lambda: dentro["membro"],
        "coordinatore": lambda: dentro["coordinatore"],
        "referente": lambda: referente_della(zona),
        "redattore": RedattoreFactory,
    }[chi]()
    if user is not None:
        client.force_login(user)

    elenco = client.get(reverse("gruppi:documenti", args=[gruppo.slug]))
    file = client.get(reverse("gruppi:scarica", args=[gruppo.slug, documento.pk, 1]))
    caricato = carica(client, gruppo, pdf("intruso.pdf"), titolo="Intruso")

    if chi in {"membro", "coordinatore", "referente", "redattore"}:
        assert elenco.status_code == file.status_code == 200
        assert caricato.status_code == 302
    else:
        atteso = 302 if chi == "anonimo" else (404 if accesso == Gruppo.Accesso.RISERVATO else 403)
        assert elenco.status_code == file.status_code == caricato.status_code == atteso
        assert not DocumentoGruppo.objects.filter(titolo="Intruso").exists()


def test_the_documents_page_queries_do_not_grow_with_documents_and_versions(
    client, django_assert_max_num_queries, zona
):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.RISERVATO, zona)
    client.force_login(dentro["membro"])
    numeri = []
    for n in (2, 12):
        for i in range(n):
            documento = DocumentoGruppo.objects.create(gruppo=gruppo, titolo=f"Documento {n}-{i}")
            for numero in (1, 2):
                VersioneDocumento.objects.create(
                    documento=documento,
                    numero=numero,
                    file=f"finto/{n}-{i}-{numero}.pdf",
                    nome_file="x.pdf",
                    dimensione=9,
                )
        client.get(reverse("gruppi:documenti", args=[gruppo.slug]))
        with django_assert_max_num_queries(15) as contate:  # with the bell's unread count
            assert client.get(reverse("gruppi:documenti", args=[gruppo.slug])).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1]
