"""PostgreSQL only: the compact table the database engine matches its documents in.

modelsearch's index entries (wagtailsearch_indexentry) hold the title and the body as tsvectors
with positions and weights, and their plain texts too: matching `title || body` of every entry
reads each body back from TOAST and concatenates it, about 2 s at 100,000 documents for a word
that most documents hold, whether through the expression index of migration 0003 or not.
`search_testodocumento` holds, for each entry of our documents, one stripped tsvector of both
(the lexemes only, no positions or weights: what a match needs), keyed by the entry's id, which is
also the key the engine's picture of the documents uses (search/backends/istantanea.py). Rows go
with their entry (ON DELETE CASCADE). It is filled here from the entries already indexed; the
expression index of 0003 serves nothing any more and goes (one index less to write).
Nothing on other databases (SQLite has its FTS5 table)."""

from django.db import migrations

TABELLA = "search_testodocumento"
INDICE = "search_testodocumento_gin"
INDICE_0003 = "search_indexentry_title_body_gin"


def crea(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE TABLE IF NOT EXISTS "{TABELLA}" ('
        '"id" integer PRIMARY KEY REFERENCES "wagtailsearch_indexentry" ("id") ON DELETE CASCADE, '
        '"testo" tsvector NOT NULL)'
    )
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDICE}" ON "{TABELLA}" USING gin ("testo")')
    schema_editor.execute(
        f'INSERT INTO "{TABELLA}" ("id", "testo") '
        'SELECT ie."id", strip(ie."title" || ie."body") FROM "wagtailsearch_indexentry" ie '
        'JOIN "django_content_type" ct ON ct."id" = ie."content_type_id" '
        "WHERE ct.\"app_label\" = 'search' AND ct.\"model\" = 'documentoindicizzato' "
        'ON CONFLICT ("id") DO NOTHING'
    )
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDICE_0003}"')


def elimina(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP TABLE IF EXISTS "{TABELLA}"')
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDICE_0003}" ON "wagtailsearch_indexentry" USING gin (("title" || "body"))'
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_suggerimenti_e_generazione"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(crea, elimina)]
