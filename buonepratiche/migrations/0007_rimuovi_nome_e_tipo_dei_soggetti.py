from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("buonepratiche", "0006_soggetti_in_organizzazioni")]

    # The defaults let the migration go back (the columns come back empty, then 0006 fills them).
    operations = [
        migrations.AlterField(
            model_name="soggettocoinvolto", name="nome", field=models.CharField(max_length=200, default="")
        ),
        migrations.AlterField(
            model_name="soggettocoinvolto", name="tipo", field=models.CharField(max_length=30, default="")
        ),
        migrations.RemoveField(model_name="soggettocoinvolto", name="nome"),
        migrations.RemoveField(model_name="soggettocoinvolto", name="tipo"),
    ]
