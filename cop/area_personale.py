"""Links of the personal area ("Le mie pratiche", "I miei eventi", ...) contributed by the apps.

An app registers, in its AppConfig.ready(), `registra_voce(ordine=..., etichetta=..., url=fn)` where
`fn(request)` returns the URL or None (the link is then hidden). The header menu and the profile
page show them; they are computed once per request."""

_voci = []


def registra_voce(*, ordine, etichetta, url):
    if all(voce[1] != etichetta for voce in _voci):
        _voci.append((ordine, etichetta, url))


def voci(request):
    if not hasattr(request, "_cop_area_personale"):
        risultato = []
        for _ordine, etichetta, url in sorted(_voci, key=lambda voce: voce[0]):
            indirizzo = url(request)
            if indirizzo:
                risultato.append({"etichetta": etichetta, "url": indirizzo})
        request._cop_area_personale = risultato
    return request._cop_area_personale
