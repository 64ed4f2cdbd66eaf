"""The compact table the database engine matches its documents in on PostgreSQL (see
`search.models.TestoDocumento`): created everywhere (Django flushes and truncates it with the
others), GIN-indexed and filled from the entries already indexed on PostgreSQL only. The
expression index of migration 0003 on `title || body` of the entries serves nothing any more and
goes: one index less to write."""

from django.db import migrations, models

from django.contrib.postgres.search import SearchVectorField

INDICE = "search_testodocumento_gin"
INDICE_0003 = "search_indexentry_title_body_gin"


def prepara_postgres(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDICE}" ON "search_testodocumento" USING gin ("testo")')
    schema_editor.execute(
        'INSERT INTO "search_testodocumento" ("id", "testo") '
        'SELECT ie."id", strip(ie."title" || ie."body") FROM "wagtailsearch_indexentry" ie '
        'JOIN "django_content_type" ct ON ct."id" = ie."content_type_id" '
        "WHERE ct.\"app_label\" = 'search' AND ct.\"model\" = 'documentoindicizzato'"
    )
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDICE_0003}"')


def ripristina_postgres(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDICE_0003}" ON "wagtailsearch_indexentry" USING gin (("title" || "body"))'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_suggerimenti_e_generazione"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="TestoDocumento",
            fields=[
                ("id", models.IntegerField(primary_key=True, serialize=False)),
                ("testo", SearchVectorField()),
            ],
            options={
                "verbose_name": "testo di un documento",
                "verbose_name_plural": "testi dei documenti",
            },
        ),
        migrations.RunPython(prepara_postgres, ripristina_postgres),
    ]
