"""Wiring only: the rules live in services."""

from django.dispatch import receiver
from wagtail.signals import page_published

from cop.selectors import e_prima_pubblicazione

from .models import EventoPage
from .services import aggiorna_lista_attesa, avvisa_pubblicazione


@receiver(page_published, sender=EventoPage)
def posti_aggiunti(sender, instance, **kwargs):
    """An editor may have added seats: the waiting list fills them."""
    aggiorna_lista_attesa(evento=instance)


@receiver(page_published, sender=EventoPage)
def evento_pubblicato(sender, instance, **kwargs):
    """The first publication: the members who follow its zones or themes are told."""
    avvisa_pubblicazione(evento=instance, prima_volta=e_prima_pubblicazione(instance))


def workflow_per_nuovo_indice(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import assicura_workflow

        assicura_workflow(instance)


def workflow_dopo_migrate(sender, using="default", **kwargs):
    from .models import EventiIndexPage
    from .services import assicura_workflow

    assicura_workflow(None)  # Wagtail's default workflow gets its Italian name even before any index
    for indice in EventiIndexPage.objects.using(using):
        assicura_workflow(indice)


def collega(app_config):
    from django.db.models.signals import post_migrate, post_save

    from .models import EventiIndexPage

    post_save.connect(workflow_per_nuovo_indice, sender=EventiIndexPage, dispatch_uid="eventi_workflow_indice")
    post_migrate.connect(workflow_dopo_migrate, sender=app_config, dispatch_uid="eventi_workflow_migrate")
