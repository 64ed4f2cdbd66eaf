from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("cop_area_personale", order=5)
def notifiche(request):
    return _("Notifiche"), reverse("notifiche:elenco")


@hooks.register("cop_area_personale", order=90)
def preferenze(request):
    return _("Preferenze delle notifiche"), reverse("notifiche:preferenze")


@hooks.register("cop_fonti_riepilogo")
def fonti_riepilogo():
    from .riepilogo import notifiche_per_riepilogo

    return {"notifiche": notifiche_per_riepilogo}


@hooks.register("cop_riepilogo_senza_novita")
def senza_novita(user_ids):
    from .riepilogo import senza_novita

    return senza_novita(user_ids)


@hooks.register("cop_dati_utente")
def dati_utente(user):
    from .models import Notifica, Preferenza

    return {
        "notifiche": [
            {
                "tipo": n.tipo,
                "titolo": n.titolo,
                "testo": n.testo,
                "indirizzo": n.url,
                "creata_il": n.creata_il.isoformat(),
                "letta_il": n.letta_il.isoformat() if n.letta_il else None,
            }
            for n in Notifica.objects.di(user).order_by("creata_il", "pk")
        ],
        "preferenze_notifiche": {p.tipo: p.canale for p in Preferenza.objects.filter(user=user)},
    }
