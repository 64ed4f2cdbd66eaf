"""Wiring only: the rules live in services."""

from allauth.account.signals import email_confirmed, password_reset
from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .indirizzo import sincronizza_sito
from .selectors import PAGINE_DEL_SITO
from .services import attiva_operatore, verifica_email_con_invito

# The Wagtail Site answers at the public address of the settings (WAGTAILADMIN_BASE_URL).
post_migrate.connect(sincronizza_sito, sender=apps.get_app_config("cop"), dispatch_uid="cop_sincronizza_sito")

for segnale in (page_published, page_unpublished, post_page_move):
    PAGINE_DEL_SITO.collega(segnale)


@receiver(post_save, dispatch_uid="cop_pagine_del_sito_salva")
@receiver(post_delete, dispatch_uid="cop_pagine_del_sito_elimina")
def pagina_o_sito_cambiato(sender, instance, **kwargs):
    """A page of any type saved or deleted (also outside publishing: a page added by code, a move),
    a view restriction or a site: the cached menu and service pages are built again."""
    if isinstance(instance, Page | PageViewRestriction | Site):
        PAGINE_DEL_SITO.invalida()


@receiver(email_confirmed)
def operatore_dopo_verifica(sender, request, email_address, **kwargs):
    attiva_operatore(user=email_address.user)


@receiver(password_reset)
def email_verificata_dal_link(sender, request, user, **kwargs):
    verifica_email_con_invito(user=user)
