"""The events' source for the weekly digest (cop/riepilogo.py): upcoming events announced in an interval."""

from cop.riepilogo import Voce

from .models import EventoPage


def novita_per_riepilogo(*, dal, adesso):
    """Events first published after `dal` that have not ended (four queries whatever their number)."""
    return [
        Voce(
            titolo=evento.title,
            percorso=evento.get_url(),
            data=evento.first_published_at,
            sommario=evento.intro,
            dettaglio=evento.quando,
            zone=frozenset(zona.pk for zona in evento.zone.all()),
            temi=frozenset(tema.pk for tema in evento.temi.all()),
        )
        for evento in EventoPage.objects.pubblicati()
        .prossimi(adesso)
        .filter(first_published_at__gt=dal, first_published_at__lte=adesso)
        .per_elenco()
    ]
