"""What happens in a working group, as one stream: topics opened in its discussions, meetings written or
updated (the agenda before, the minutes after), documents uploaded and their new versions.

The group's page shows the latest to whoever may see each kind (`del_gruppo`); the weekly digest tells
a group's members what happened in an interval (gruppi/riepilogo.py, through `nell_intervallo`). One
query per kind, whatever the number of groups and items."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import Discussione, Messaggio

from . import permissions
from .models import DocumentoGruppo, Incontro, VersioneDocumento


@dataclass(frozen=True)
class Attivita:
    gruppo_id: int
    gruppo_nome: str
    tipo: str  # "discussione", "incontro", "documento"
    titolo: str
    percorso: str
    data: datetime
    descrizione: str  # "nuova discussione", "incontro del 12/03/2026, con il verbale", "nuova versione"
    autore_id: int | None = None


def _discussioni(qs, limite=None):
    """Topics with a visible post (one hidden by who moderates, with nothing else, is not news)."""
    visibili = Messaggio.objects.filter(discussione=OuterRef("pk"), stato=Messaggio.Stato.VISIBILE)
    qs = qs.filter(num_messaggi__gt=0).filter(Exists(visibili)).select_related("categoria__gruppo")
    for discussione in qs.order_by("-creata_il", "-pk")[:limite]:
        gruppo = discussione.categoria.gruppo
        yield Attivita(
            gruppo_id=gruppo.pk,
            gruppo_nome=gruppo.nome,
            tipo="discussione",
            titolo=discussione.titolo,
            percorso=discussione.get_absolute_url(),
            data=discussione.creata_il,
            descrizione=_("nuova discussione"),
            autore_id=discussione.autore_id,
        )


def _incontri(qs):
    for incontro in qs.select_related("gruppo"):
        valori = {"data": timezone.localtime(incontro.inizio).strftime("%d/%m/%Y")}
        if incontro.verbale:
            descrizione = _("incontro del %(data)s, con il verbale") % valori
        else:
            descrizione = _("incontro del %(data)s") % valori
        yield Attivita(
            gruppo_id=incontro.gruppo_id,
            gruppo_nome=incontro.gruppo.nome,
            tipo="incontro",
            titolo=incontro.titolo,
            percorso=incontro.get_absolute_url(),
            data=incontro.aggiornato_il,
            descrizione=descrizione,
        )


def _documenti(qs, *, nuovo_dopo=None):
    """A document is new while it has one version (for the digest: when its first came after `nuovo_dopo`)."""
    # A subquery, not a join with GROUP BY over every document of the group: read for the rows shown.
    ultima = VersioneDocumento.objects.filter(documento=OuterRef("pk")).order_by("-numero").values("numero")[:1]
    for documento in qs.select_related("gruppo").annotate(versioni_caricate=Subquery(ultima)):
        nuovo = documento.creato_il > nuovo_dopo if nuovo_dopo else (documento.versioni_caricate or 1) == 1
        yield Attivita(
            gruppo_id=documento.gruppo_id,
            gruppo_nome=documento.gruppo.nome,
            tipo="documento",
            titolo=documento.titolo,
            # The newest documents open the list: its first page holds this one.
            percorso=reverse("gruppi:documenti", kwargs={"slug": documento.gruppo.slug}) + f"#documento-{documento.pk}",
            data=documento.aggiornato_il,
            descrizione=_("nuovo documento") if nuovo else _("nuova versione"),
        )


def _per_data(attivita):
    return sorted(attivita, key=lambda a: a.data, reverse=True)


def del_gruppo(gruppo, user, *, limite=8):
    """The group's latest activity that `user` may see: topics they may read, meetings if they may read
    the group, documents if they may use them (members and who manages it, whatever the access)."""
    trovate = []
    if gruppo.categoria_id is not None:
        discussioni = Discussione.objects.leggibili_da(user).filter(categoria_id=gruppo.categoria_id)
        trovate += _discussioni(discussioni, limite)
    if permissions.can_read(user, gruppo):
        trovate += _incontri(gruppo.incontri.order_by("-aggiornato_il", "-pk")[:limite])
    if permissions.can_use_documents(user, gruppo):
        trovate += _documenti(gruppo.documenti.order_by("-aggiornato_il", "-pk")[:limite])
    return _per_data(trovate)[:limite]


def nell_intervallo(*, dal, adesso):
    """Every group's activity after `dal` and up to `adesso` (the digest decides who is told)."""
    return _per_data(
        [
            *_discussioni(
                Discussione.objects.filter(categoria__gruppo__isnull=False, creata_il__gt=dal, creata_il__lte=adesso)
            ),
            *_incontri(Incontro.objects.filter(aggiornato_il__gt=dal, aggiornato_il__lte=adesso)),
            *_documenti(
                DocumentoGruppo.objects.filter(aggiornato_il__gt=dal, aggiornato_il__lte=adesso), nuovo_dopo=dal
            ),
        ]
    )
