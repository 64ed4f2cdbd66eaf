"""What every RFC 5545 calendar of the site shares (icalendar library): the product id, the calendar's
head, the domain of the events' UIDs. The events' own fields are their app's (eventi/calendario.py,
gruppi/calendario.py)."""

from urllib.parse import urlsplit

from django.http import HttpResponse
from icalendar import Calendar

from .indirizzo import base_url

PRODID = "-//Regione Toscana//CoP Inclusione sociale//IT"


def calendario(nome=None, *, metodo="PUBLISH"):
    vcalendar = Calendar()
    vcalendar.add("prodid", PRODID)
    vcalendar.add("version", "2.0")
    vcalendar.add("calscale", "GREGORIAN")
    vcalendar.add("method", metodo)
    if nome:
        vcalendar.add("x-wr-calname", nome)
        vcalendar.add("name", nome)
    return vcalendar


def dominio_degli_uid():
    """The UIDs' domain: the site's canonical host, whatever host a request came through. A stable UID
    lets a calendar update the event it already holds."""
    return urlsplit(base_url()).hostname or "cop.local"


def risposta_ics(contenuto, *, nome_file, allegato):
    response = HttpResponse(contenuto, content_type="text/calendar; charset=utf-8")
    disposizione = "attachment" if allegato else "inline"
    response["Content-Disposition"] = f'{disposizione}; filename="{nome_file}"'
    return response
