from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BuonePraticheConfig(AppConfig):
    name = "buonepratiche"
    verbose_name = _("Buone pratiche")

    def ready(self):
        from cop.services import contributi_utente_registrati

        from . import selectors, signals

        signals.collega(self)
        from cop import home

        from .biblioteca import ultime_pratiche_per_home

        home.registra_sezione("ultime_pratiche", ultime_pratiche_per_home)
        from cop.riepilogo import registra_fonte

        from .riepilogo import novita_per_riepilogo

        registra_fonte("pratiche", novita_per_riepilogo)
        from django.urls import reverse

        from cop import area_personale

        from .permissions import can_propose

        area_personale.registra_voce(
            ordine=10,
            etichetta=_("Proponi una buona pratica"),
            url=lambda request: reverse("buonepratiche:proponi") if can_propose(request.user) else None,
        )
        area_personale.registra_voce(
            ordine=20, etichetta=_("Le mie pratiche"), url=lambda request: reverse("buonepratiche:mie_pratiche")
        )
        if selectors.dati_utente not in contributi_utente_registrati:
            contributi_utente_registrati.append(selectors.dati_utente)
