"""Wiring only: the rules live in services."""

from allauth.account.signals import email_confirmed, password_reset
from django.dispatch import receiver

from .services import attiva_operatore, verifica_email_con_invito


@receiver(email_confirmed)
def operatore_dopo_verifica(sender, request, email_address, **kwargs):
    attiva_operatore(user=email_address.user)


@receiver(password_reset)
def email_verificata_dal_link(sender, request, user, **kwargs):
    verifica_email_con_invito(user=user)
