"""Indicators in the admin: the Redattori regionali keep the definitions and import files; the Referenti di
zona see them (the figures themselves are public on /dati/ and on the zones' pages)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMESSI = {
    "Redattori regionali": {
        "indicatore": ["add_indicatore", "change_indicatore", "delete_indicatore", "view_indicatore", "importa_indicatori"],
        "importazione": ["view_importazione"],
    },
    "Referenti di zona": {"indicatore": ["view_indicatore"]},
}


def concedi(apps, schema_editor):
    app_config = apps.get_app_config("territori")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for nome, per_modello in PERMESSI.items():
        group, _creato = Group.objects.get_or_create(name=nome)
        for modello, codici in per_modello.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="territori", content_type__model=modello, codename__in=codici
                )
            )


def revoca(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(
        content_type__app_label="territori", content_type__model__in=["indicatore", "importazione"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("territori", "0003_indicatori")]

    operations = [migrations.RunPython(concedi, revoca)]
