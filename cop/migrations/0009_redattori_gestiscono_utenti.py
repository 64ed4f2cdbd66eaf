"""The Redattori regionali set a member's role and zone in the user form of the admin (the one place
for them, cop/utenti/admin.py): they add and change users (not delete them, not make administrators:
the form hides that field from non-administrators) and see the members' profiles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REDATTORI = "Redattori regionali"
PERMESSI = [
    ("utenti", "user", "add_user"),
    ("utenti", "user", "change_user"),
    ("cop", "profilo", "view_profilo"),
    ("cop", "profilo", "change_profilo"),
]


def concedi(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group, _creato = Group.objects.get_or_create(name=REDATTORI)
    for app_label, model, codename in PERMESSI:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, content_type__model=model, codename=codename)
        )


def revoca(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=REDATTORI).first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(codename__in=[c for _a, _m, c in PERMESSI]))


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0008_profilo_zona_confermata"),
        ("utenti", "0001_initial"),
    ]

    operations = [migrations.RunPython(concedi, revoca)]
