"""The Redattori regionali moderate the forum (forum.modera_forum) and manage its categories and
settings in the admin. The group itself is created by cop/migrations/0005_ruoli.py."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REDATTORI = "Redattori regionali"

PERMESSI = [
    ("azionemoderazione", ["modera_forum", "view_azionemoderazione"]),
    ("categoria", ["add_categoria", "change_categoria", "delete_categoria", "view_categoria"]),
    ("impostazioniforum", ["change_impostazioniforum"]),
]


def aggiungi(apps, schema_editor):
    app_config = apps.get_app_config("forum")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _created = Group.objects.get_or_create(name=REDATTORI)
    for modello, codici in PERMESSI:
        for codename in codici:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="forum", content_type__model=modello, codename=codename)
            )


def rimuovi(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=REDATTORI).first()
    if group is not None:
        codici = [codename for _modello, lista in PERMESSI for codename in lista]
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="forum", codename__in=codici))


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("cop", "0005_ruoli"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(aggiungi, rimuovi)]
