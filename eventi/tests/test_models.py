from datetime import UTC, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from eventi import streaming
from eventi.blocks import secondi_da_minutaggio
from eventi.calendario import ics_evento, ics_feed
from eventi.models import EventoPage, LinkDiretta
from eventi.tests.factories import EventoPageFactory, IscrizioneFactory
from eventi.webvtt import WebVTTError, leggi_webvtt

pytestmark = pytest.mark.django_db


def test_end_before_start_is_refused_with_an_italian_message():
    evento = EventoPageFactory()
    evento.fine = evento.inizio - timedelta(hours=1)
    with pytest.raises(ValidationError) as errore:
        evento.full_clean()
    assert "La fine dell'evento deve venire dopo l'inizio." in errore.value.message_dict["fine"]


def test_the_database_refuses_an_end_before_the_start_too():
    from django.db import IntegrityError, transaction

    evento = EventoPageFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        EventoPage.objects.filter(pk=evento.pk).update(fine=evento.inizio - timedelta(minutes=1))


def test_capacity_below_the_confirmed_attendees_is_refused():
    evento = EventoPageFactory(posti=5)
    for _i in range(3):
        IscrizioneFactory(evento=evento)
    evento.posti = 2
    with pytest.raises(ValidationError) as errore:
        evento.full_clean()
    assert "Ci sono già 3 iscritti confermati" in errore.value.message_dict["posti"][0]
    evento.posti = 3
    evento.full_clean()


def test_a_deadline_after_the_end_is_refused():
    evento = EventoPageFactory()
    evento.scadenza_iscrizioni = evento.fine + timedelta(days=1)
    with pytest.raises(ValidationError) as errore:
        evento.full_clean()
    assert "scadenza_iscrizioni" in errore.value.message_dict


def test_an_event_in_person_needs_a_place():
    evento = EventoPageFactory()
    evento.modalita = EventoPage.Modalita.PRESENZA
    with pytest.raises(ValidationError) as errore:
        evento.full_clean()
    assert "Per un evento in presenza indica il luogo" in errore.value.message_dict["indirizzo"][0]


@pytest.mark.parametrize(
    "url", ["youtube.com/watch?v=abc", "ftp://esempio.it/video", "javascript:alert(1)", "non è un link"]
)
def test_a_malformed_streaming_url_is_refused(url):
    link = LinkDiretta(evento=EventoPageFactory(), etichetta="YouTube", url=url)
    with pytest.raises(ValidationError) as errore:
        link.full_clean()
    assert "Indirizzo non valido" in " ".join(errore.value.message_dict["url"])


def test_streaming_window_opens_thirty_minutes_before_the_start_and_closes_at_the_end():
    evento = EventoPageFactory()
    assert not evento.diretta_visibile(evento.inizio - timedelta(minutes=31))
    assert evento.diretta_visibile(evento.inizio - timedelta(minutes=30))
    assert evento.diretta_visibile(evento.fine)
    assert not evento.diretta_visibile(evento.fine + timedelta(seconds=1))


def test_dates_are_italian_in_rome_time():
    evento = EventoPageFactory(
        inizio=timezone.datetime(2020, 12, 21, 10, 0, tzinfo=UTC),
        fine=timezone.datetime(2020, 12, 21, 11, 30, tzinfo=UTC),
    )
    assert evento.quando == "21 dicembre 2020, 11:00–12:30"
    assert str(evento.durata_leggibile) == "1 h 30 min"


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0"),
        ("https://www.youtube.com/channel/UCqzR-gqsE0aw8pTstNG_oymA", ""),
        ("https://fb.me/e/Y8yzdIHm", ""),
        ("https://www.esempio.it/diretta", ""),
    ],
)
def test_only_youtube_videos_and_facebook_videos_are_embedded_and_youtube_without_cookies(url, embed):
    assert streaming.lettore(url).embed == embed


def test_a_chapter_starts_the_embedded_recording_at_its_second():
    lettore = streaming.lettore("https://youtu.be/dQw4w9WgXcQ", inizio=2880)
    assert lettore.embed.endswith("&start=2880")


def test_programme_times_in_the_recording_are_read():
    assert secondi_da_minutaggio("48:00") == 2880
    assert secondi_da_minutaggio("1:02:03") == 3723
    with pytest.raises(ValueError):
        secondi_da_minutaggio("un'ora")


def test_webvtt_cues_become_text_with_their_speaker():
    cues = leggi_webvtt(
        "WEBVTT\n\nNOTE prova\n\n1\n00:00:01.000 --> 00:00:04.000 align:start\n"
        "<v Rocco Leone>Buongiorno a <b>tutti</b>\n\n"
        "00:01:00.500 --> 00:01:02.000\nSeconda &amp; ultima\n"
    )
    assert cues == [
        {"inizio": 1.0, "fine": 4.0, "relatore": "Rocco Leone", "testo": "Buongiorno a tutti"},
        {"inizio": 60.5, "fine": 62.0, "relatore": None, "testo": "Seconda & ultima"},
    ]


@pytest.mark.parametrize("contenuto", ["non un vtt", "WEBVTT\n\n00:00 --> dopo\ntesto\n", "WEBVTT\n\n", b"\xff\xfe"])
def test_a_file_that_is_not_webvtt_is_refused(contenuto):
    with pytest.raises(WebVTTError):
        leggi_webvtt(contenuto)


def test_the_ics_of_an_event_is_valid_rfc5545():
    evento = EventoPageFactory(title="A sostegno delle fragilità", luogo="Sala", indirizzo="Via Roma 1, Firenze")
    calendario = Calendar.from_ical(ics_evento(evento))
    assert calendario["VERSION"] == "2.0"
    assert calendario["PRODID"]
    (vevent,) = calendario.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "A sostegno delle fragilità"
    assert vevent.decoded("DTSTART") == evento.inizio
    assert vevent.decoded("DTEND") == evento.fine
    assert str(vevent["UID"]) == f"evento-{evento.pk}@testserver"
    assert "DTSTAMP" in vevent
    assert str(vevent["LOCATION"]) == "Sala, Via Roma 1, Firenze"


def test_the_feed_has_one_event_per_page_with_stable_uids():
    eventi = [EventoPageFactory(), EventoPageFactory()]
    calendario = Calendar.from_ical(ics_feed(eventi, nome="Eventi"))
    assert [str(e["UID"]) for e in calendario.walk("VEVENT")] == [f"evento-{e.pk}@testserver" for e in eventi]
    assert str(calendario["X-WR-CALNAME"]) == "Eventi"
