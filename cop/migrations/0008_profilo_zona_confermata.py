"""The zone a member declares and the zone an editor confirmed (the only one a right reads).

Existing profiles keep their zone as confirmed, so nothing changes for the members already there."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def conferma_zone_esistenti(apps, schema_editor):
    Profilo = apps.get_model("cop", "Profilo")
    Profilo.objects.filter(zona__isnull=False).update(zona_confermata=models.F("zona"))


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0007_aggiornamenti_e_riepilogo"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="profilo",
            name="zona_confermata",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="membri_confermati",
                to="cop.zona",
                verbose_name="zona-distretto confermata",
            ),
        ),
        migrations.AddField(
            model_name="profilo",
            name="zona_confermata_da",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="zona confermata da",
            ),
        ),
        migrations.AddField(
            model_name="profilo",
            name="zona_confermata_il",
            field=models.DateTimeField(blank=True, null=True, verbose_name="zona confermata il"),
        ),
        migrations.RunPython(conferma_zone_esistenti, migrations.RunPython.noop),
    ]
