"""Rate limits of the anonymous forms (accessibility feedback, page rating), in the cache, per client
address. The address is resolved as allauth resolves it for its own limits: with `TRUSTED_PROXY_COUNT`
proxies in front, the entry they appended to X-Forwarded-For, the connection's address otherwise."""

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import PermissionDenied


def indirizzo_client(request):
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # no address at all (not behind a real server): one shared bucket
        return "sconosciuto"


def consenti(request, azione, *, limite, secondi):
    """True while the client has made at most `limite` requests of `azione` in the window."""
    chiave = f"cop:limite:{azione}:{indirizzo_client(request)}"
    cache.add(chiave, 0, secondi)
    try:
        return cache.incr(chiave) <= limite
    except ValueError:  # expired between add and incr
        cache.set(chiave, 1, secondi)
        return True


def una_volta(request, azione, oggetto, *, secondi):
    """True the first time the client does `azione` on `oggetto` in `secondi`, False afterwards."""
    return cache.add(f"cop:una-volta:{azione}:{oggetto}:{indirizzo_client(request)}", 1, secondi)
