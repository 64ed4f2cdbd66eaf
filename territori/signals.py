"""Wiring only, the one place where this app connects signals (called by `apps.py`): the flow's
cached figures (`flusso.CACHE`) are dropped when what they count changes: a page published,
unpublished or deleted, a topic, post or category of the forum, a zone or a theme, an adoption, a need
emerged or a group (its access decides who reads its needs), a service; for the indicators, their
definitions and values, an attendance at an event, a member's profile (not the account: every login saves
it; an account closed leaves the count of new members when the cache expires, `CACHE.durata`)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from buonepratiche.models import Adozione
from cop.models import Profilo, Tema, Zona
from eventi.models import Iscrizione
from forum.models import Categoria, Discussione, Messaggio
from gruppi.models import BisognoEmerso, Gruppo

from .flusso import CACHE
from .models import Indicatore, Servizio, ValoreIndicatore


def collega():
    for segnale in (page_published, page_unpublished):
        CACHE.collega(segnale)
    modelli = (Discussione, Messaggio, Categoria, Zona, Tema, Adozione, BisognoEmerso, Gruppo, Servizio)
    modelli += (PageViewRestriction,)  # a practice made private leaves the counts and the lists of adoptions
    indicatori = (Indicatore, ValoreIndicatore, Iscrizione, Profilo)
    for modello in modelli + indicatori:
        CACHE.collega(post_save, sender=modello)
        CACHE.collega(post_delete, sender=modello)
    CACHE.collega(post_delete, sender=Page)
