"""The outbox of search changes and the database engine's denormalised documents."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Modifica(models.Model):
    """A change that the search index has not received yet: written in the same transaction as the
    change itself (see search/signals.py), applied in bulk by `search.tasks.applica_modifiche` and
    deleted once the engine has it. The document is rebuilt from the database when the record is
    applied, so the latest state wins whatever the order of the records."""

    class Azione(models.TextChoices):
        AGGIORNA = "aggiorna", _("aggiorna")
        ELIMINA = "elimina", _("elimina")

    documento = models.CharField(_("documento"), max_length=100)
    azione = models.CharField(_("azione"), max_length=10, choices=Azione.choices, default=Azione.AGGIORNA)
    creata_il = models.DateTimeField(_("creata il"), default=timezone.now)
    tentativi = models.PositiveIntegerField(_("tentativi"), default=0)
    ultimo_errore = models.TextField(_("ultimo errore"), blank=True)

    class Meta:
        verbose_name = _("modifica da indicizzare")
        verbose_name_plural = _("modifiche da indicizzare")
        ordering = ["pk"]
        # The search page asks whether the documents it shows have a change pending (selectors).
        indexes = [models.Index(fields=["documento"], name="search_modifica_documento")]

    def __str__(self):
        return f"{self.azione} {self.documento}"


class DocumentoIndicizzato(models.Model):
    """One `Documento` as the database engine stores it (the keys of the TypedDict, plus the
    fingerprint), and what its full text is matched on: the roots of the title and of the text
    (`search.analisi.radici`), so that accents, plurals and genders do not matter, alike on both
    databases. On PostgreSQL they are `vettore` (GIN-indexed, migration 0007); on SQLite the row
    `riga` of the FTS5 table `search_testo` (migration 0007). See search/backends/database.py."""

    id = models.CharField(primary_key=True, max_length=100)
    tipo = models.CharField(max_length=20)
    titolo = models.TextField()
    testo = models.TextField(blank=True)
    sommario = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    data = models.DateTimeField()
    anno = models.PositiveSmallIntegerField()
    zone = models.JSONField(default=list)
    temi = models.JSONField(default=list)
    validata = models.BooleanField(default=False)
    suggerimenti = models.JSONField(default=list)
    impronta = models.CharField(max_length=40)
    # PostgreSQL: the roots of the title (weight A) and of the text (weight B), "simple" configuration
    # (the roots are already the analysis). Null on SQLite.
    vettore = SearchVectorField(null=True)
    # PostgreSQL: the roots of the title alone (small, never out of line in TOAST): the order of a
    # search that matches thousands of documents (search/backends/database.py, MOLTI_PER_RANGO).
    vettore_titolo = SearchVectorField(null=True)
    # SQLite: the rowid of the document's roots in the FTS5 table `search_testo` (unique there). Null
    # on PostgreSQL.
    riga = models.PositiveIntegerField(null=True)

    class Meta:
        verbose_name = _("documento indicizzato")
        verbose_name_plural = _("documenti indicizzati")
        indexes = [
            models.Index(fields=["-data", "-id"], name="search_doc_data"),
            # Covering the facet counts and the count of matches: no read of the (long) rows.
            models.Index(fields=["id", "tipo", "anno", "validata", "data"], name="search_doc_coprente"),
            # SQLite: what the search page reads of the documents an FTS5 match returns (their `riga`):
            # the facet counts and the order of a page never read the rows, whose text comes before
            # these columns. Empty on PostgreSQL, which matches on the rows' own `vettore`.
            models.Index(
                fields=["riga", "tipo", "anno", "validata", "data", "id", "zone", "temi"],
                name="search_doc_riga",
                condition=models.Q(riga__isnull=False),
            ),
        ]

    def __str__(self):
        return self.titolo


class FacetDocumento(models.Model):
    """The multi-valued facets of a document (zona, tema), one row per value: a facet's counts are
    one GROUP BY over the ids of the matched documents."""

    documento = models.ForeignKey(DocumentoIndicizzato, on_delete=models.CASCADE, related_name="facet")
    campo = models.CharField(max_length=10)
    valore = models.CharField(max_length=120)

    class Meta:
        indexes = [
            models.Index(fields=["campo", "valore", "documento"], name="search_facet_valore"),
            models.Index(fields=["documento", "campo", "valore"], name="search_facet_documento"),
        ]

    def __str__(self):
        return f"{self.documento_id} {self.campo}={self.valore}"


class TurnoIndicizzazione(models.Model):
    """Who is applying the outbox now: one row, taken with a conditional UPDATE for a limited time.
    One applier at a time keeps the order of a document's versions: two appliers with different
    records of the same document could otherwise write its older state last."""

    occupato_fino_al = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("turno di indicizzazione")
        verbose_name_plural = _("turni di indicizzazione")

    def __str__(self):
        return f"turno fino al {self.occupato_fino_al}"


class ParolaDocumento(models.Model):
    """The words of a document's title and suggestions, one row each (folded, `search.analisi.parole`),
    with the document's date: suggestions while typing are a range read of this index (the words
    starting with what was typed, newest documents first), where a prefix query of the full-text
    index would merge the lists of every word with that prefix and rank them all."""

    documento = models.ForeignKey(DocumentoIndicizzato, on_delete=models.CASCADE, related_name="parole")
    parola = models.CharField(max_length=100)
    data = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["parola", "data", "documento"], name="search_parola_data"),
        ]

    def __str__(self):
        return self.parola
