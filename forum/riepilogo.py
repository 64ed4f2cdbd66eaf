"""The forum's source for the weekly digest (cop/riepilogo.py): topics opened in an interval.

A topic belongs to the zone and the theme of its category. The forum is readable by everyone; a topic
counts only while it has a visible post (one hidden by the moderators, with nothing else, does not)."""

from django.db.models import Exists, OuterRef

from cop.riepilogo import Voce

from .models import Discussione, Messaggio


def novita_per_riepilogo(*, dal, adesso):
    """Topics opened after `dal` with at least one visible post (one query whatever their number)."""
    visibili = Messaggio.objects.filter(discussione=OuterRef("pk"), stato=Messaggio.Stato.VISIBILE)
    discussioni = (
        Discussione.objects.filter(creata_il__gt=dal, creata_il__lte=adesso, num_messaggi__gt=0)
        .filter(Exists(visibili))
        .select_related("categoria")
        .order_by("-creata_il", "-pk")
    )
    return [
        Voce(
            titolo=discussione.titolo,
            percorso=discussione.get_absolute_url(),
            data=discussione.creata_il,
            dettaglio=discussione.categoria.nome,
            zone=frozenset([discussione.categoria.zona_id]) if discussione.categoria.zona_id else frozenset(),
            temi=frozenset([discussione.categoria.tema_id]) if discussione.categoria.tema_id else frozenset(),
            autore_id=discussione.autore_id,
        )
        for discussione in discussioni
    ]
