"""The days of the calendar views: the month grid and the agenda. Each event is laid on every local day
(Europe/Rome) it spans, within the days shown. Plain functions on the events they are given: the view
reads them in one query, nothing here queries."""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class Voce:
    """An event on one day: `primo_giorno` is False on the days after the one it starts on."""

    evento: object
    primo_giorno: bool


@dataclass
class Giorno:
    data: date
    nel_mese: bool = True
    oggi: bool = False
    voci: list = field(default_factory=list)


def mese_successivo(primo):
    return (primo + timedelta(days=32)).replace(day=1)


def mese_precedente(primo):
    return (primo - timedelta(days=1)).replace(day=1)


def ultimo_del_mese(primo):
    return mese_successivo(primo) - timedelta(days=1)


def mezzanotte(giorno):
    """The start of a local day, as an aware datetime (the time zone of the site)."""
    return timezone.make_aware(datetime.combine(giorno, time.min))


def giorni_dell_evento(evento, dal, al=None):
    """The local days of the event from `dal` to `al` (inclusive; None: to its end). An event ending
    at midnight does not reach the day after."""
    primo = timezone.localtime(evento.inizio).date()
    ultimo = timezone.localtime(evento.fine - timedelta(microseconds=1)).date()
    giorno, fine = max(primo, dal), ultimo if al is None else min(ultimo, al)
    while giorno <= fine:
        yield giorno
        giorno += timedelta(days=1)


def per_giorno(eventi, dal, al):
    """{day: [Voce]} of the events between `dal` and `al` (None: no end), each day's events by start."""
    giorni = defaultdict(list)
    for evento in sorted(eventi, key=lambda e: (e.inizio, e.pk)):
        primo = timezone.localtime(evento.inizio).date()
        for giorno in giorni_dell_evento(evento, dal, al):
            giorni[giorno].append(Voce(evento, giorno == primo))
    return giorni


def settimane_del_mese(primo, eventi, oggi):
    """The month grid: weeks from Monday to Sunday, each a list of seven `Giorno`; the days of the
    months before and after are there (muted) without events."""
    giorni = per_giorno(eventi, primo, ultimo_del_mese(primo))
    return [
        [Giorno(d, nel_mese=d.month == primo.month, oggi=d == oggi, voci=giorni.get(d, [])) for d in settimana]
        for settimana in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(primo.year, primo.month)
    ]


def giorni_con_eventi(eventi, dal, al, oggi):
    """The agenda: the days from `dal` to `al` (None: no end) that have events, in order."""
    giorni = per_giorno(eventi, dal, al)
    return [Giorno(d, oggi=d == oggi, voci=giorni[d]) for d in sorted(giorni)]
