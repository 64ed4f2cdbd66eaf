"""Wiring only, the one place where this app connects signals (called by `apps.py`): the rules live
in services (valutazioni, proposte) and the caches in `biblioteca.CACHE`.

- the validation threshold saved, an evaluation deleted: validations computed again;
- the library's index page created, or after migrate: it gets the review workflow;
- a practice published: its attachments become public; its followers (first time) or who saved it
  (a new version) are told;
- a practice, its partners, evaluations, vocabularies, zones or themes changed: the library's cached
  counts and vocabularies are dropped."""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cop.models import Tema, Zona

from . import models
from .biblioteca import CACHE
from .models import BuonaPraticaPage, BuonePraticheIndexPage, ImpostazioniBuonePratiche, ValutazionePratica


def _soglia_salvata(sender, instance, **kwargs):
    from buonepratiche.services.valutazioni import ricalcola_validazioni

    ricalcola_validazioni(soglia=instance.soglia_validazione)


def _valutazione_eliminata(sender, instance, **kwargs):
    from buonepratiche.services.valutazioni import aggiorna_validata

    aggiorna_validata(pratica=BuonaPraticaPage(pk=instance.pratica_id))


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


def avvisa_pubblicazione(sender, instance, **kwargs):
    from cop.selectors import e_prima_pubblicazione

    from .services import notifiche

    notifiche.pubblicata(pratica=instance, prima_volta=e_prima_pubblicazione(instance), da=kwargs.get("user"))


def collega(app_config):
    post_save.connect(_soglia_salvata, sender=ImpostazioniBuonePratiche, dispatch_uid="buonepratiche_soglia")
    post_delete.connect(_valutazione_eliminata, sender=ValutazionePratica, dispatch_uid="buonepratiche_valutazione")
    post_migrate.connect(workflow_dopo_migrate, sender=app_config, dispatch_uid="buonepratiche_workflow_migrate")
    page_published.connect(
        allegati_pubblici_alla_pubblicazione, sender=BuonaPraticaPage, dispatch_uid="buonepratiche_allegati_pubblici"
    )
    page_published.connect(avvisa_pubblicazione, sender=BuonaPraticaPage, dispatch_uid="buonepratiche_notifiche")
    _collega_cache_biblioteca()


def _collega_cache_biblioteca():
    modelli = [
        models.BuonaPraticaPage,
        models.SoggettoCoinvolto,
        models.ValutazionePratica,
        models.ImpostazioniBuonePratiche,
        models.Destinatario,
        models.FonteFinanziamento,
        models.Metodologia,
        Zona,
        Tema,
    ]
    for modello in modelli:
        CACHE.collega(post_save, sender=modello)
        CACHE.collega(post_delete, sender=modello)
    for segnale in (page_published, page_unpublished):
        CACHE.collega(segnale, sender=models.BuonaPraticaPage)
    for campo in models.CAMPI_M2M.values():
        CACHE.collega(m2m_changed, sender=models.BuonaPraticaPage._meta.get_field(campo).remote_field.through)
