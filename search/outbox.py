"""The outbox: changes that the search index must receive, kept in the database until it has them.

`registra(ids)` writes one `Modifica` per document in the caller's transaction (a rolled-back
change leaves no record) and asks, after the commit, for the task that applies them. Enqueueing is
a database insert: the user's action never waits for the engine.

`applica_in_sospeso()` (the task, and `manage.py search_index --apply` for cron) takes the pending
records in blocks, rebuilds each document from the database (the latest state wins, whatever the
order of the records), sends the block to the engine in bulk and deletes the records only once
the engine has them. If the engine is unavailable the records stay for the next run.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks.exceptions import InvalidTaskError

from .backends.base import SearchUnavailable
from .models import Modifica, TurnoIndicizzazione

logger = logging.getLogger(__name__)

BLOCCO = 500
MASSIMO_TENTATIVI = 3  # after so many failures (not unavailability) a record is set aside
DURATA_TURNO = timedelta(minutes=10)
RIPROVA_DOPO = timedelta(minutes=1)


# --- Writing records ------------------------------------------------------------------------------


def registra(ids, *, azione=Modifica.Azione.AGGIORNA):
    """Record that these documents changed; in the current transaction, if any."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return
    Modifica.objects.bulk_create([Modifica(documento=doc_id, azione=azione) for doc_id in ids], batch_size=BLOCCO)
    _dopo_il_commit()


def registra_pagine(pagine_qs, *, azione=Modifica.Azione.AGGIORNA):
    """Record every page of a queryset (e.g. a subtree), with its specific model in the id."""
    registra(_ids_pagine(pagine_qs), azione=azione)


def _ids_pagine(pagine_qs):
    from django.contrib.contenttypes.models import ContentType

    ids = []
    for pk, content_type_id in pagine_qs.order_by().values_list("pk", "content_type_id").iterator(chunk_size=2000):
        modello = ContentType.objects.get_for_id(content_type_id).model_class()
        if modello is not None:
            ids.append(f"{modello._meta.label_lower}:{pk}")
    return ids


def registra_sotto_le_radici(radici):
    """Record every page under these root pages (pks; those gone are skipped): a site was created or
    deleted, or its root page changed, so which pages are public and their paths change."""
    from wagtail.models import Page

    sotto = Page.objects.none()
    for radice in Page.objects.filter(pk__in=radici):
        sotto |= Page.objects.descendant_of(radice, inclusive=True)
    registra_pagine(sotto)


def registra_zona_o_tema(oggetto, *, campi):
    """Record the documents that show one of `campi` ("slug", "nome") of a zone or a theme
    (cop.Zona, cop.Tema): after a rename, or before a delete (its links are gone after it)."""
    registra(documenti_di_zona_o_tema(oggetto, campi=campi))


def documenti_di_zona_o_tema(oggetto, *, campi) -> list[str]:
    """Ids of the documents that show one of `campi` of a zone or theme, as search/documents.py
    builds them: pages linked to it by a many-to-many (practices, events, updates), and the topics
    of the forum categories filed under it (their posts are in them); of each source, only if it reads one of
    `campi` (`Sorgente.da_zone_e_temi`). One query per page model and two for the forum."""
    from wagtail.models import Page

    from forum.models import Categoria, Discussione

    from .documents import registro

    campi = set(campi)
    ids = []
    for relazione in type(oggetto)._meta.related_objects:
        modello = relazione.related_model
        if not (relazione.many_to_many and issubclass(modello, Page)):
            continue
        sorgente = registro.per_modello(modello)
        if sorgente is not None and campi & sorgente.da_zone_e_temi:
            ids += _ids_pagine(modello.objects.filter(**{relazione.field.name: oggetto}))
    for campo in Categoria._meta.get_fields():
        if not (campo.many_to_one and campo.related_model is type(oggetto)):
            continue
        categorie = Categoria.objects.filter(**{campo.name: oggetto}).values("pk")
        for modello, filtro in ((Discussione, {"categoria__in": categorie}),):
            sorgente = registro.per_modello(modello)
            if sorgente is not None and campi & sorgente.da_zone_e_temi:
                etichetta = modello._meta.label_lower
                ids += [f"{etichetta}:{pk}" for pk in modello.objects.filter(**filtro).values_list("pk", flat=True)]
    return ids


def _dopo_il_commit():
    """One enqueue per transaction, however many records it writes."""
    connessione = transaction.get_connection()
    if connessione.in_atomic_block and any(
        funzione is _accoda for _sids, funzione, _robust in connessione.run_on_commit
    ):
        return
    transaction.on_commit(_accoda, robust=True)


def _accoda():
    from .tasks import applica_modifiche

    applica_modifiche.enqueue()


# --- Applying them --------------------------------------------------------------------------------


@dataclass
class Esito:
    applicate: int = 0
    aggiornati: int = 0
    eliminati: int = 0
    in_attesa: int = 0
    occupato: bool = False  # another applier holds the turn: it will see our records
    errore: str = ""


class TurnoOccupato(Exception):
    """Another process is applying the outbox or rebuilding the index."""


def _prendi_turno():
    adesso = timezone.now()
    libero = TurnoIndicizzazione.objects.filter(Q(occupato_fino_al__isnull=True) | Q(occupato_fino_al__lt=adesso), pk=1)
    if libero.update(occupato_fino_al=adesso + DURATA_TURNO):
        return True
    if not TurnoIndicizzazione.objects.filter(pk=1).exists():
        try:
            with transaction.atomic():
                TurnoIndicizzazione.objects.create(pk=1, occupato_fino_al=adesso + DURATA_TURNO)
            return True
        except IntegrityError:
            return False
    return False


def rinnova_turno():
    """Keep the turn during a long piece of work (it lapses after DURATA_TURNO otherwise)."""
    TurnoIndicizzazione.objects.filter(pk=1).update(occupato_fino_al=timezone.now() + DURATA_TURNO)


def _lascia_turno():
    TurnoIndicizzazione.objects.filter(pk=1).update(occupato_fino_al=None)


@contextmanager
def turno(*, attesa=0.0):
    """Hold the one turn of index writers (the outbox applier, a rebuild); wait up to `attesa`
    seconds for it, then raise TurnoOccupato."""
    scadenza = time.monotonic() + attesa
    while not _prendi_turno():
        if time.monotonic() >= scadenza:
            raise TurnoOccupato
        time.sleep(0.5)
    try:
        yield
    finally:
        _lascia_turno()


def in_attesa():
    return Modifica.objects.filter(tentativi__lt=MASSIMO_TENTATIVI)


def applica_in_sospeso(*, backend=None, blocco=BLOCCO) -> Esito:
    """Apply every pending record, block by block. Returns what was done; raises nothing for an
    unavailable engine (the records wait, `Esito.errore` says why)."""
    from .backends import get_backend

    backend = backend or get_backend()
    esito = Esito()
    while True:
        try:
            with turno():
                _applica_finche_ce_ne_sono(backend, blocco, esito)
        except TurnoOccupato:
            esito.occupato = True
            break
        # Records committed between our last read and the release of the turn: their task may
        # have found the turn taken, so look once more.
        if esito.errore or not in_attesa().exists():
            break
    esito.in_attesa = Modifica.objects.count()
    return esito


def _applica_finche_ce_ne_sono(backend, blocco, esito):
    from .documents import documenti

    while True:
        righe = list(in_attesa().order_by("pk").values_list("pk", "documento")[:blocco])
        if not righe:
            return
        pks = [pk for pk, _doc in righe]
        try:
            trovati = documenti(doc for _pk, doc in righe)
            aggiornati = [doc for doc in trovati.values() if doc is not None]
            eliminati = [doc_id for doc_id, doc in trovati.items() if doc is None]
            backend.applica(aggiornati=aggiornati, eliminati=eliminati)
        except SearchUnavailable as exc:
            logger.warning("Indice di ricerca non disponibile: %s modifiche restano in attesa (%s)", len(pks), exc)
            Modifica.objects.filter(pk__in=pks).update(ultimo_errore=str(exc)[:2000])
            esito.errore = str(exc)
            _riprova_piu_tardi()
            return
        except Exception as exc:
            # A bug (a document that cannot be built): count it, so that after MASSIMO_TENTATIVI
            # the record stops blocking the others; the task fails and shows the traceback.
            Modifica.objects.filter(pk__in=pks).update(tentativi=F("tentativi") + 1, ultimo_errore=repr(exc)[:2000])
            raise
        Modifica.objects.filter(pk__in=pks).delete()
        esito.applicate += len(pks)
        esito.aggiornati += len(aggiornati)
        esito.eliminati += len(eliminati)
        rinnova_turno()


def _riprova_piu_tardi():
    """One delayed run per process while the engine is down (the next change, or cron, may come
    first)."""
    if not cache.add("search:riprova-programmata", True, timeout=int(RIPROVA_DOPO.total_seconds())):
        return
    from .tasks import applica_modifiche

    try:
        applica_modifiche.using(run_after=timezone.now() + RIPROVA_DOPO).enqueue()
    except InvalidTaskError:  # a task backend without delayed runs: cron or the next change will do
        logger.info("Nuovo tentativo non programmato: lo farà la prossima modifica o il cron.", exc_info=True)
