"""The database engine's documents that no source gives any more: forum replies (now part of their
topic's document) and the index pages of the library, the events and the updates. Their topics and
the service pages get their new text and kind at the next write or `search_index --rebuild`; on
Elasticsearch, run `search_index --rebuild` once."""

from django.db import migrations

TABELLA_FTS = "search_testo"
PREFISSI = (
    "forum.messaggio:",
    "buonepratiche.buonepraticheindexpage:",
    "eventi.eventiindexpage:",
    "cop.aggiornamentiindexpage:",
)


def elimina(apps, schema_editor):
    from django.db.models import Q

    DocumentoIndicizzato = apps.get_model("search", "DocumentoIndicizzato")
    FacetDocumento = apps.get_model("search", "FacetDocumento")
    ParolaDocumento = apps.get_model("search", "ParolaDocumento")
    filtro = Q()
    for prefisso in PREFISSI:
        filtro |= Q(id__startswith=prefisso)
    vecchi = DocumentoIndicizzato.objects.filter(filtro)
    if schema_editor.connection.vendor == "sqlite":
        righe = list(vecchi.exclude(riga=None).values_list("riga", flat=True))
        with schema_editor.connection.cursor() as cursore:
            for inizio in range(0, len(righe), 500):
                blocco = righe[inizio : inizio + 500]
                cursore.execute(
                    f'DELETE FROM "{TABELLA_FTS}" WHERE rowid IN ({", ".join(["%s"] * len(blocco))})',  # noqa: S608
                    blocco,
                )
    FacetDocumento.objects.filter(documento__in=vecchi).delete()
    ParolaDocumento.objects.filter(documento__in=vecchi).delete()
    vecchi.delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0008_indici_del_motore_semplice")]

    operations = [migrations.RunPython(elimina, migrations.RunPython.noop)]
