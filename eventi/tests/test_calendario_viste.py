"""The month view, the agenda and their feeds; "I miei eventi" as a calendar and its private feed."""

import re
from datetime import date, datetime, timedelta
from html import unescape
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from cop import riepilogo
from cop.tests.factories import OperatoreFactory, RedattoreFactory, ReferenteFactory, TemaFactory, ZonaFactory
from eventi.calendario import SALT_CALENDARIO_PERSONALE, token_calendario_personale
from eventi.models import Iscrizione
from eventi.tests.factories import EventoPageFactory, IscrizioneFactory

pytestmark = pytest.mark.django_db

ROMA = ZoneInfo("Europe/Rome")


def _mese_futuro(mesi=2):
    """The first day of a month in the future (every event of it is upcoming)."""
    primo = timezone.localdate().replace(day=1)
    for _i in range(mesi):
        primo = (primo + timedelta(days=32)).replace(day=1)
    return primo


def _alle(giorno, ore, minuti=0):
    return datetime(giorno.year, giorno.month, giorno.day, ore, minuti, tzinfo=ROMA)


def _evento(titolo, inizio, fine=None, *, zona=None, tema=None, **campi):
    evento = EventoPageFactory(title=titolo, inizio=inizio, fine=fine or inizio + timedelta(hours=2), **campi)
    if zona:
        evento.zone.add(zona)
    if tema:
        evento.temi.add(tema)
    if zona or tema:
        evento.save()
    return evento


def _cella(html, giorno):
    """The content of the month grid's cell of that day."""
    trovata = re.search(
        rf'<td[^>]*>\s*<time class="numero-giorno" datetime="{giorno:%Y-%m-%d}">.*?</td>', html, flags=re.S
    )
    assert trovata, f"no cell for {giorno}"
    return trovata.group(0)


def _griglia(html):
    return html[html.index('<table class="table table-bordered calendario-mese">') : html.index("</table>")]


def _mese(client, indice, primo, query=""):
    risposta = client.get(f"{indice.url}mese/?mese={primo:%Y-%m}{query}")
    assert risposta.status_code == 200
    return risposta.content.decode()


# --- the month grid -------------------------------------------------------------------------------


def test_month_grid_is_a_table_with_a_caption_and_weekday_headers(client, indice):
    primo = _mese_futuro()
    html = _griglia(_mese(client, indice, primo))
    nome = timezone.localtime(_alle(primo, 12)).strftime("%Y")
    assert re.search(rf"<caption[^>]*>Eventi di \w+ {nome}</caption>", html)
    assert html.count('<th scope="col">') == 7
    assert '<abbr title="lunedì">' in html


def test_an_event_is_in_the_cell_of_its_day_with_its_local_time(client, indice):
    primo = _mese_futuro()
    # 23:30 in Rome is 22:30 UTC: the event is on the 10th, at 23:30.
    evento = _evento("Seminario serale", _alle(primo.replace(day=10), 23, 30), _alle(primo.replace(day=10), 23, 50))
    html = _mese(client, indice, primo)
    cella = _cella(html, primo.replace(day=10))
    assert "Seminario serale" in cella and ">23:30</time>" in cella
    assert f'href="{evento.url}"' in cella
    assert "Seminario serale" not in _cella(html, primo.replace(day=11))


def test_a_multi_day_event_is_on_every_day_it_spans_and_not_after(client, indice):
    primo = _mese_futuro()
    _evento("Convegno di tre giorni", _alle(primo.replace(day=3), 9), _alle(primo.replace(day=5), 18))
    # Ending at midnight it does not reach the day after.
    _evento("Fino a mezzanotte", _alle(primo.replace(day=20), 21), _alle(primo.replace(day=21), 0))
    html = _mese(client, indice, primo)
    for giorno in (3, 4, 5):
        assert "Convegno di tre giorni" in _cella(html, primo.replace(day=giorno))
    assert "(continua)" in _cella(html, primo.replace(day=4))
    assert "Convegno di tre giorni" not in _cella(html, primo.replace(day=2))
    assert "Convegno di tre giorni" not in _cella(html, primo.replace(day=6))
    assert "Fino a mezzanotte" in _cella(html, primo.replace(day=20))
    assert "Fino a mezzanotte" not in _cella(html, primo.replace(day=21))


def test_an_event_begun_in_the_month_before_is_on_the_first_days(client, indice):
    primo = _mese_futuro()
    vigilia = primo - timedelta(days=1)
    _evento("A cavallo dei mesi", _alle(vigilia, 10), _alle(primo.replace(day=2), 12))
    html = _mese(client, indice, primo)
    assert "A cavallo dei mesi" in _cella(html, primo) and "A cavallo dei mesi" in _cella(html, primo.replace(day=2))
    # The muted day of the month before shows no event: it belongs to that month's page.
    if vigilia.weekday() != 6:
        assert "A cavallo dei mesi" not in _cella(html, vigilia)


def test_an_event_across_the_change_to_summer_time_keeps_its_local_days_and_hours(client, indice):
    # On 28 March 2027 the clocks in Rome go from 02:00 to 03:00.
    _evento("Notte bianca", datetime(2027, 3, 27, 22, 0, tzinfo=ROMA), datetime(2027, 3, 28, 10, 0, tzinfo=ROMA))
    _evento("Dopo il cambio", datetime(2027, 3, 28, 23, 30, tzinfo=ROMA))
    html = _mese(client, indice, date(2027, 3, 1))
    assert ">22:00</time> Notte bianca" in _cella(html, date(2027, 3, 27))
    assert "Notte bianca" in _cella(html, date(2027, 3, 28)) and "Notte bianca" not in _cella(html, date(2027, 3, 29))
    assert ">23:30</time> Dopo il cambio" in _cella(html, date(2027, 3, 28))


def test_events_of_another_month_are_not_in_the_grid(client, indice):
    primo = _mese_futuro()
    _evento("Del mese dopo", _alle(primo.replace(day=1) + timedelta(days=40), 10))
    _evento("Di questo mese", _alle(primo.replace(day=15), 10))
    html = _griglia(_mese(client, indice, primo))
    assert "Di questo mese" in html
    assert "Del mese dopo" not in html


def test_days_outside_the_month_are_muted_and_today_is_marked(client, indice):
    html = _griglia(client.get(f"{indice.url}mese/").content.decode())
    oggi = timezone.localdate()
    assert re.search(
        rf'<td class="oggi" aria-current="date">\s*<time class="numero-giorno" datetime="{oggi:%Y-%m-%d}"', html
    )
    assert html.count('aria-current="date"') == 1
    primo = oggi.replace(day=1)
    if primo.weekday() != 0:
        giorno_prima = primo - timedelta(days=1)
        assert re.search(
            rf'<td class="fuori-mese">\s*<time class="numero-giorno" datetime="{giorno_prima:%Y-%m-%d}"', html
        )


def test_a_month_without_events_says_so(client, indice):
    primo = _mese_futuro()
    _evento("Del mese dopo", _alle(primo + timedelta(days=40), 10))
    html = _mese(client, indice, primo)
    assert "Nessun evento in questo mese." in html
    assert "Nessun evento in questo mese." not in _mese(client, indice, (primo + timedelta(days=40)).replace(day=1))


def test_the_month_filters_by_kind_theme_and_zone(client, indice):
    primo = _mese_futuro()
    zona, tema = ZonaFactory(slug="pisana"), TemaFactory(slug="minori")
    giorno = _alle(primo.replace(day=12), 10)
    _evento("Quello giusto", giorno, zona=zona, tema=tema, tipo="formazione")
    _evento("Di un altro tipo", giorno, zona=zona, tema=tema, tipo="seminario-online")
    _evento("Di un'altra zona", giorno, zona=ZonaFactory(), tema=tema, tipo="formazione")
    _evento("Senza tema", giorno, zona=zona, tipo="formazione")
    html = _griglia(_mese(client, indice, primo, "&tipo=formazione&tema=minori&zona=pisana"))
    assert "Quello giusto" in html
    assert "Di un altro tipo" not in html and "Di un&#x27;altra zona" not in html and "Senza tema" not in html


def test_previous_and_next_month_links_keep_the_filters(client, indice):
    ZonaFactory(slug="pisana")
    html = client.get(f"{indice.url}mese/?zona=pisana&tipo=formazione&mese=2027-01").content.decode()
    assert 'rel="prev" href="?tipo=formazione&amp;zona=pisana&amp;mese=2026-12"' in html
    assert 'rel="next" href="?tipo=formazione&amp;zona=pisana&amp;mese=2027-02"' in html
    # The tabs keep them too (and the month).
    assert f'href="{indice.url}agenda/?tipo=formazione&amp;zona=pisana&amp;mese=2027-01"' in html
    assert f'href="{indice.url}?tipo=formazione&amp;zona=pisana&amp;mese=2027-01"' in html


def test_the_december_links_go_to_the_next_year(client, indice):
    html = client.get(f"{indice.url}mese/?mese=2026-12").content.decode()
    assert 'rel="prev" href="?mese=2026-11"' in html and 'rel="next" href="?mese=2027-01"' in html


@pytest.mark.parametrize(
    ("query", "ignorato"),
    [
        ("mese=2026-13", "mese"),
        ("mese=2026-00", "mese"),
        ("mese=dicembre", "mese"),
        ("mese=99999-12", "mese"),
        ("zona=atlantide", "zona"),
        ("tema=%00", "tema"),
        ("tipo=concerto", "tipo"),
    ],
)
@pytest.mark.parametrize("vista", ["mese/", "agenda/"])
def test_bad_parameters_are_ignored_with_a_notice_never_a_500(client, indice, vista, query, ignorato):
    _evento("Sempre visibile", timezone.now() + timedelta(hours=2))
    risposta = client.get(f"{indice.url}{vista}?{query}")
    assert risposta.status_code == 200
    html = unescape(risposta.content.decode())
    assert f"Il filtro «{ignorato}» nell'indirizzo non è valido ed è stato ignorato." in html
    assert "Sempre visibile" in html  # the current month, or the upcoming events: the defaults


def test_a_bad_month_shows_the_current_month(client, indice):
    html = client.get(f"{indice.url}mese/?mese=2026-13").content.decode()
    assert f'datetime="{timezone.localdate():%Y-%m-%d}"' in _griglia(html)
    assert 'aria-current="date"' in _griglia(html)


def test_restricted_and_draft_events_are_not_in_the_views_of_a_visitor(client, indice):
    primo = _mese_futuro(1)
    giorno = _alle(primo.replace(day=8), 10)
    riservato = _evento("Riservato ai membri", giorno)
    PageViewRestriction.objects.create(page=riservato, restriction_type=PageViewRestriction.LOGIN)
    bozza = _evento("In bozza", giorno)
    bozza.unpublish()
    _evento("Pubblico", giorno)
    for url in (f"{indice.url}mese/?mese={primo:%Y-%m}", f"{indice.url}agenda/", f"{indice.url}calendario/"):
        contenuto = client.get(url).content.decode()
        assert "Pubblico" in contenuto, url
        assert "Riservato ai membri" not in contenuto and "In bozza" not in contenuto, url


# --- the agenda -----------------------------------------------------------------------------------


def _titoli_per_giorno(html):
    """[(day, [titles])] of the agenda, in the page's order."""
    sezioni = re.findall(r'<h3 class="h5" id="giorno-([0-9-]+)".*?</h3>\s*<ul.*?</ul>', html, flags=re.S)
    giorni = []
    for sezione in re.finditer(r'<h3 class="h5" id="giorno-([0-9-]+)".*?</h3>(.*?)</ul>', html, flags=re.S):
        titoli = re.findall(r'<a href="[^"]+">([^<]+)</a><br>', sezione.group(2))
        giorni.append((sezione.group(1), [unescape(t) for t in titoli]))
    assert len(sezioni) == len(giorni)
    return giorni


def test_the_agenda_lists_upcoming_events_by_day_in_order(client, indice):
    domani = timezone.localdate() + timedelta(days=1)
    dopodomani = domani + timedelta(days=1)
    _evento("Pomeriggio di domani", _alle(domani, 15))
    _evento("Mattina di domani", _alle(domani, 9))
    _evento("Di due giorni", _alle(dopodomani, 10), _alle(dopodomani + timedelta(days=1), 13))
    _evento("Già passato", timezone.now() - timedelta(days=3))
    html = client.get(f"{indice.url}agenda/").content.decode()
    assert _titoli_per_giorno(html) == [
        (f"{domani}", ["Mattina di domani", "Pomeriggio di domani"]),
        (f"{dopodomani}", ["Di due giorni"]),
        (f"{dopodomani + timedelta(days=1)}", ["Di due giorni"]),
    ]
    assert "Già passato" not in html


def test_a_running_event_is_on_today_in_the_agenda(client, indice):
    _evento("Iniziato ieri", timezone.now() - timedelta(days=1), timezone.now() + timedelta(hours=3))
    giorni = _titoli_per_giorno(client.get(f"{indice.url}agenda/").content.decode())
    assert giorni[0] == (f"{timezone.localdate()}", ["Iniziato ieri"])


def test_the_agenda_of_a_month_has_its_past_days_too(client, indice):
    primo = timezone.localdate().replace(day=1) - timedelta(days=1)
    primo = primo.replace(day=1)  # last month
    _evento("Del mese scorso", _alle(primo.replace(day=5), 10))
    html = client.get(f"{indice.url}agenda/?mese={primo:%Y-%m}").content.decode()
    assert _titoli_per_giorno(html) == [(f"{primo.replace(day=5)}", ["Del mese scorso"])]


def test_the_agenda_is_paginated_and_keeps_the_filters(client, indice):
    zona = ZonaFactory(slug="pisana")
    for i in range(21):
        _evento(f"Evento {i:02}", timezone.now() + timedelta(days=1 + i), zona=zona)
    html = client.get(f"{indice.url}agenda/?zona=pisana").content.decode()
    assert "Evento 19" in html and "Evento 20" not in html
    assert 'href="?zona=pisana&amp;page=2"' in html
    assert "Evento 20" in client.get(f"{indice.url}agenda/?zona=pisana&page=2").content.decode()


def test_the_listing_links_to_the_three_views_with_its_filters(client, indice):
    ZonaFactory(slug="pisana")
    html = client.get(f"{indice.url}?zona=pisana&anno=2026").content.decode()
    assert f'href="{indice.url}mese/?zona=pisana"' in html
    assert f'href="{indice.url}agenda/?zona=pisana"' in html
    assert 'aria-current="page" href="' in html  # the current tab, «Elenco»


# --- the feeds the views link to -------------------------------------------------------------------


def _link_feed(html):
    https = unescape(re.search(r'<a class="text-break" href="([^"]+)"', html).group(1))
    webcal = unescape(re.search(r'<a class="btn btn-primary" href="(webcal://[^"]+)"', html).group(1))
    assert webcal.split("://", 1)[1] == https.split("://", 1)[1]
    parti = urlsplit(https)
    return parti.path + (f"?{parti.query}" if parti.query else "")


def _titoli_del_feed(client, url):
    risposta = client.get(url)
    assert risposta.status_code == 200
    return sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(risposta.content).walk("VEVENT"))


def test_the_subscribe_link_of_a_filtered_view_is_the_feed_of_the_same_events(client, indice):
    zona, tema = ZonaFactory(slug="pisana"), TemaFactory(slug="minori")
    _evento("Giusto uno", timezone.now() + timedelta(days=2), zona=zona, tema=tema, tipo="formazione")
    _evento("Giusto due", timezone.now() + timedelta(days=5), zona=zona, tema=tema, tipo="formazione")
    _evento("Altro tipo", timezone.now() + timedelta(days=2), zona=zona, tema=tema)
    _evento("Altra zona", timezone.now() + timedelta(days=2), tema=tema, tipo="formazione")
    html = client.get(f"{indice.url}agenda/?tipo=formazione&tema=minori&zona=pisana").content.decode()
    feed = _link_feed(html)
    assert feed == f"{indice.url}calendario/?tipo=formazione&tema=minori&zona=pisana"
    nella_vista = sorted(t for _giorno, titoli in _titoli_per_giorno(html) for t in titoli)
    assert _titoli_del_feed(client, feed) == nella_vista == ["Giusto due", "Giusto uno"]
    calendario = Calendar.from_ical(client.get(feed).content)
    assert str(calendario["X-WR-CALNAME"]) == "Eventi: Pisana · " + str(tema) + " · Formazione"


def test_the_month_view_links_to_the_feed_of_its_filters_without_the_month(client, indice):
    ZonaFactory(slug="pisana")
    html = client.get(f"{indice.url}mese/?zona=pisana&mese=2027-03").content.decode()
    assert _link_feed(html) == f"{indice.url}calendario/?zona=pisana"


def test_the_old_feed_addresses_still_answer(client, indice):
    zona = ZonaFactory(slug="lunigiana")
    _evento("Della zona", timezone.now() + timedelta(days=2), zona=zona)
    _evento("Di nessuna zona", timezone.now() + timedelta(days=2))
    assert _titoli_del_feed(client, f"{indice.url}calendario/zona/lunigiana/") == ["Della zona"]
    assert _titoli_del_feed(client, f"{indice.url}calendario/?zona=lunigiana") == ["Della zona"]


@pytest.mark.parametrize("query", ["zona=atlantide", "tipo=concerto", "tema=x%00"])
def test_a_feed_with_a_bad_filter_is_not_found_instead_of_every_event(client, indice, query):
    _evento("Uno qualsiasi", timezone.now() + timedelta(days=2))
    risposta = client.get(f"{indice.url}calendario/?{query}")
    assert risposta.status_code == 404


# --- I miei eventi as a calendar ------------------------------------------------------------------


@pytest.mark.parametrize("vista", ["miei/mese/", "miei/agenda/"])
def test_a_visitor_is_sent_to_login_for_my_calendar(client, indice, vista):
    risposta = client.get(f"{indice.url}{vista}")
    assert risposta.status_code == 302
    assert risposta["Location"] == f"{reverse('account_login')}?next={indice.url}{vista}"


PERSONE = {
    "operatore": OperatoreFactory,
    "referente": ReferenteFactory,
    "redattore": RedattoreFactory,
}


@pytest.fixture
def iscrizioni(indice):
    """In a future month: a confirmed registration, one on the waiting list and one cancelled of each
    person; another member's confirmed registration."""
    primo = _mese_futuro()

    def di(user):
        confermata = _evento(f"Confermato di {user.username}", _alle(primo.replace(day=4), 10))
        attesa = _evento(f"In attesa di {user.username}", _alle(primo.replace(day=9), 10))
        annullata = _evento(f"Annullato di {user.username}", _alle(primo.replace(day=9), 15))
        IscrizioneFactory(evento=confermata, user=user)
        IscrizioneFactory(evento=attesa, user=user, stato=Iscrizione.Stato.IN_ATTESA)
        IscrizioneFactory(evento=annullata, user=user, stato=Iscrizione.Stato.ANNULLATA)

    altro = OperatoreFactory(username="altro")
    di(altro)
    return primo, di


@pytest.mark.parametrize("ruolo", list(PERSONE))
@pytest.mark.parametrize("vista", ["miei/mese/?mese={primo:%Y-%m}", "miei/agenda/"])
def test_my_calendar_shows_my_registrations_only(client, indice, iscrizioni, ruolo, vista):
    primo, di = iscrizioni
    persona = PERSONE[ruolo](username=f"io-{ruolo}")
    di(persona)
    _evento("Di nessuno", _alle(primo.replace(day=4), 12))
    client.force_login(persona)
    risposta = client.get(indice.url + vista.format(primo=primo))
    assert risposta["Cache-Control"] == "private"
    html = risposta.content.decode()
    assert f"Confermato di io-{ruolo}" in html and f"In attesa di io-{ruolo}" in html
    # The registration on the waiting list says so, in the list of days (and in the grid).
    assert unescape(html).count("sei in lista d'attesa") == 1
    assert unescape(html).count("(in lista d'attesa)") == (1 if "mese" in vista else 0)
    assert "Annullato di" not in html
    assert "di altro" not in html and "Di nessuno" not in html


@pytest.mark.parametrize("ruolo", list(PERSONE))
def test_my_private_feed_has_my_events_only(client, indice, iscrizioni, ruolo):
    primo, di = iscrizioni
    persona = PERSONE[ruolo](username=f"io-{ruolo}")
    di(persona)
    client.force_login(persona)
    html = client.get(f"{indice.url}miei/mese/?mese={primo:%Y-%m}").content.decode()
    feed = _link_feed(html)
    client.logout()  # a calendar program has no session
    risposta = client.get(feed)
    assert risposta["Cache-Control"] == "private"
    assert _titoli_del_feed(client, feed) == [f"Confermato di io-{ruolo}", f"In attesa di io-{ruolo}"]


def test_my_events_list_links_to_my_calendar_and_feed(client, indice):
    persona = OperatoreFactory()
    client.force_login(persona)
    html = client.get(f"{indice.url}miei/").content.decode()
    assert f'href="{indice.url}miei/mese/"' in html and f'href="{indice.url}miei/agenda/"' in html
    assert _link_feed(html) == f"{indice.url}miei/calendario/{token_calendario_personale(persona)}/"


def _token_cambiato(token, altro):
    """My token with the id of `altro` in place of mine."""
    return f"{altro.pk}-{token.partition('-')[2]}"


@pytest.mark.parametrize(
    "falso",
    [
        lambda io, altro: _token_cambiato(token_calendario_personale(io), altro),  # another member's id, my signature
        lambda io, altro: f"{altro.pk}-{salted_hmac('altro-scopo', f'{altro.pk}:{altro.password}').hexdigest()[:32]}",
        lambda io, altro: riepilogo.token_disiscrizione(altro),  # a genuine token of another purpose
        lambda io, altro: f"{altro.pk}-{salted_hmac(SALT_CALENDARIO_PERSONALE, str(altro.pk)).hexdigest()[:32]}",
        lambda io, altro: f"{altro.pk}-",
        lambda io, altro: f"{altro.pk}",
        lambda io, altro: "9" * 40 + "-abc",
        lambda io, altro: "non-un-token",
    ],
)
def test_a_wrong_token_is_not_found(client, indice, iscrizioni, falso):
    io = OperatoreFactory()
    altro = OperatoreFactory()
    IscrizioneFactory(evento=_evento("Di altro", timezone.now() + timedelta(days=3)), user=altro)
    risposta = client.get(f"{indice.url}miei/calendario/{falso(io, altro)}/")
    assert risposta.status_code == 404
    assert b"Di altro" not in risposta.content


def test_a_new_password_retires_the_old_feed_address(client, indice):
    persona = OperatoreFactory()
    vecchio = token_calendario_personale(persona)
    assert client.get(f"{indice.url}miei/calendario/{vecchio}/").status_code == 200
    persona.set_password("Un-altra-password-2026")
    persona.save()
    assert client.get(f"{indice.url}miei/calendario/{vecchio}/").status_code == 404
    assert client.get(f"{indice.url}miei/calendario/{token_calendario_personale(persona)}/").status_code == 200


# --- queries --------------------------------------------------------------------------------------


def _query_di(client, url):
    client.get(url)  # caches warm (site root paths), as for every request after the first
    with CaptureQueriesContext(connection) as contesto:
        assert client.get(url).status_code == 200
    return len(contesto.captured_queries)


@pytest.mark.parametrize(
    "vista",
    [
        "mese/?mese={primo:%Y-%m}&tema=minori",
        "agenda/?tema=minori",
        "agenda/?mese={primo:%Y-%m}",
        "miei/mese/?mese={primo:%Y-%m}",
        "miei/agenda/",
        "calendario/?tema=minori",
        "miei/calendario/{token}/",
    ],
)
def test_calendar_views_pin_their_queries_whatever_the_number_of_events(
    client, indice, vista, django_assert_max_num_queries
):
    primo = _mese_futuro()
    tema = TemaFactory(slug="minori")
    persona = OperatoreFactory()
    client.force_login(persona)

    fatti = []

    def eventi(n):
        for i in range(len(fatti), len(fatti) + n):
            fatti.append(i)
            inizio = _alle(primo.replace(day=1 + i % 27), 9 + i % 8)
            evento = _evento(f"Evento {i}", inizio, inizio + timedelta(days=i % 3, hours=1), tema=tema)
            IscrizioneFactory(evento=evento, user=persona)

    url = indice.url + vista.format(primo=primo, token=token_calendario_personale(persona))
    eventi(2)
    con_pochi = _query_di(client, url)
    eventi(18)
    assert _query_di(client, url) == con_pochi
    assert "Evento 19" in client.get(url).content.decode()
    with django_assert_max_num_queries(20):
        client.get(url)
