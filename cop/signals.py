"""Wiring only: the rules live in services."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from .services import attiva_operatore


@receiver(email_confirmed)
def operatore_dopo_verifica(sender, request, email_address, **kwargs):
    attiva_operatore(user=email_address.user)
