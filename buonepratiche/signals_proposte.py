"""Wiring only (the rule is `services.proposte.assicura_workflow`): the library's index page gets the
review workflow when it is created, and after every migrate for an index page that already exists."""

from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from .models import BuonePraticheIndexPage


@receiver(post_save, sender=BuonePraticheIndexPage, dispatch_uid="buonepratiche_workflow_indice")
def workflow_per_nuovo_indice(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services.proposte import assicura_workflow

        assicura_workflow(instance)


def workflow_dopo_migrate(sender, using="default", **kwargs):
    from .services.proposte import assicura_workflow

    for indice in BuonePraticheIndexPage.objects.using(using):
        assicura_workflow(indice)


def allegati_pubblici_alla_pubblicazione(sender, instance, **kwargs):
    from .services.proposte import rendi_pubblici_allegati

    rendi_pubblici_allegati(pratica=instance)


def collega(app_config):
    from wagtail.signals import page_published

    from .models import BuonaPraticaPage

    post_migrate.connect(workflow_dopo_migrate, sender=app_config, dispatch_uid="buonepratiche_workflow_migrate")
    page_published.connect(
        allegati_pubblici_alla_pubblicazione, sender=BuonaPraticaPage, dispatch_uid="buonepratiche_allegati_pubblici"
    )
