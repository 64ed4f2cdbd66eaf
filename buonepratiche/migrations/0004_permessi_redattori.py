"""The Redattori regionali manage the library in the admin: the vocabularies, the evaluations,
the adoptions declared between zones (read and delete for moderation) and the threshold of the
"Buona pratica validata" badge. The group itself is created by cop/migrations/0005_ruoli.py."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REDATTORI = "Redattori regionali"

PERMESSI = [
    ("destinatario", ["add", "change", "delete", "view"]),
    ("fontefinanziamento", ["add", "change", "delete", "view"]),
    ("metodologia", ["add", "change", "delete", "view"]),
    ("valutazionepratica", ["add", "change", "view"]),
    ("adozione", ["view", "delete"]),
    ("impostazionibuonepratiche", ["change"]),
]


def codici():
    return [(modello, f"{azione}_{modello}") for modello, azioni in PERMESSI for azione in azioni]


def aggiungi(apps, schema_editor):
    app_config = apps.get_app_config("buonepratiche")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _created = Group.objects.get_or_create(name=REDATTORI)
    for modello, codename in codici():
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label="buonepratiche", content_type__model=modello, codename=codename
            )
        )


def rimuovi(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=REDATTORI).first()
    if group is None:
        return
    group.permissions.remove(
        *Permission.objects.filter(
            content_type__app_label="buonepratiche", codename__in=[codename for _modello, codename in codici()]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("buonepratiche", "0003_revisionereferentetask"),
        ("cop", "0005_ruoli"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(aggiungi, rimuovi)]
