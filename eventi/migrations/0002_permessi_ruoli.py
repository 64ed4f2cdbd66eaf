"""Permissions of the roles on the events' own models: editors manage speakers and see
registrations; referenti may add and edit speakers for the pages they draft."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMESSI = {
    "Referenti di zona": [("relatore", "add_relatore"), ("relatore", "change_relatore")],
    "Redattori regionali": [
        ("relatore", "add_relatore"),
        ("relatore", "change_relatore"),
        ("relatore", "delete_relatore"),
        ("iscrizione", "view_iscrizione"),
        ("iscrizione", "change_iscrizione"),
    ],
}


def assegna(apps, schema_editor):
    app_config = apps.get_app_config("eventi")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for nome, permessi in PERMESSI.items():
        group = Group.objects.filter(name=nome).first()
        if group is None:
            continue
        for model, codename in permessi:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="eventi", content_type__model=model, codename=codename)
            )


def rimuovi(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for nome, permessi in PERMESSI.items():
        group = Group.objects.filter(name=nome).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="eventi", codename__in=[c for _m, c in permessi])
            )


class Migration(migrations.Migration):
    dependencies = [
        ("eventi", "0001_initial"),
        ("cop", "0005_ruoli"),
    ]

    operations = [migrations.RunPython(assegna, rimuovi)]
