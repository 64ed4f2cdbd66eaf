"""A group's meeting as an RFC 5545 event (cop/calendario.py has what calendars share), for who may read
the group: marked private when the group is not open, so a shared calendar shows only "busy"."""

from datetime import UTC

from django.utils import timezone
from icalendar import Event

from cop.calendario import calendario, dominio_degli_uid
from cop.indirizzo import url_assoluto


def ics_incontro(incontro):
    gruppo = incontro.gruppo
    url = url_assoluto(incontro.get_absolute_url())
    vevent = Event()
    vevent.add("uid", f"incontro-{incontro.pk}@{dominio_degli_uid()}")
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("dtstart", incontro.inizio.astimezone(UTC))  # no end: the meeting has only its start
    vevent.add("last-modified", incontro.aggiornato_il.astimezone(UTC))
    vevent.add("summary", f"{incontro.titolo} · {gruppo.nome}")
    vevent.add("description", "\n\n".join(parte for parte in (incontro.ordine_del_giorno.strip(), url) if parte))
    vevent.add("url", url)
    if incontro.luogo:
        vevent.add("location", incontro.luogo)
    vevent.add("class", "PUBLIC" if gruppo.accesso == gruppo.Accesso.APERTO else "PRIVATE")
    vevent.add("status", "CONFIRMED")
    vcalendar = calendario()
    vcalendar.add_component(vevent)
    return vcalendar.to_ical()
