"""Load the zone-distretto of Tuscany and the themes from the CSV files in cop/data/.

The dissolved zones get their successors from the data: the zones that started in the
year the old one ended and whose comuni all belonged to it."""

import csv
from pathlib import Path

from django.db import migrations

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _righe(nome):
    with open(DATA_DIR / nome, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def carica(apps, schema_editor):
    Zona = apps.get_model("cop.Zona")
    Tema = apps.get_model("cop.Tema")
    for riga in _righe("temi.csv"):
        Tema.objects.update_or_create(
            slug=riga["slug"], defaults={"nome": riga["nome"], "descrizione": riga["descrizione"]}
        )
    zone = {}
    for riga in _righe("zone_distretto_toscana.csv"):
        zone[riga["slug"]], _ = Zona.objects.update_or_create(
            slug=riga["slug"],
            defaults={
                "nome": riga["nome"],
                "tipo": "zona-distretto",
                "regione": "Toscana",
                "asl": riga["asl"],
                "province": "\n".join(riga["province"].split("|")),
                "comuni": "\n".join(riga["comuni"].split("|")),
                "dal_anno": int(riga["dal_anno"]) if riga["dal_anno"] else None,
                "al_anno": int(riga["al_anno"]) if riga["al_anno"] else None,
                "note": riga["note"],
            },
        )
    for zona in zone.values():
        if zona.al_anno is None:
            continue
        comuni = set(zona.comuni.splitlines())
        for altra in zone.values():
            if altra.pk != zona.pk and altra.dal_anno == zona.al_anno and set(altra.comuni.splitlines()) <= comuni:
                zona.successori.add(altra)


class Migration(migrations.Migration):
    dependencies = [("cop", "0003_home_page")]

    operations = [migrations.RunPython(carica, migrations.RunPython.noop)]
