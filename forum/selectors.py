"""Reads of the forum used by other apps (home page, data export)."""

from .models import Discussione, Messaggio


def ultime_discussioni(request, *, quante=5):
    """The home page's "Ultime discussioni" (one query)."""
    return list(Discussione.objects.filter(num_messaggi__gt=0).order_by("-ultima_attivita", "-pk")[:quante])


def dati_utente(user):
    """The member's topics and posts, for their data export."""
    return {
        "forum": {
            "discussioni": [
                {"titolo": d.titolo, "aperta_il": d.creata_il.isoformat(), "url": d.get_absolute_url()}
                for d in Discussione.objects.filter(autore=user).order_by("pk")
            ],
            "messaggi": [
                {
                    "discussione": m.discussione.titolo,
                    "scritto_il": m.creato_il.isoformat(),
                    "modificato_il": m.modificato_il.isoformat() if m.modificato_il else None,
                    "stato": m.stato,
                    "testo": m.testo,
                }
                for m in Messaggio.objects.filter(autore=user).select_related("discussione").order_by("pk")
            ],
        }
    }
