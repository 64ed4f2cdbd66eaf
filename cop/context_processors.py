from wagtail.models import Site


def sito(request):
    """The pages every template links to (footer, header): found once per request, cached on it."""
    if not hasattr(request, "_cop_pagine_di_servizio"):
        from .selectors import pagine_di_servizio

        site = Site.find_for_request(request)
        request._cop_pagine_di_servizio = pagine_di_servizio(site)
    return {"pagine_di_servizio": request._cop_pagine_di_servizio}
