"""Reads that other parts of the site use (the home page)."""

from .models import EventoPage

EVENTI_IN_HOME = 3


def prossimi_eventi_per_home(request):
    """The next upcoming events, for the home page's "Prossimi eventi" (one query)."""
    return list(EventoPage.objects.pubblicati().prossimi().defer_streamfields()[:EVENTI_IN_HOME])
