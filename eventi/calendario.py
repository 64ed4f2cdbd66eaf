"""RFC 5545 calendars of events (cop/calendario.py has what they share): one event, or a subscribable feed
of upcoming events; the secret address of a member's own feed."""

from datetime import UTC, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import strip_tags
from icalendar import Event

from cop.calendario import calendario as _calendario
from cop.calendario import dominio_degli_uid
from cop.indirizzo import url_pagina


def _vevent(evento, *, host, url):
    vevent = Event()
    # A stable UID: updating the event in the feed updates it in the subscriber's calendar.
    vevent.add("uid", f"evento-{evento.pk}@{host}")
    vevent.add("dtstamp", timezone.now().astimezone(UTC))
    vevent.add("dtstart", evento.inizio.astimezone(UTC))
    vevent.add("dtend", evento.fine.astimezone(UTC))
    vevent.add("summary", evento.title)
    if evento.last_published_at:
        vevent.add("last-modified", evento.last_published_at.astimezone(UTC))
    descrizione = "\n\n".join(
        parte for parte in (evento.intro, strip_tags(evento.descrizione or "").strip(), url) if parte
    )
    vevent.add("description", descrizione)
    vevent.add("url", url)
    luogo = ", ".join(parte for parte in (evento.luogo, evento.indirizzo) if parte)
    if evento.modalita == evento.Modalita.ONLINE:
        luogo = luogo or "Online"
    if luogo:
        vevent.add("location", luogo)
    vevent.add("categories", [evento.get_tipo_display()])
    vevent.add("status", "CONFIRMED")
    return vevent


def ics_evento(evento, *, request=None):
    calendario = _calendario()
    url = url_pagina(evento)
    calendario.add_component(_vevent(evento, host=dominio_degli_uid(), url=url))
    return calendario.to_ical()


def ics_feed(eventi, *, nome, request=None):
    calendario = _calendario(nome)
    calendario.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendario.add("x-published-ttl", "PT6H")
    for evento in eventi:
        calendario.add_component(_vevent(evento, host=dominio_degli_uid(), url=url_pagina(evento)))
    return calendario.to_ical()


# --- a member's own feed: its address holds a secret token ------------------------------------------

SALT_CALENDARIO_PERSONALE = "eventi.calendario-personale"


def _firma(user):
    """An HMAC (the site's SECRET_KEY) of the person and of their password hash: a new password
    retires the addresses given before it."""
    return salted_hmac(SALT_CALENDARIO_PERSONALE, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:32]


def token_calendario_personale(user):
    """«<id>-<hmac>»: letters, digits and a hyphen, what a Wagtail page path may hold (no «:» as in
    `signing.dumps`)."""
    return f"{user.pk}-{_firma(user)}"


def utente_del_calendario(token):
    """The active user of a valid token, or None (malformed, tampered, no such user, password changed)."""
    pk, _sep, firma = token.partition("-")
    if not pk.isdigit() or len(pk) > 18:
        return None
    user = get_user_model().objects.filter(pk=int(pk), is_active=True).first()
    if user is None or not constant_time_compare(firma, _firma(user)):
        return None
    return user
