"""Services in the admin: the Redattori regionali add, change and remove them; the Referenti di zona see them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMESSI = {
    "Redattori regionali": ["add_servizio", "change_servizio", "delete_servizio", "view_servizio"],
    "Referenti di zona": ["view_servizio"],
}


def concedi(apps, schema_editor):
    app_config = apps.get_app_config("territori")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for nome, codici in PERMESSI.items():
        group, _creato = Group.objects.get_or_create(name=nome)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="territori", content_type__model="servizio", codename__in=codici
            )
        )


def revoca(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(content_type__app_label="territori", content_type__model="servizio").delete()


class Migration(migrations.Migration):
    dependencies = [("territori", "0001_servizi"), ("cop", "0012_permessi_organizzazioni")]

    operations = [migrations.RunPython(concedi, revoca)]
