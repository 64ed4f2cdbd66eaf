"""Reads of the working groups that are more than one queryset method."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch

from cop.cache import CacheVersionata
from cop.models import Organizzazione

from . import permissions
from .models import Appartenenza, BisognoEmerso, Gruppo


def gruppi_per_elenco(user):
    """The groups `user` may know of, with their members' count, and the ids of those they belong to
    (three queries)."""
    gruppi = list(Gruppo.objects.visibili_a(user).per_elenco())
    miei = set()
    if user.is_authenticated:
        miei = set(Appartenenza.objects.attive().filter(user=user).values_list("gruppo_id", flat=True))
    return gruppi, miei


MEMBRI_NELLA_PAGINA = 24  # the group's page names the first ones; /membri/ lists them all, by pages
MEMBRI_PER_PAGINA = 50
RICHIESTE_NELLA_PAGINA = 10  # the oldest first; the others after these are handled


@dataclass
class SchedaGruppo:
    organizzazioni: list
    coordinatori: list  # Appartenenza rows, with their users
    membri: list  # the first MEMBRI_NELLA_PAGINA
    richieste: list  # the first RICHIESTE_NELLA_PAGINA, only for those who manage the group
    numero_richieste: int
    numero_membri: int  # coordinators included


def persone_del_gruppo(gruppo):
    """The group's rows with what a list of people shows (name, organisation), in alphabetical order."""
    return gruppo.appartenenze.select_related("user", "user__profilo", "user__profilo__organizzazione").order_by(
        "user__first_name", "user__last_name", "pk"
    )


def scheda_del_gruppo(gruppo, user, *, gestisce):
    """What the group's page shows besides its own fields, in a fixed number of queries whatever the
    number of members; names only to those who may see them."""
    organizzazioni = [o for o in gruppo.organizzazioni.all() if o.stato == Organizzazione.Stato.PUBBLICATA]
    attive = persone_del_gruppo(gruppo).filter(stato=Appartenenza.Stato.ATTIVA)
    vede = permissions.can_see_members(user, gruppo)
    richieste = gruppo.appartenenze.richieste().select_related("user__profilo").order_by("creata_il", "pk")
    return SchedaGruppo(
        organizzazioni=organizzazioni,
        coordinatori=list(attive.filter(ruolo=Appartenenza.Ruolo.COORDINATORE)) if vede else [],
        membri=list(attive.filter(ruolo=Appartenenza.Ruolo.MEMBRO)[:MEMBRI_NELLA_PAGINA]) if vede else [],
        richieste=list(richieste[:RICHIESTE_NELLA_PAGINA]) if gestisce else [],
        numero_richieste=richieste.count() if gestisce else 0,
        numero_membri=attive.count(),
    )


def gruppo_con_relazioni(slug):
    return (
        Gruppo.objects.select_related("zona")
        .prefetch_related("temi", Prefetch("organizzazioni", queryset=Organizzazione.objects.order_by("nome")))
        .filter(slug=slug)
        .first()
    )


# --- The group's discussions in the forum (forum/accesso.py asks through a hook) ----------------------------

CATEGORIE = CacheVersionata("gruppi:categorie")


def _categorie_dei_gruppi():
    return list(Gruppo.objects.filter(categoria__isnull=False).values_list("categoria_id", "pk", "accesso", "zona_id"))


def categorie_riservate(user):
    """(categories `user` may not read, categories `user` may not write in, categories `user` moderates):
    a group's discussions are read by whoever may read the group, written by its members and by who
    manages it, moderated by its coordinators and the referente of its zone (editors moderate the whole
    forum). No query for a visitor (the groups' categories are cached), one for a member (their groups)."""
    righe = CATEGORIE.valore("tutte", calcola=_categorie_dei_gruppi)
    if not righe or permissions.vede_tutti_i_gruppi(user):
        return (), (), ()
    ruoli = {}
    if user.is_authenticated:
        ruoli = dict(Appartenenza.objects.attive().filter(user=user).values_list("gruppo_id", "ruolo"))
    zona_referente = permissions.zona_del_referente(user)
    non_leggibili, non_scrivibili, moderate = [], [], []
    for categoria_id, gruppo_id, accesso, zona_id in righe:
        gestisce = zona_referente is not None and zona_id == zona_referente
        if gestisce or ruoli.get(gruppo_id) == Appartenenza.Ruolo.COORDINATORE:
            moderate.append(categoria_id)
        elif gruppo_id not in ruoli:
            non_scrivibili.append(categoria_id)
            if accesso != Gruppo.Accesso.APERTO:
                non_leggibili.append(categoria_id)
    return non_leggibili, non_scrivibili, moderate


def ultime_discussioni_del_gruppo(gruppo, user, limite=5):
    """The group's latest topics with a post `user` may read (none when its discussions are not open)."""
    from forum.models import Discussione

    if gruppo.categoria_id is None:
        return []
    return list(
        Discussione.objects.leggibili_da(user)
        .filter(categoria_id=gruppo.categoria_id, num_messaggi__gt=0)
        .select_related("ultimo_autore")
        .order_by("-ultima_attivita", "-pk")[:limite]
    )


def gruppi_dell_organizzazione(organizzazione, user):
    """The working groups an organisation takes part in, of those `user` may know of (one query)."""
    return list(Gruppo.objects.visibili_a(user).filter(organizzazioni=organizzazione).select_related("zona"))


# --- Needs emerged, by zone (the zone page and the map of /zone/, territori/flusso.py) -------------------------


def bisogni_della_zona(zona, user, *, tema=None, destinatari=None):
    """The needs raised at meetings of the zone's groups whose content `user` may read, latest meeting
    first (a queryset: the caller slices it)."""
    bisogni = BisognoEmerso.objects.filter(
        incontro__gruppo__zona=zona, incontro__gruppo__in=Gruppo.objects.leggibili_da(user)
    )
    if tema is not None:
        bisogni = bisogni.filter(tema=tema)
    if destinatari is not None:
        bisogni = bisogni.filter(destinatari=destinatari)
    return bisogni.select_related("incontro__gruppo", "tema", "destinatari", "organizzazione").order_by(
        "-incontro__inizio", "-pk"
    )


def bisogni_pubblici_per_zona():
    """{zona_id: needs raised in the zone's open groups} (what anyone may read), one GROUP BY query."""
    righe = (
        BisognoEmerso.objects.filter(
            incontro__gruppo__accesso=Gruppo.Accesso.APERTO, incontro__gruppo__zona__isnull=False
        )
        .order_by()
        .values_list("incontro__gruppo__zona")
        .annotate(n=Count("pk"))
    )
    return dict(righe)
