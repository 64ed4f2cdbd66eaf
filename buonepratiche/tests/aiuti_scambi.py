"""Helpers of the evaluation and adoption tests: members with a zone, complete score sheets,
the practice page's includes rendered for a given user."""

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

from buonepratiche.models import Criterio
from cop.tests.factories import ProfiloFactory


def con_zona(fabbrica, zona, **kwargs):
    """A user of `fabbrica` (OperatoreFactory, ReferenteFactory, ...) whose profile is in `zona`."""
    user = fabbrica(**kwargs)
    ProfiloFactory(user=user, zona=zona)
    return user


def punteggi(valore=3, **diversi):
    """A score for every criterion: `valore`, except the criteria named in `diversi`."""
    return {criterio: diversi.get(criterio, valore) for criterio in Criterio.values}


def rendi_include(nome, pratica, user=None):
    """The practice page's include `nome` as `user` (anonymous by default) sees it."""
    request = RequestFactory().get(pratica.url or "/")
    request.user = user or AnonymousUser()
    return render_to_string(f"buonepratiche/includes/{nome}.html", {"page": pratica}, request=request)
