import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("buonepratiche", "0004_permessi_redattori"),
        ("cop", "0011_organizzazioni"),
    ]

    operations = [
        migrations.AddField(
            model_name="soggettocoinvolto",
            name="organizzazione",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="partecipazioni_pratiche",
                to="cop.organizzazione",
                verbose_name="organizzazione",
            ),
        ),
    ]
