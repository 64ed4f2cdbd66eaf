"""Events point to the organisations that promote them or take part: an event whose "organizzato da" or
"in collaborazione con" names an organisation of the list (the whole text, or one of its parts separated
by commas or semicolons) is linked to it. The texts stay as they are."""

import re

import modelcluster.fields
from django.db import migrations


def collega_per_nome(apps, schema_editor):
    Evento = apps.get_model("eventi", "EventoPage")
    Organizzazione = apps.get_model("cop", "Organizzazione")
    per_nome = {}
    for organizzazione in Organizzazione.objects.filter(stato="pubblicata").order_by("pk"):
        per_nome.setdefault(" ".join(organizzazione.nome.split()).lower(), organizzazione.pk)
    if not per_nome:
        return
    for evento in Evento.objects.exclude(organizzatori="", partner=""):
        nomi = set()
        for testo in (evento.organizzatori, evento.partner):
            parti = [testo] + re.split(r"[,;]", testo)
            nomi |= {" ".join(parte.split()).lower() for parte in parti if parte.strip()}
        trovate = [per_nome[nome] for nome in nomi if nome in per_nome]
        if trovate:
            evento.organizzazioni.add(*trovate)


class Migration(migrations.Migration):
    dependencies = [
        ("cop", "0012_permessi_organizzazioni"),
        ("eventi", "0002_permessi_ruoli"),
        ("buonepratiche", "0006_soggetti_in_organizzazioni"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventopage",
            name="organizzazioni",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                help_text="Dall'elenco delle organizzazioni: l'evento compare nella pagina di ciascuna.",
                related_name="eventi",
                to="cop.organizzazione",
                verbose_name="organizzazioni che lo promuovono o vi partecipano",
            ),
        ),
        migrations.RunPython(collega_per_nome, migrations.RunPython.noop),
    ]
