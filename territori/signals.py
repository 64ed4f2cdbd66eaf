"""Wiring only, the one place where this app connects signals (called by `apps.py`): the flow's
cached figures (`flusso.CACHE`) are dropped when what they count changes: a page published,
unpublished or deleted, a topic, post or category of the forum, a zone or a theme, an adoption, a need
emerged or a group (its access decides who reads its needs), a service."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from buonepratiche.models import Adozione
from cop.models import Tema, Zona
from forum.models import Categoria, Discussione, Messaggio
from gruppi.models import BisognoEmerso, Gruppo

from .flusso import CACHE
from .models import Servizio


def collega():
    for segnale in (page_published, page_unpublished):
        CACHE.collega(segnale)
    for modello in (Discussione, Messaggio, Categoria, Zona, Tema, Adozione, BisognoEmerso, Gruppo, Servizio):
        CACHE.collega(post_save, sender=modello)
        CACHE.collega(post_delete, sender=modello)
    CACHE.collega(post_delete, sender=Page)
