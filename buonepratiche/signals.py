"""Wiring only: the rules live in services/valutazioni.py."""

from django.db.models.signals import post_delete, post_save


def _soglia_salvata(sender, instance, **kwargs):
    from buonepratiche.services.valutazioni import ricalcola_validazioni

    ricalcola_validazioni(soglia=instance.soglia_validazione)


def _valutazione_eliminata(sender, instance, **kwargs):
    from buonepratiche.models import BuonaPraticaPage
    from buonepratiche.services.valutazioni import aggiorna_validata

    aggiorna_validata(pratica=BuonaPraticaPage(pk=instance.pratica_id))


def collega():
    from buonepratiche.models import ImpostazioniBuonePratiche, ValutazionePratica

    post_save.connect(_soglia_salvata, sender=ImpostazioniBuonePratiche, dispatch_uid="buonepratiche_soglia")
    post_delete.connect(_valutazione_eliminata, sender=ValutazionePratica, dispatch_uid="buonepratiche_valutazione")
