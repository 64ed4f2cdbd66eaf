"""The library's source for the weekly digest (cop/riepilogo.py): practices published in an interval."""

from buonepratiche.biblioteca import pratiche_pubblicate
from cop.riepilogo import Voce


def novita_per_riepilogo(*, dal, adesso):
    """Practices first published after `dal` (four queries whatever their number)."""
    return [
        Voce(
            titolo=pratica.title,
            percorso=pratica.get_url(),
            data=pratica.first_published_at,
            sommario=pratica.abstract,
            dettaglio=", ".join(zona.nome for zona in pratica.zone.all()),
            zone=frozenset(zona.pk for zona in pratica.zone.all()),
            temi=frozenset(tema.pk for tema in pratica.temi.all()),
            autore_id=pratica.owner_id,
        )
        for pratica in pratiche_pubblicate()
        .filter(first_published_at__gt=dal, first_published_at__lte=adesso)
        .defer_streamfields()
        .prefetch_related("zone", "temi")
        .order_by("-first_published_at", "-pk")
    ]
