"""The database engine on plain parts (search/backends/database.py): the roots of each document in
a GIN-indexed tsvector of its own row on PostgreSQL, in an FTS5 table on SQLite. Gone: the picture
of the documents and its generations and change log, the compact tsvector table, and the engine's
entries in the index of Wagtail's search backend. The documents already stored get their roots
here: the index keeps answering, no rebuild needed."""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

from search.analisi import testo_radici

TABELLA_FTS = "search_testo"
INDICE_GIN = "search_doc_vettore_gin"
BLOCCO = 1000


def crea_indice(apps, schema_editor):
    connessione = schema_editor.connection
    DocumentoIndicizzato = apps.get_model("search", "DocumentoIndicizzato")
    if connessione.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE VIRTUAL TABLE IF NOT EXISTS "{TABELLA_FTS}" USING fts5(titolo, testo, tokenize="unicode61")'
        )
    elif connessione.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDICE_GIN}" ON "search_documentoindicizzato" USING gin ("vettore")'
        )
    documenti = DocumentoIndicizzato.objects.order_by("pk").values_list("pk", "titolo", "testo")
    with connessione.cursor() as cursore:
        for numero, (pk, titolo, testo) in enumerate(documenti.iterator(chunk_size=BLOCCO), start=1):
            if connessione.vendor == "sqlite":
                cursore.execute(
                    f'INSERT INTO "{TABELLA_FTS}" (rowid, titolo, testo) VALUES (%s, %s, %s)',  # noqa: S608
                    [numero, testo_radici(titolo or ""), testo_radici(testo or "")],
                )
                cursore.execute('UPDATE "search_documentoindicizzato" SET "riga" = %s WHERE "id" = %s', [numero, pk])
            else:
                cursore.execute(
                    'UPDATE "search_documentoindicizzato" SET "vettore" = '
                    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B') "
                    'WHERE "id" = %s',
                    [testo_radici(titolo or ""), testo_radici(testo or ""), pk],
                )
    # The entries the old engine wrote into the index of Wagtail's search backend.
    ContentType = apps.get_model("contenttypes", "ContentType")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    tipo = ContentType.objects.filter(app_label="search", model="documentoindicizzato").first()
    if tipo is not None:
        IndexEntry.objects.filter(content_type=tipo).delete()


def elimina_indice(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP TABLE IF EXISTS "{TABELLA_FTS}"')
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDICE_GIN}"')


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0006_cambi_indice"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.DeleteModel(name="CambioIndice"),
        migrations.DeleteModel(name="StatoIndice"),
        migrations.DeleteModel(name="TestoDocumento"),
        migrations.AddField(
            model_name="documentoindicizzato",
            name="riga",
            field=models.PositiveIntegerField(null=True, unique=True),
        ),
        migrations.AddField(
            model_name="documentoindicizzato",
            name="vettore",
            field=SearchVectorField(null=True),
        ),
        migrations.RunPython(crea_indice, elimina_indice),
    ]
