"""The site's public address: one setting, `WAGTAILADMIN_BASE_URL` (from the environment's `SITE_URL`,
or `WAGTAILADMIN_BASE_URL`; http://127.0.0.1:8000 in development).

Every link that leaves a page (emails, feeds, calendars, the admin's login file) is built here, from
the setting, never from the Host of the request that caused it: an email sent by the worker has no
request, and a Host header is chosen by whoever sends the request (a password-reset link must not
point to an address an attacker typed). The Wagtail Site record follows the setting on every
`migrate` (see `sincronizza_sito`), so Wagtail's own full URLs agree with it."""

from urllib.parse import urlsplit

from anyascii import anyascii
from django.conf import settings
from django.utils.text import slugify


def base_url():
    """ "https://cop.example.it", without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def url_assoluto(percorso="/"):
    """The public address of a path of the site; a URL that is already absolute is left as it is
    (a page of another Wagtail site, an external link)."""
    percorso = str(percorso)
    if percorso.startswith(("http://", "https://")):
        return percorso
    if not percorso.startswith("/"):
        percorso = "/" + percorso
    return base_url() + percorso


def url_pagina(pagina):
    """The public address of a Wagtail page, built from its path and the setting."""
    return url_assoluto(pagina.get_url())


def host_e_porta():
    """The (hostname, port) of the public address, as the Wagtail Site record stores them."""
    parti = urlsplit(base_url())
    porta = parti.port or (443 if parti.scheme == "https" else 80)
    return parti.hostname or "localhost", porta


def sincronizza_sito(**kwargs):
    """Make the default Wagtail Site answer at the public address (hostname and port); a
    `post_migrate` receiver, so `migrate` (and `make run`, `make seed`) keeps the two in step."""
    from django.db import DatabaseError
    from wagtail.models import Site

    hostname, porta = host_e_porta()
    try:
        sito = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # the table is not there yet (a partial migrate)
        return
    if sito is not None and (sito.hostname, sito.port) != (hostname, porta):
        sito.hostname, sito.port = hostname, porta
        sito.save(update_fields=["hostname", "port"])


class FeedPubblico:
    """For a `django.contrib.syndication` Feed that keeps its request in `self.request`: the feed's
    own address at the public address too (Django builds it from the request's Host otherwise)."""

    def feed_url(self):
        return url_assoluto(self.request.get_full_path())


def slug_ascii(testo):
    """A page address in ASCII: letters folded by anyascii (Wagtail's own dependency: à → a, ß → ss,
    ø → o), then Django's slugify. An ASCII slug is left as it is."""
    if not testo or testo.isascii():
        return testo
    return slugify(anyascii(testo))
