"""A group's upcoming meeting for one's calendar (.ics): for who may read the group, as its page; a closed
group's meeting is marked private, and nothing of it reaches anyone outside."""

from datetime import UTC

import pytest
from django.urls import reverse
from icalendar import Calendar

from gruppi.models import Appartenenza, Gruppo

from .aiuti import gruppo_con_persone
from .test_incontri import DENTRO, TUTTI, incontro, persona, zona  # noqa: F401 (zona: the fixture)

pytestmark = pytest.mark.django_db


def _ics(gruppo, visto):
    return reverse("gruppi:incontro_ics", args=[gruppo.slug, visto.pk])


@pytest.mark.parametrize("accesso", list(Gruppo.Accesso))
@pytest.mark.parametrize("chi", TUTTI)
def test_who_takes_a_meeting_into_their_calendar(client, zona, accesso, chi):  # noqa: F811
    gruppo, dentro = gruppo_con_persone(accesso, zona)
    prossimo = incontro(
        gruppo, titolo="Tavolo di marzo", giorni=10, luogo="Sala del Consiglio, Fano", ordine_del_giorno="1. Mappa"
    )
    user = persona(chi, zona, dentro)
    if user is not None:
        client.force_login(user)

    risposta = client.get(_ics(gruppo, prossimo))

    if accesso == Gruppo.Accesso.APERTO or chi in DENTRO:
        assert risposta.status_code == 200
        assert risposta["Content-Type"] == "text/calendar; charset=utf-8"
        evento = Calendar.from_ical(risposta.content).walk("VEVENT")[0]
        assert str(evento["SUMMARY"]) == f"Tavolo di marzo · {gruppo.nome}"
        assert evento.decoded("DTSTART") == prossimo.inizio.astimezone(UTC).replace(microsecond=0)
        assert str(evento["LOCATION"]) == "Sala del Consiglio, Fano"
        assert "1. Mappa" in str(evento["DESCRIPTION"])
        assert str(evento["CLASS"]) == ("PUBLIC" if accesso == Gruppo.Accesso.APERTO else "PRIVATE")
        if accesso != Gruppo.Accesso.APERTO:
            assert risposta["Cache-Control"] == "private, no-store"
    else:
        assert risposta.status_code == (404 if accesso == Gruppo.Accesso.RISERVATO else 403)
        assert b"Tavolo di marzo" not in risposta.content


def test_the_page_offers_the_calendar_for_an_upcoming_meeting_only(client, zona):  # noqa: F811
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.SU_RICHIESTA, zona)
    prossimo = incontro(gruppo, titolo="Prossimo", giorni=3)
    passato = incontro(gruppo, titolo="Passato", giorni=-3)
    client.force_login(dentro["membro"])

    assert _ics(gruppo, prossimo) in client.get(prossimo.get_absolute_url()).content.decode()
    assert _ics(gruppo, passato) not in client.get(passato.get_absolute_url()).content.decode()


def test_who_leaves_the_group_loses_its_meetings_at_once(client, zona):  # noqa: F811
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.RISERVATO, zona)
    prossimo = incontro(gruppo, giorni=3)
    client.force_login(dentro["membro"])
    assert client.get(_ics(gruppo, prossimo)).status_code == 200

    Appartenenza.objects.filter(user=dentro["membro"]).delete()

    assert client.get(_ics(gruppo, prossimo)).status_code == 404


def test_a_meeting_of_another_group_is_not_reached_through_this_one(client, zona):  # noqa: F811
    gruppo, dentro = gruppo_con_persone(Gruppo.Accesso.APERTO, zona)
    altro, _dentro = gruppo_con_persone(Gruppo.Accesso.RISERVATO, zona)
    riservato = incontro(altro, titolo="Riservato", giorni=3)
    client.force_login(dentro["membro"])

    assert client.get(reverse("gruppi:incontro_ics", args=[gruppo.slug, riservato.pk])).status_code == 404
