"""Organisations in the admin: the Redattori regionali review, edit and merge them (a new one proposed by a
member waits for them); the Referenti di zona see them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMESSI = {
    "Redattori regionali": [
        "add_organizzazione",
        "change_organizzazione",
        "delete_organizzazione",
        "view_organizzazione",
    ],
    "Referenti di zona": ["view_organizzazione"],
}


def concedi(apps, schema_editor):
    app_config = apps.get_app_config("cop")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for nome, codici in PERMESSI.items():
        group, _creato = Group.objects.get_or_create(name=nome)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="cop", content_type__model="organizzazione", codename__in=codici
            )
        )


def revoca(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(content_type__app_label="cop", content_type__model="organizzazione").delete()


class Migration(migrations.Migration):
    dependencies = [("cop", "0011_organizzazioni")]

    operations = [migrations.RunPython(concedi, revoca)]
