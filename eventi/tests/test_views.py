import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.documents import get_document_model

from cop.models import Zona
from cop.tests.factories import PASSWORD, OperatoreFactory, RedattoreFactory, TemaFactory, ZonaFactory
from eventi import services
from eventi.models import Iscrizione, MaterialeEvento
from eventi.tests.factories import EventoPageFactory, IscrizioneFactory, LinkDirettaFactory

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def _terze_parti_caricate(html):
    """Addresses the browser would fetch on its own: src of iframes, scripts, images, link hrefs."""
    risorse = re.findall(r'<(?:iframe|script|img|link)[^>]+(?:src|href)="([^"]+)"', html)
    return [url for url in risorse if url.startswith(("http://", "https://", "//"))]


# --- the event page -----------------------------------------------------------------------------


def test_event_page_renders_with_its_programme_and_calendar_link(client):
    evento = EventoPageFactory(
        programma=[
            ("voce", {"ora": "11:00", "titolo": "Saluti istituzionali", "tipo": "saluti", "relatori": []}),
            ("voce", {"ora": "11:45", "titolo": "Tavola rotonda", "tipo": "tavola-rotonda", "relatori": []}),
        ]
    )
    html = client.get(evento.url).content.decode()
    assert "Tavola rotonda" in html
    assert f'href="{evento.url}calendario/"' in html


def test_streaming_is_hidden_until_thirty_minutes_before_the_start(client):
    evento = EventoPageFactory(inizio=timezone.now() + timedelta(minutes=45))
    LinkDirettaFactory(evento=evento, url=YOUTUBE)
    html = client.get(evento.url).content.decode()
    assert "youtube" not in html
    assert "sarà visibile in questa pagina da 30 minuti prima dell'inizio" in html


def test_streaming_is_shown_during_the_event_only_after_a_click_and_without_cookies(client):
    evento = EventoPageFactory(in_corso=True)
    LinkDirettaFactory(evento=evento, url=YOUTUBE)
    html = client.get(evento.url).content.decode()
    assert 'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?rel=0"' in html
    assert "<iframe" not in html
    assert _terze_parti_caricate(html) == []


# A programme item 48 minutes into the recording: a chapter link when the recording is one video.
TAVOLA_ROTONDA_AL_MINUTO_48 = [
    (
        "voce",
        {
            "ora": "11:45",
            "titolo": "Tavola rotonda",
            "tipo": "tavola-rotonda",
            "relatori": [],
            "minuto_registrazione": "48:00",
        },
    ),
]


def test_after_the_event_the_page_shows_the_recording_chapters_transcript_and_materials(client):
    Document = get_document_model()
    vtt = Document(title="Trascrizione")
    vtt.file.save(
        "t.vtt", ContentFile(b"WEBVTT\n\n00:48:00.000 --> 00:48:05.000\n<v Moderatrice>Apriamo la tavola rotonda.\n")
    )
    slide = Document(title="Slide del seminario")
    slide.file.save("slide.pdf", ContentFile(b"%PDF-1.4"))
    evento = EventoPageFactory(
        passato=True,
        registrazione_url=YOUTUBE,
        trascrizione=vtt,
        programma=TAVOLA_ROTONDA_AL_MINUTO_48,
    )
    MaterialeEvento.objects.create(evento=evento, documento=slide)

    html = client.get(evento.url).content.decode()

    assert "Registrazione" in html
    assert 'href="?inizio=2880#registrazione"' in html
    assert "Moderatrice:</strong> Apriamo la tavola rotonda." in html
    assert "Slide del seminario" in html
    assert _terze_parti_caricate(html) == []
    html = client.get(evento.url + "?inizio=2880").content.decode()
    assert "embed/dQw4w9WgXcQ?rel=0&amp;start=2880" in html


def test_a_recording_that_is_a_channel_gets_no_chapter_links(client):
    """A channel has no minute to jump to: "?inizio=" links would do nothing, so there are none."""
    vtt = get_document_model()(title="Trascrizione")
    vtt.file.save("t.vtt", ContentFile(b"WEBVTT\n\n00:48:00.000 --> 00:48:05.000\nApriamo la tavola rotonda.\n"))
    evento = EventoPageFactory(
        passato=True,
        registrazione_url="https://www.youtube.com/@RegioneToscana/videos",
        trascrizione=vtt,
        programma=TAVOLA_ROTONDA_AL_MINUTO_48,
    )

    html = client.get(evento.url).content.decode()

    assert "https://www.youtube.com/@RegioneToscana/videos" in html  # the recording is still linked
    assert "?inizio=" not in html
    assert "Capitoli" not in html
    assert "Apriamo la tavola rotonda." in html  # the transcript stays, as text


def test_a_finished_event_offers_no_add_to_calendar(client):
    futuro, concluso = EventoPageFactory(), EventoPageFactory(passato=True)
    assert "Aggiungi al calendario" in client.get(futuro.url).content.decode()
    assert "Aggiungi al calendario" not in client.get(concluso.url).content.decode()


def test_an_event_for_every_tuscan_zone_says_so_instead_of_listing_them(client):
    toscane = list(Zona.objects.toscane().attuali().order_by("nome"))  # those of the migrations
    altrove = ZonaFactory(nome="Ambito di Potenza", regione="Basilicata")
    per_tutte = EventoPageFactory(title="Per tutte", zone=[*toscane, altrove])
    per_due = EventoPageFactory(title="Per due", zone=toscane[:2])

    html = client.get(per_tutte.url).content.decode()
    assert "Tutte le zone-distretto toscane, Ambito di Potenza" in html
    assert toscane[7].nome not in html
    html = unescape(client.get(per_due.url).content.decode())
    assert f"{toscane[0].nome}, {toscane[1].nome}" in html and "Tutte le zone" not in html
    elenco = client.get(per_tutte.get_parent().url).content.decode()
    carta = elenco[elenco.index(">Per tutte<") :]
    carta = carta[: carta.index("</p>", carta.index('class="card-text small"'))]
    assert "Tutte le zone-distretto toscane" in carta and toscane[7].nome not in carta


def test_a_bad_chapter_start_is_ignored(client):
    evento = EventoPageFactory(passato=True, registrazione_url=YOUTUBE)
    assert client.get(evento.url + "?inizio=abc").status_code == 200


# --- Partecipa ----------------------------------------------------------------------------------


def test_a_visitor_is_sent_to_login_and_back_to_the_event(client):
    evento = EventoPageFactory()
    risposta = client.post(evento.url + "partecipa/")
    assert risposta.status_code == 302
    assert risposta.url == f"{reverse('account_login')}?next={evento.url}"
    html = client.get(evento.url).content.decode()
    assert f"{reverse('account_signup')}?next={evento.url}" in html
    # Logging in on that page brings the visitor back to the event, where one click joins it.
    user = OperatoreFactory()
    accesso = client.post(risposta.url, {"login": user.email, "password": PASSWORD})
    assert accesso.status_code == 302
    assert accesso.url == evento.url


def test_a_member_joins_with_one_click(client):
    evento = EventoPageFactory(posti=10)
    user = OperatoreFactory()
    client.force_login(user)
    risposta = client.post(evento.url + "partecipa/", follow=True)
    assert "Iscrizione confermata." in risposta.content.decode()
    assert Iscrizione.objects.get(user=user).stato == Iscrizione.Stato.CONFERMATA


def test_joining_a_closed_event_shows_why_and_never_fails(client):
    evento = EventoPageFactory(iscrizioni_aperte=False)
    client.force_login(OperatoreFactory())
    risposta = client.post(evento.url + "partecipa/", follow=True)
    assert risposta.status_code == 200
    assert "Le iscrizioni a questo evento sono chiuse." in risposta.content.decode()


def test_joining_by_get_is_not_allowed(client):
    evento = EventoPageFactory()
    client.force_login(OperatoreFactory())
    assert client.get(evento.url + "partecipa/").status_code == 405


def test_cancel_from_the_page(client):
    iscrizione = IscrizioneFactory()
    client.force_login(iscrizione.user)
    risposta = client.post(iscrizione.evento.url + "annulla/", follow=True)
    assert "Hai annullato l&#x27;iscrizione." in risposta.content.decode()


def test_attendance_code_form_with_a_wrong_code_says_why(client):
    iscrizione = IscrizioneFactory(evento=EventoPageFactory(in_corso=True, codice_presenza="K7P2QX"))
    client.force_login(iscrizione.user)
    risposta = client.post(iscrizione.evento.url + "presenza/", {"codice": "ZZZZZZ"})
    assert risposta.status_code == 400
    assert "Il codice non è corretto" in risposta.content.decode()
    risposta = client.post(iscrizione.evento.url + "presenza/", {"codice": "K7P2QX"}, follow=True)
    assert "Presenza registrata" in risposta.content.decode()


# --- certificates -------------------------------------------------------------------------------


def test_certificate_pdf_and_its_verification_page(client):
    iscrizione = IscrizioneFactory(evento=EventoPageFactory(passato=True))
    services.segna_presenza(iscrizione=iscrizione, editor=RedattoreFactory())
    client.force_login(iscrizione.user)

    risposta = client.get(iscrizione.evento.url + "attestato/")

    assert risposta["Content-Type"] == "application/pdf"
    assert risposta.content.startswith(b"%PDF")
    attestato = iscrizione.attestato
    indice = iscrizione.evento.get_parent()
    client.logout()
    verifica = client.get(f"{indice.url}attestati/verifica/{attestato.codice_verifica}/")
    assert verifica.status_code == 200
    assert f"L'attestato n. {attestato.numero} è autentico." in verifica.content.decode()


def test_a_forged_certificate_is_not_genuine(client, indice):
    risposta = client.get(f"{indice.url}attestati/verifica/2024-000001/")
    assert risposta.status_code == 404
    assert "Attestato non valido." in risposta.content.decode()


def test_no_certificate_without_attendance(client):
    iscrizione = IscrizioneFactory(evento=EventoPageFactory(passato=True))
    client.force_login(iscrizione.user)
    risposta = client.get(iscrizione.evento.url + "attestato/", follow=True)
    assert "solo per chi risulta presente" in risposta.content.decode()


# --- listing ------------------------------------------------------------------------------------


def test_listing_shows_upcoming_first_then_the_archive(client, indice):
    passato = EventoPageFactory(passato=True, title="Evento passato")
    vicino = EventoPageFactory(title="Evento vicino", inizio=timezone.now() + timedelta(days=1))
    lontano = EventoPageFactory(title="Evento lontano", inizio=timezone.now() + timedelta(days=20))
    html = client.get(indice.url).content.decode()
    posizioni = [html.index(e.title) for e in (vicino, lontano, passato)]
    assert posizioni == sorted(posizioni)
    assert html.index("In programma") < html.index("Archivio") < html.index("Evento passato")


def test_listing_filters_by_kind_theme_zone_and_year_from_the_url(client, indice):
    tema, zona = TemaFactory(slug="minori"), ZonaFactory(slug="pisana")
    giusto = EventoPageFactory(title="Quello giusto", tipo="formazione")
    giusto.temi.add(tema)
    giusto.zone.add(zona)
    giusto.save()
    EventoPageFactory(title="Un altro", tipo="formazione")
    anno = timezone.localtime(giusto.inizio).year
    html = client.get(f"{indice.url}?tipo=formazione&tema=minori&zona=pisana&anno={anno}").content.decode()
    assert "Quello giusto" in html
    assert "Un altro" not in html
    # The feed to subscribe to has the same kind, theme and zone (the year is the listing's own).
    assert f"{indice.url}calendario/?tipo=formazione&amp;tema=minori&amp;zona=pisana" in html


@pytest.mark.parametrize(
    "query", ["anno=abc", "anno=1850", "tipo=concerto", "tema=non-esiste", "zona=%00", "pagina=-3"]
)
def test_bad_filters_are_ignored_with_a_notice_never_a_500(client, indice, query):
    EventoPageFactory(title="Sempre visibile")
    risposta = client.get(f"{indice.url}?{query}")
    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert "Sempre visibile" in html
    if not query.startswith("pagina"):
        assert "non è valido ed è stato ignorato" in html


def _query_di(client, url):
    client.get(url)  # caches warm (site root paths), as for every request after the first
    with CaptureQueriesContext(connection) as contesto:
        assert client.get(url).status_code == 200
    return len(contesto.captured_queries)


def _eventi(n, tema):
    for i in range(n):
        evento = EventoPageFactory(passato=i % 2 == 0)
        evento.temi.add(tema)
        evento.save()


def test_listing_pins_its_queries_whatever_the_number_of_events(client, indice, django_assert_max_num_queries):
    tema = TemaFactory()
    _eventi(2, tema)
    con_pochi = _query_di(client, indice.url)
    _eventi(30, tema)
    assert _query_di(client, indice.url) == con_pochi
    with django_assert_max_num_queries(22):
        client.get(indice.url)


def test_event_page_pins_its_queries_whatever_the_number_of_attendees(client, django_assert_max_num_queries):
    evento = EventoPageFactory(posti=100, in_corso=True)
    LinkDirettaFactory(evento=evento)
    redattore = RedattoreFactory()
    IscrizioneFactory(evento=evento, user=redattore)
    client.force_login(redattore)
    con_pochi = _query_di(client, evento.url)
    for _i in range(40):
        IscrizioneFactory(evento=evento)
    assert _query_di(client, evento.url) == con_pochi
    with django_assert_max_num_queries(28):
        client.get(evento.url)


# --- calendars ----------------------------------------------------------------------------------


def test_event_ics_download_parses(client):
    evento = EventoPageFactory()
    risposta = client.get(evento.url + "calendario/")
    assert risposta["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in risposta["Content-Disposition"]
    (vevent,) = Calendar.from_ical(risposta.content).walk("VEVENT")
    assert vevent.decoded("DTSTART") == evento.inizio


def test_feeds_list_upcoming_events_all_per_zone_and_per_theme(client, indice):
    zona, tema = ZonaFactory(slug="lunigiana"), TemaFactory(slug="stranieri")
    della_zona = EventoPageFactory(title="Della zona")
    della_zona.zone.add(zona)
    della_zona.save()
    del_tema = EventoPageFactory(title="Del tema")
    del_tema.temi.add(tema)
    del_tema.save()
    EventoPageFactory(title="Passato", passato=True)

    def titoli(url):
        return sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(client.get(url).content).walk("VEVENT"))

    assert titoli(f"{indice.url}calendario/") == ["Del tema", "Della zona"]
    assert titoli(f"{indice.url}calendario/zona/lunigiana/") == ["Della zona"]
    assert titoli(f"{indice.url}calendario/tema/stranieri/") == ["Del tema"]
    assert client.get(f"{indice.url}calendario/zona/atlantide/").status_code == 404


# --- I miei eventi, home, admin -------------------------------------------------------------------


def test_my_events_lists_upcoming_and_past_with_the_certificate(client, indice):
    prossima = IscrizioneFactory(evento=EventoPageFactory(title="Prossimo"))
    passata = IscrizioneFactory(evento=EventoPageFactory(title="Passato", passato=True), user=prossima.user)
    services.segna_presenza(iscrizione=passata, editor=RedattoreFactory())
    client.force_login(prossima.user)
    html = client.get(f"{indice.url}miei/").content.decode()
    assert "Prossimo" in html and "Passato" in html
    assert f"{passata.evento.url}attestato/" in html


def test_my_events_lists_a_running_event_as_in_progress_not_upcoming(client, indice):
    in_corso = IscrizioneFactory(evento=EventoPageFactory(title="Seminario in corso", in_corso=True))
    IscrizioneFactory(evento=EventoPageFactory(title="Seminario futuro"), user=in_corso.user)
    client.force_login(in_corso.user)

    html = client.get(f"{indice.url}miei/").content.decode()

    sezione_in_corso = html[html.index('id="titolo-in-corso"') : html.index('id="titolo-prossime"')]
    prossimi = html[html.index('id="titolo-prossime"') : html.index('id="titolo-passate"')]
    assert "Seminario in corso" in sezione_in_corso
    assert "Seminario in corso" not in prossimi and "Seminario futuro" in prossimi


def test_home_page_shows_the_next_events(client):
    EventoPageFactory(title="Il prossimo seminario")
    assert "Il prossimo seminario" in client.get("/").content.decode()


def test_editors_see_attendees_and_waiting_list_and_download_csv(client):
    evento = EventoPageFactory(posti=1)
    confermato, in_attesa = OperatoreFactory(last_name="Rossi"), OperatoreFactory(last_name="=Bianchi")
    services.partecipa(evento=evento, user=confermato)
    services.partecipa(evento=evento, user=in_attesa)
    client.force_login(RedattoreFactory())

    html = client.get(reverse("eventi_iscritti", args=[evento.pk])).content.decode()
    assert "Lista d'attesa" in html and confermato.email in html and in_attesa.email in html

    csv = client.get(reverse("eventi_iscritti_csv", args=[evento.pk])).content.decode("utf-8-sig")
    righe = csv.splitlines()
    assert righe[0].startswith("Stato,Posto,Cognome")
    assert "Confermata,1,Rossi" in righe[1]
    assert "'=Bianchi" in righe[2]

    iscrizione = Iscrizione.objects.get(user=confermato)
    client.post(reverse("eventi_iscritti", args=[evento.pk]), {"iscrizione": iscrizione.pk, "presente": "1"})
    iscrizione.refresh_from_db()
    assert iscrizione.presente
