"""Links of the personal area ("Le mie pratiche", "I miei eventi", ...) contributed by the apps.

An app registers, in its wagtail_hooks.py, a `cop_area_personale` hook (its `order` is the link's
place) that takes the request and returns (label, URL), the URL None when the link is hidden. The
header menu and the profile page show them; they are computed once per request."""

from wagtail import hooks


def voci(request):
    if not hasattr(request, "_cop_area_personale"):
        risultato = []
        for hook in hooks.get_hooks("cop_area_personale"):
            etichetta, indirizzo = hook(request)
            if indirizzo:
                risultato.append({"etichetta": etichetta, "url": indirizzo})
        request._cop_area_personale = risultato
    return request._cop_area_personale
