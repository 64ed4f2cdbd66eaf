"""Wiring only: the rules live in services."""

from django.dispatch import receiver
from wagtail.signals import page_published

from .models import EventoPage
from .services import aggiorna_lista_attesa


@receiver(page_published, sender=EventoPage)
def posti_aggiunti(sender, instance, **kwargs):
    """An editor may have added seats: the waiting list fills them."""
    aggiorna_lista_attesa(evento=instance)
