"""The outbox of search changes and the database engine's denormalised documents."""

from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .analisi import testo_radici


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

    def __str__(self):
        return f"{self.azione} {self.documento}"


class DocumentoIndicizzato(index.Indexed, models.Model):
    """One `Documento` as the database engine stores it (the keys of the TypedDict, plus the
    fingerprint). The full-text index (Wagtail's database search backend) receives roots of the
    folded text (`search.analisi.radici`), so that accents, plurals and genders do not matter on
    SQLite as on PostgreSQL; the query goes through the same function."""

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

    # Kept up to date by DatabaseBackend only, in bulk: no per-save signal of the search framework.
    search_auto_update = False

    search_fields = [
        # "title" is the name Wagtail's database backends weight as the title.
        index.SearchField("title", boost=3),
        index.SearchField("corpo"),
        index.FilterField("tipo"),
        index.FilterField("anno"),
        index.FilterField("validata"),
        index.FilterField("data"),
    ]

    class Meta:
        verbose_name = _("documento indicizzato")
        verbose_name_plural = _("documenti indicizzati")
        indexes = [
            models.Index(fields=["tipo"], name="search_doc_tipo"),
            models.Index(fields=["-data", "-id"], name="search_doc_data"),
            models.Index(fields=["anno"], name="search_doc_anno"),
            # Covering the facet counts and the count of matches: no read of the (long) rows.
            models.Index(fields=["id", "tipo", "anno", "validata", "data"], name="search_doc_coprente"),
        ]

    def __str__(self):
        return self.titolo

    # What the full-text index receives (see the class docstring). Cached: the search framework
    # reads every search field once for each of its columns.
    @cached_property
    def title(self):
        return testo_radici(self.titolo)

    @cached_property
    def corpo(self):
        return testo_radici(self.testo)


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


class StatoIndice(models.Model):
    """The generation of the database engine's documents: one row whose random token every write
    of the engine changes in its own transaction (see search/backends/istantanea.py)."""

    generazione = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("stato dell'indice")
        verbose_name_plural = _("stato dell'indice")

    def __str__(self):
        return self.generazione


class TsVector(models.Field):
    """A PostgreSQL tsvector column (the type name is only a name on SQLite, which never fills it)."""

    def db_type(self, connection):
        return "tsvector"


class TestoDocumento(models.Model):
    """PostgreSQL only: the words of one index entry of a document (the entry of Wagtail's
    database search backend, whose id this is), as one stripped tsvector of its title and body:
    lexemes only, no positions or weights, GIN-indexed (migration 0005). The database engine finds
    its matches here: matching `title || body` of the entries themselves reads every body back
    from TOAST (about 2 s at 100,000 documents for a common word). Written and deleted with the
    entries by `DatabaseBackend`; empty on SQLite, which has its FTS5 table."""

    id = models.IntegerField(primary_key=True)
    testo = TsVector()

    class Meta:
        verbose_name = _("testo di un documento")
        verbose_name_plural = _("testi dei documenti")

    def __str__(self):
        return str(self.id)


class CambioIndice(models.Model):
    """One write of the database engine: the generation it made and the documents it changed
    (None: too many to list, or a rebuild), written in the same transaction. A process whose picture
    of the documents is a few generations old updates those documents only (istantanea.py); the
    latest rows are kept, older ones deleted by the writes."""

    generazione = models.CharField(max_length=32, unique=True)
    documenti = models.JSONField(null=True)

    class Meta:
        verbose_name = _("cambio dell'indice")
        verbose_name_plural = _("cambi dell'indice")

    def __str__(self):
        return self.generazione


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
