"""What the bell and the notifications page read."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from .models import Notifica


def numero_non_lette(request):
    """The unread count of the member of `request`, once per request (None for visitors)."""
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_notifiche_non_lette"):
        request._notifiche_non_lette = Notifica.objects.di(request.user).non_lette().count()
    return request._notifiche_non_lette


def elenco(user):
    return Notifica.objects.di(user).select_related("attore").order_by("-creata_il", "-pk")


def _ancora_visibili(modello, ids, user):
    """The ids among `ids` of objects of `modello` that still exist and `user` may still read: a page
    live and public; a model whose queryset has `notificabili_a(user)` (or `visibili_a(user)`) by it."""
    qs = modello._default_manager.filter(pk__in=ids)
    if issubclass(modello, Page):
        qs = qs.live().public()
    elif hasattr(qs, "notificabili_a"):
        qs = qs.notificabili_a(user)
    elif hasattr(qs, "visibili_a"):
        qs = qs.visibili_a(user)
    return set(qs.values_list("pk", flat=True))


def con_disponibilita(notifiche, user):
    """Set `disponibile` on each notification of a page: False when what it is about was hidden,
    withdrawn or deleted since (one query per kind of object on the page, whatever their number)."""
    notifiche = list(notifiche)
    per_tipo = defaultdict(set)
    for notifica in notifiche:
        if notifica.oggetto_tipo_id:
            per_tipo[notifica.oggetto_tipo_id].add(notifica.oggetto_id)
    visibili = {}
    for tipo_id, ids in per_tipo.items():
        modello = ContentType.objects.get_for_id(tipo_id).model_class()
        visibili[tipo_id] = _ancora_visibili(modello, ids, user) if modello is not None else set()
    for notifica in notifiche:
        notifica.disponibile = (
            notifica.oggetto_tipo_id is None or notifica.oggetto_id in visibili[notifica.oggetto_tipo_id]
        )
    return notifiche
