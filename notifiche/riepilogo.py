"""The notifications a member chose to read in the weekly digest: its section "Per te"."""

from django.db.models import Exists, OuterRef, Q

from cop.riepilogo import Voce

from .models import Notifica, Preferenza
from .services import canali
from .tipi import PREDEFINITI, Canale, Tipo


def _nel_riepilogo():
    """Notifications whose member's channel for their kind is the digest (what is new in the followed
    zones and themes has its own sections: not repeated here)."""
    scelta = Preferenza.objects.filter(user_id=OuterRef("user_id"), tipo=OuterRef("tipo"))
    per_predefinito = [t for t, c in PREDEFINITI.items() if c == Canale.RIEPILOGO and t != Tipo.NOVITA]
    return Q(Exists(scelta.filter(canale=Canale.RIEPILOGO))) | Q(tipo__in=per_predefinito, senza_scelta=True)


def notifiche_per_riepilogo(*, dal, adesso):
    scelta = Preferenza.objects.filter(user_id=OuterRef("user_id"), tipo=OuterRef("tipo"))
    notifiche = (
        Notifica.objects.exclude(tipo=Tipo.NOVITA)
        .filter(creata_il__gt=dal, creata_il__lte=adesso, letta_il__isnull=True)
        .annotate(senza_scelta=~Exists(scelta))
        .filter(_nel_riepilogo())
        .order_by("creata_il", "pk")
    )
    for notifica in notifiche:
        yield Voce(
            titolo=notifica.titolo,
            percorso=notifica.url or "/notifiche/",
            data=notifica.creata_il,
            sommario=notifica.testo[:300],
            dettaglio=notifica.get_tipo_display(),
            per=frozenset({notifica.user_id}),
        )


def senza_novita(user_ids):
    """Of `user_ids`, those who did not choose the digest for what is new in what they follow."""
    return {uid for uid, canale in canali(user_ids, Tipo.NOVITA).items() if canale != Canale.RIEPILOGO}
