"""Reads that other parts of the site use (the home page)."""

from .models import EventoPage

EVENTI_IN_HOME = 3


def prossimi_eventi_per_home(request):
    """The next upcoming events, for the home page's "Prossimi eventi" (one query)."""
    return list(EventoPage.objects.pubblicati().prossimi().defer_streamfields()[:EVENTI_IN_HOME])


def url_miei_eventi(request):
    """The "I miei eventi" route of the site's event index, or None when the site has none."""
    from django.core.cache import cache
    from wagtail.models import Site

    from .models import EventiIndexPage

    site = Site.find_for_request(request)
    if site is None:
        return None

    def trova():
        indice = EventiIndexPage.objects.live().descendant_of(site.root_page).first()
        return indice.url + indice.reverse_subpage("miei_eventi") if indice else ""

    # Shown in the header of every page for members: looked up once every five minutes, not per request.
    return cache.get_or_set(f"eventi:url-miei-eventi:{site.pk}", trova, 300) or None
