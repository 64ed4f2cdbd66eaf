"""What the practice page shows of evaluations and adoptions. The tags only call the selectors
(a fixed number of queries per page), so the page template needs nothing in its context:

    {% include "buonepratiche/includes/valutazione.html" %}
    {% include "buonepratiche/includes/adozioni.html" %}
"""

from django import template
from django.middleware.csrf import get_token

from buonepratiche import selectors
from buonepratiche.forms_adozioni import DichiarazioneAdozioneForm
from buonepratiche.services.adozioni import motivo_rifiuto

register = template.Library()


def _utente(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def valutazioni_pratica(context, pratica):
    """The evaluations of the practice for its author and the editors; None for everyone else."""
    user = _utente(context)
    if user is None:
        return None
    return selectors.valutazioni_visibili(pratica, user)


@register.simple_tag(takes_context=True)
def adozioni_pratica(context, pratica):
    """Adoptions in both directions, and the declaration form when the member may use it."""
    adozioni = selectors.adozioni_della_pratica(pratica)
    adozioni.form = None
    adozioni.gia_dichiarata = None
    adozioni.csrf = None
    user = _utente(context)
    if user is not None and user.is_authenticated and motivo_rifiuto(user, pratica) is None:
        zona = user.profilo.zona_confermata
        adozioni.gia_dichiarata = next((a for a in adozioni.adottata_in if a.zona_adottante_id == zona.pk), None)
        if adozioni.gia_dichiarata is None:
            adozioni.form = DichiarazioneAdozioneForm(pratica=pratica, zona=zona)
            adozioni.csrf = get_token(context["request"])
    return adozioni
