"""The Redattori regionali create and edit the working groups in the admin; members, requests and
coordinators are managed on each group's page (gruppi/permissions.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODICI = ["add_gruppo", "change_gruppo", "delete_gruppo", "view_gruppo"]


def concedi(apps, schema_editor):
    app_config = apps.get_app_config("gruppi")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _creato = Group.objects.get_or_create(name="Redattori regionali")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="gruppi", content_type__model="gruppo", codename__in=CODICI)
    )


def revoca(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Permission.objects.filter(content_type__app_label="gruppi", content_type__model="gruppo").delete()


class Migration(migrations.Migration):
    dependencies = [("gruppi", "0001_initial"), ("cop", "0005_ruoli")]

    operations = [migrations.RunPython(concedi, revoca)]
