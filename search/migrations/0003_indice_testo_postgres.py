"""PostgreSQL only: a GIN index on the tsvector that Wagtail's database backend matches.

modelsearch's query (Wagtail's database backend) matches `title || body` of the IndexEntry
(wagtailsearch_indexentry) (one tsvector for both columns),
while modelsearch's GIN indexes are on `title` and `body` each: the planner cannot use them for
the concatenation and would read every entry. This expression index serves the match as written.
Nothing on other databases (SQLite has its FTS5 table)."""

from django.db import migrations

INDICE = "search_indexentry_title_body_gin"


def crea(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDICE}" ON "wagtailsearch_indexentry" USING gin (("title" || "body"))'
        )


def elimina(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDICE}"')


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_indice_coprente"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(crea, elimina)]
