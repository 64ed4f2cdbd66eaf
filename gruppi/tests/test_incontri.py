"""The meetings of a group: the sequence on one page, each with its agenda, minutes, decisions and the
needs that emerged; read as the group's content, written by who manages the group."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from buonepratiche.models import Destinatario
from cop.models import Tema
from cop.tests.factories import (
    OperatoreFactory,
    OrganizzazioneFactory,
    ProfiloFactory,
    RedattoreFactory,
    ReferenteFactory,
    ZonaFactory,
)
from gruppi.models import BisognoEmerso, Gruppo, Incontro
from gruppi.tests.aiuti import gruppo_con_persone

pytestmark = pytest.mark.django_db


@pytest.fixture
def zona():
    return ZonaFactory(slug="zona-degli-incontri", nome="Zona degli incontri")


def incontro(gruppo, titolo="Primo incontro", giorni=-7, **campi):
    return Incontro.objects.create(
        gruppo=gruppo, titolo=titolo, inizio=timezone.now() + timedelta(days=giorni), **campi
    )


def persona(chi, zona, dentro):
    if chi in dentro:
        return dentro[chi]
    if chi == "anonimo":
        return None
    if chi == "referente della zona":
        user = ReferenteFactory()
        ProfiloFactory(user=user, zona=zona, zona_confermata=zona)
        return user
    if chi == "redattore":
        return RedattoreFactory()
    return OperatoreFactory()


TUTTI = ["anonimo", "operatore", "membro", "coordinatore", "referente della zona", "redattore"]
DENTRO = {"membro", "coordinatore", "referente della zona", "redattore"}
GESTISCE = {"coordinatore", "referente della zona", "redattore"}


@pytest.mark.parametrize("accesso", list(Gruppo.Accesso))
@pytest.mark.parametrize("chi", TUTTI)
def test_who_reads_the_meetings_of_a_group(client, zona, accesso, chi):
    gruppo, dentro = gruppo_con_persone(accesso, zona)
    visto = incontro(gruppo, verbale="Verbale riservato al gruppo.")
    user = persona(chi, zona, dentro)
    if user is not None:
        client.force_login(user)

    elenco = client.get(reverse("gruppi:incontri", args=[gruppo.slug]))
    pagina = client.get(visto.get_absolute_url())

    if accesso == Gruppo.Accesso.APERTO or chi in DENTRO:
        assert elenco.status_code == pagina.status_code == 200
        assert "Verbale riservato al gruppo." in pagina.content.decode()
    else:
        # A reserved group does not exist outside it; a group on request exists, its content is for members.
        atteso = 404 if accesso == Gruppo.Accesso.RISERVATO else 403
        assert elenco.status_code == pagina.status_code == atteso
        assert "Verbale riservato al gruppo." not in pagina.content.decode()


@pytest.mark.parametrize("chi", TUTTI)
def test_who_writes_a_meeting(client, zona, chi):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.SU_RICHIESTA, zona)
    user = persona(chi, zona, dentro)
    if user is not None:
        client.force_login(user)
    dati = {"titolo": "Incontro di aprile", "inizio": "2026-04-03T15:00", "luogo": "online", "verbale": ""}

    risposta = client.post(reverse("gruppi:nuovo_incontro", args=[gruppo.slug]), dati)

    salvato = Incontro.objects.filter(gruppo=gruppo, titolo="Incontro di aprile").first()
    if chi in GESTISCE:
        assert risposta["Location"] == salvato.get_absolute_url()
        assert timezone.localtime(salvato.inizio).strftime("%d/%m/%Y %H:%M") == "03/04/2026 15:00"
    else:
        assert risposta.status_code == (302 if chi == "anonimo" else 403)
        assert salvato is None


def test_a_meeting_without_title_or_date_is_not_saved_and_what_was_typed_stays(client, zona):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    client.force_login(dentro["coordinatore"])

    risposta = client.post(
        reverse("gruppi:nuovo_incontro", args=[gruppo.slug]),
        {"titolo": "", "inizio": "domani", "verbale": "Appunti lunghi da non perdere."},
    )

    assert risposta.status_code == 400
    html = risposta.content.decode()
    assert "Controlla i campi evidenziati: l&#x27;incontro non è stato salvato." in html
    assert "Appunti lunghi da non perdere." in html
    assert not Incontro.objects.exists()


def test_minutes_are_markdown_and_nothing_typed_runs(client, zona):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    visto = incontro(gruppo, decisioni="- la coordinatrice raccoglie i dati\n- <script>alert(1)</script>")

    pagina = BeautifulSoup(client.get(visto.get_absolute_url()).content, "html.parser")

    voci = [li.get_text(" ", strip=True) for li in pagina.select("#titolo-decisioni ~ ul li")]
    assert voci[0] == "la coordinatrice raccoglie i dati"
    assert not pagina.select("main script")


def test_the_sequence_shows_the_next_meetings_first_then_the_past_ones_latest_first(client, zona):
    gruppo, _dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    for titolo, giorni in (("Marzo", -60), ("Maggio", 30), ("Aprile", -30), ("Giugno", 60)):
        incontro(gruppo, titolo, giorni)

    pagina = BeautifulSoup(client.get(reverse("gruppi:incontri", args=[gruppo.slug])).content, "html.parser")

    assert [a.get_text() for a in pagina.select("#elenco-incontri li > a")] == ["Maggio", "Giugno", "Aprile", "Marzo"]


def test_a_coordinator_records_a_need_traceable_to_meeting_group_and_organisation(client, zona):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    visto = incontro(gruppo)
    associazione = OrganizzazioneFactory(nome="Associazione Il Porto")
    tema = Tema.objects.get(slug="stranieri")
    destinatari = Destinatario.objects.get(slug="stranieri")
    client.force_login(dentro["coordinatore"])

    risposta = client.post(
        reverse("gruppi:nuovo_bisogno", args=[gruppo.slug, visto.pk]),
        {
            "titolo": "Orientamento per chi arriva",
            "descrizione": "Un primo orientamento nella propria lingua.",
            "tema": tema.pk,
            "destinatari": destinatari.pk,
            "organizzazione": associazione.pk,
        },
    )

    assert risposta["Location"] == f"{visto.get_absolute_url()}#bisogni"
    bisogno = BisognoEmerso.objects.get()
    assert (bisogno.incontro.gruppo, bisogno.organizzazione, bisogno.tema) == (gruppo, associazione, tema)
    html = client.get(visto.get_absolute_url()).content.decode()
    assert f'Sollevato da: <a href="{associazione.get_absolute_url()}">Associazione Il Porto</a>' in html
    # The sequence of meetings counts it.
    assert "1 bisogno emerso" in client.get(reverse("gruppi:incontri", args=[gruppo.slug])).content.decode()


def test_a_member_cannot_record_a_need_and_a_bad_one_is_refused_keeping_the_text(client, zona):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    visto = incontro(gruppo)
    url = reverse("gruppi:nuovo_bisogno", args=[gruppo.slug, visto.pk])

    client.force_login(dentro["membro"])
    assert client.post(url, {"titolo": "X", "descrizione": "Y"}).status_code == 403
    client.force_login(dentro["coordinatore"])
    risposta = client.post(url, {"titolo": "", "descrizione": "Descrizione da non perdere."})
    assert risposta.status_code == 400
    assert "Descrizione da non perdere." in risposta.content.decode()
    assert not BisognoEmerso.objects.exists()


def test_the_sequence_page_queries_do_not_grow_with_meetings_and_needs(client, django_assert_max_num_queries, zona):
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.SU_RICHIESTA, zona)
    client.force_login(dentro["membro"])
    numeri = []
    for n in (3, 30):
        for i in range(n):
            visto = incontro(gruppo, f"Incontro {n}-{i}", giorni=i - n // 2)
            BisognoEmerso.objects.create(incontro=visto, titolo="Bisogno", descrizione="D")
        client.get(reverse("gruppi:incontri", args=[gruppo.slug]))
        with django_assert_max_num_queries(14) as contate:  # with the bell's unread count
            assert client.get(reverse("gruppi:incontri", args=[gruppo.slug])).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1]


def test_the_sequence_goes_on_in_pages_of_fifty(client, zona):
    gruppo, _dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    for i in range(53):
        incontro(gruppo, f"Incontro {i:02d}", giorni=-1 - i)

    seconda = BeautifulSoup(
        client.get(reverse("gruppi:incontri", args=[gruppo.slug]), {"page": "2"}).content, "html.parser"
    )

    assert [a.get_text() for a in seconda.select("#elenco-incontri li > a")] == [
        "Incontro 50",
        "Incontro 51",
        "Incontro 52",
    ]
