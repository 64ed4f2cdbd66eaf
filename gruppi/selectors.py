"""Reads of the working groups that are more than one queryset method."""

from dataclasses import dataclass

from django.db.models import Prefetch

from cop.models import Organizzazione

from . import permissions
from .models import Appartenenza, Gruppo


def gruppi_per_elenco(user):
    """The groups `user` may know of, with their members' count, and the ids of those they belong to
    (three queries)."""
    gruppi = list(Gruppo.objects.visibili_a(user).per_elenco())
    miei = set()
    if user.is_authenticated:
        miei = set(Appartenenza.objects.attive().filter(user=user).values_list("gruppo_id", flat=True))
    return gruppi, miei


@dataclass
class SchedaGruppo:
    organizzazioni: list
    coordinatori: list  # Appartenenza rows, with their users
    membri: list
    richieste: list  # only for those who manage the group
    numero_membri: int


def scheda_del_gruppo(gruppo, user, *, gestisce):
    """What the group's page shows besides its own fields; members only to those who may read them."""
    organizzazioni = [o for o in gruppo.organizzazioni.all() if o.stato == Organizzazione.Stato.PUBBLICATA]
    righe = list(
        gruppo.appartenenze.select_related("user", "user__profilo", "user__profilo__organizzazione").order_by(
            "user__first_name", "user__last_name", "pk"
        )
    )
    attive = [r for r in righe if r.stato == Appartenenza.Stato.ATTIVA]
    vede = permissions.can_see_members(user, gruppo)
    return SchedaGruppo(
        organizzazioni=organizzazioni,
        coordinatori=[r for r in attive if r.is_coordinatore] if vede else [],
        membri=[r for r in attive if not r.is_coordinatore] if vede else [],
        richieste=[r for r in righe if r.stato == Appartenenza.Stato.RICHIESTA] if gestisce else [],
        numero_membri=len(attive),
    )


def gruppo_con_relazioni(slug):
    return (
        Gruppo.objects.select_related("zona")
        .prefetch_related("temi", Prefetch("organizzazioni", queryset=Organizzazione.objects.order_by("nome")))
        .filter(slug=slug)
        .first()
    )
