"""The groups' source for the weekly digest (cop/riepilogo.py): what happened in each working group in
an interval, for its members alone.

- topics opened in the group's discussions (with a visible post);
- meetings written or updated (the agenda before, the minutes after);
- documents uploaded, and new versions of a document.

Each item names the group's active members as its only readers (`Voce.per`), read when the digest is
sent: who left the group gets nothing of it, whatever zones and themes they follow. Four queries
whatever the number of groups and items."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cop.riepilogo import Voce
from forum.models import Discussione, Messaggio

from .models import Appartenenza, DocumentoGruppo, Incontro


def _membri(gruppo_ids):
    """{group id: frozenset of its active members' user ids} (one query)."""
    membri = {}
    righe = Appartenenza.objects.attive().filter(gruppo_id__in=gruppo_ids).values_list("gruppo_id", "user_id")
    for gruppo_id, user_id in righe:
        membri.setdefault(gruppo_id, set()).add(user_id)
    return {gruppo_id: frozenset(ids) for gruppo_id, ids in membri.items()}


def _discussioni(dal, adesso):
    visibili = Messaggio.objects.filter(discussione=OuterRef("pk"), stato=Messaggio.Stato.VISIBILE)
    for discussione in (
        Discussione.objects.filter(categoria__gruppo__isnull=False, creata_il__gt=dal, creata_il__lte=adesso)
        .filter(num_messaggi__gt=0)
        .filter(Exists(visibili))
        .select_related("categoria__gruppo")
        .order_by("-creata_il", "-pk")
    ):
        gruppo = discussione.categoria.gruppo
        yield (
            gruppo,
            {
                "titolo": discussione.titolo,
                "percorso": discussione.get_absolute_url(),
                "data": discussione.creata_il,
                "dettaglio": _("%(gruppo)s: nuova discussione") % {"gruppo": gruppo.nome},
                "autore_id": discussione.autore_id,
            },
        )


def _incontri(dal, adesso):
    for incontro in (
        Incontro.objects.filter(aggiornato_il__gt=dal, aggiornato_il__lte=adesso)
        .select_related("gruppo")
        .order_by("-aggiornato_il", "-pk")
    ):
        quando = timezone.localtime(incontro.inizio).strftime("%d/%m/%Y")
        if incontro.verbale:
            dettaglio = _("%(gruppo)s: incontro del %(data)s, con il verbale")
        else:
            dettaglio = _("%(gruppo)s: incontro del %(data)s")
        yield (
            incontro.gruppo,
            {
                "titolo": incontro.titolo,
                "percorso": incontro.get_absolute_url(),
                "data": incontro.aggiornato_il,
                "dettaglio": dettaglio % {"gruppo": incontro.gruppo.nome, "data": quando},
            },
        )


def _documenti(dal, adesso):
    for documento in (
        DocumentoGruppo.objects.filter(aggiornato_il__gt=dal, aggiornato_il__lte=adesso)
        .select_related("gruppo")
        .order_by("-aggiornato_il", "-pk")
    ):
        nuovo = documento.creato_il > dal
        dettaglio = _("%(gruppo)s: nuovo documento") if nuovo else _("%(gruppo)s: nuova versione")
        yield (
            documento.gruppo,
            {
                "titolo": documento.titolo,
                # The newest documents open the list: its first page holds this one.
                "percorso": reverse("gruppi:documenti", kwargs={"slug": documento.gruppo.slug})
                + f"#documento-{documento.pk}",
                "data": documento.aggiornato_il,
                "dettaglio": dettaglio % {"gruppo": documento.gruppo.nome},
            },
        )


def novita_per_riepilogo(*, dal, adesso):
    trovate = [*_discussioni(dal, adesso), *_incontri(dal, adesso), *_documenti(dal, adesso)]
    if not trovate:
        return []
    membri = _membri({gruppo.pk for gruppo, _campi in trovate})
    voci = [Voce(**campi, per=membri.get(gruppo.pk, frozenset())) for gruppo, campi in trovate if membri.get(gruppo.pk)]
    return sorted(voci, key=lambda voce: voce.data, reverse=True)
