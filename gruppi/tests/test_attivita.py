"""A group's recent activity on its page: one stream of its new topics, meetings and documents, newest
first, each kind shown only to who may see it (a group's files never to the public, a closed group's
content never outside it), in a fixed number of queries."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from cop.tests.factories import OperatoreFactory, ZonaFactory
from forum import services as forum
from forum.models import Discussione
from gruppi.models import Appartenenza, DocumentoGruppo, Gruppo, Incontro, VersioneDocumento
from gruppi.services import assicura_discussioni

from .aiuti import gruppo_con_persone

pytestmark = pytest.mark.django_db


@pytest.fixture
def zona():
    return ZonaFactory(slug="zona-dell-attivita", nome="Zona dell'attività")


def con_attivita(accesso, zona):
    """A group with, from the oldest: a meeting with its minutes (3 days ago), a topic (2 days ago), a
    document in two versions (the second yesterday)."""
    gruppo, persone = gruppo_con_persone(accesso, zona)
    assicura_discussioni(gruppo=gruppo)
    adesso = timezone.now()
    incontro = Incontro.objects.create(
        gruppo=gruppo, titolo="Primo incontro del tavolo", inizio=adesso - timedelta(days=3), verbale="Presenti 9 enti."
    )
    Incontro.objects.filter(pk=incontro.pk).update(aggiornato_il=adesso - timedelta(days=3))
    discussione = forum.crea_discussione(
        categoria=gruppo.categoria, user=persone["membro"], titolo="Chi raccoglie le schede?", testo="Propongo io."
    )
    Discussione.objects.filter(pk=discussione.pk).update(creata_il=adesso - timedelta(days=2))
    documento = DocumentoGruppo.objects.create(
        gruppo=gruppo,
        titolo="Mappa dei servizi",
        creato_il=adesso - timedelta(days=5),
        aggiornato_il=adesso - timedelta(days=1),
    )
    for numero in (1, 2):
        VersioneDocumento.objects.create(
            documento=documento, numero=numero, file=f"mappa-v{numero}.pdf", nome_file="mappa.pdf", dimensione=10
        )
    return gruppo, persone


def voci(client, gruppo):
    pagina = BeautifulSoup(client.get(gruppo.get_absolute_url()).content, "html.parser")
    sezione = pagina.select_one("#attivita")
    return [" ".join(li.get_text(" ", strip=True).split()) for li in sezione.select("li")] if sezione else None


def test_members_see_the_groups_activity_newest_first(client, zona):
    gruppo, persone = con_attivita(Gruppo.Accesso.SU_RICHIESTA, zona)
    client.force_login(persone["membro"])

    righe = voci(client, gruppo)

    assert len(righe) == 3
    assert righe[0].startswith("Mappa dei servizi · Nuova versione")
    assert righe[1].startswith("Chi raccoglie le schede? · Nuova discussione")
    assert righe[2].startswith("Primo incontro del tavolo · Incontro del")
    assert "con il verbale" in righe[2]


@pytest.mark.parametrize("chi", ["anonimo", "operatore fuori dal gruppo"])
def test_an_open_groups_activity_is_public_but_its_documents_are_not(client, zona, chi):
    gruppo, _persone = con_attivita(Gruppo.Accesso.APERTO, zona)
    if chi != "anonimo":
        client.force_login(OperatoreFactory())

    righe = voci(client, gruppo)

    assert [riga.split(" · ")[0] for riga in righe] == ["Chi raccoglie le schede?", "Primo incontro del tavolo"]


@pytest.mark.parametrize("chi", ["anonimo", "operatore fuori dal gruppo", "chi ha chiesto di entrare"])
def test_a_closed_groups_activity_is_not_shown_outside_it(client, zona, chi):
    gruppo, _persone = con_attivita(Gruppo.Accesso.SU_RICHIESTA, zona)
    if chi != "anonimo":
        user = OperatoreFactory()
        if chi == "chi ha chiesto di entrare":
            Appartenenza.objects.create(gruppo=gruppo, user=user, stato=Appartenenza.Stato.RICHIESTA)
        client.force_login(user)

    assert voci(client, gruppo) is None
    pagina = client.get(gruppo.get_absolute_url()).content.decode()
    assert "Chi raccoglie le schede?" not in pagina and "Mappa dei servizi" not in pagina


def test_a_new_document_is_told_as_new_and_a_hidden_topic_not_at_all(client, zona):
    gruppo, persone = con_attivita(Gruppo.Accesso.APERTO, zona)
    VersioneDocumento.objects.filter(numero=2).delete()
    discussione = Discussione.objects.get(categoria=gruppo.categoria)
    forum.nascondi_messaggio(
        messaggio=discussione.messaggi.get(), moderatore=persone["coordinatore"], motivo="Dati personali"
    )
    client.force_login(persone["membro"])

    righe = voci(client, gruppo)

    assert righe[0].startswith("Mappa dei servizi · Nuovo documento")
    assert not any("Chi raccoglie" in riga for riga in righe)


def test_the_activity_shows_the_latest_eight_in_the_same_queries_for_any_number(
    client, zona, django_assert_max_num_queries
):
    gruppo, persone = con_attivita(Gruppo.Accesso.APERTO, zona)
    client.force_login(persone["coordinatore"])
    contate = []
    for quanti in (2, 20):
        for i in range(quanti):
            Incontro.objects.create(gruppo=gruppo, titolo=f"Incontro {quanti}-{i}", inizio=timezone.now())
            DocumentoGruppo.objects.create(gruppo=gruppo, titolo=f"Documento {quanti}-{i}")
        voci(client, gruppo)  # the site's settings and menus, cached from the first page on
        with django_assert_max_num_queries(24) as query:  # with the bell's unread count
            righe = voci(client, gruppo)
        contate.append(len(query))
        assert len(righe) == (7 if quanti == 2 else 8)  # the first three, then 4 new; then the latest 8
    assert contate[0] == contate[1]
