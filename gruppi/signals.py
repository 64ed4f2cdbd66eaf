"""Wiring only: the cache of the groups' forum categories, and the category touched when a group's access
changes (its topics are indexed again, the zone pages and the "Flusso" recount)."""

from django.db.models.signals import post_delete, post_save, pre_save

from .models import Gruppo
from .selectors import CATEGORIE


def _accesso_prima(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._accesso_prima = Gruppo.objects.filter(pk=instance.pk).values_list("accesso", flat=True).first()


def _accesso_cambiato(sender, instance, created=False, raw=False, **kwargs):
    prima = instance.__dict__.pop("_accesso_prima", None)
    if raw or created or prima is None or prima == instance.accesso or instance.categoria is None:
        return
    instance.categoria.save()  # the category's own signals: search (search/signals.py), territori


def collega():
    for segnale in (post_save, post_delete):
        CATEGORIE.collega(segnale, sender=Gruppo)
    pre_save.connect(_accesso_prima, sender=Gruppo, dispatch_uid="gruppi_accesso_prima")
    post_save.connect(_accesso_cambiato, sender=Gruppo, dispatch_uid="gruppi_accesso_cambiato")
