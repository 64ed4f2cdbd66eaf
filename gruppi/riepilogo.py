"""The groups' source for the weekly digest (cop/riepilogo.py): what happened in each working group in
an interval (gruppi/attivita.py), for its members alone.

Each item names the group's active members as its only readers (`Voce.per`), read when the digest is
sent: who left the group gets nothing of it, whatever zones and themes they follow. Four queries
whatever the number of groups and items."""

from django.utils.translation import gettext as _

from cop.riepilogo import Voce

from .attivita import nell_intervallo
from .models import Appartenenza


def _membri(gruppo_ids):
    """{group id: frozenset of its active members' user ids} (one query)."""
    membri = {}
    righe = Appartenenza.objects.attive().filter(gruppo_id__in=gruppo_ids).values_list("gruppo_id", "user_id")
    for gruppo_id, user_id in righe:
        membri.setdefault(gruppo_id, set()).add(user_id)
    return {gruppo_id: frozenset(ids) for gruppo_id, ids in membri.items()}


def novita_per_riepilogo(*, dal, adesso):
    attivita = nell_intervallo(dal=dal, adesso=adesso)
    if not attivita:
        return []
    membri = _membri({a.gruppo_id for a in attivita})
    return [
        Voce(
            titolo=a.titolo,
            percorso=a.percorso,
            data=a.data,
            dettaglio=_("%(gruppo)s: %(cosa)s") % {"gruppo": a.gruppo_nome, "cosa": a.descrizione},
            autore_id=a.autore_id,
            per=membri[a.gruppo_id],
        )
        for a in attivita
        if membri.get(a.gruppo_id)
    ]
