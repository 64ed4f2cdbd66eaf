from django.core.management.base import BaseCommand
from django.db import transaction

from cop.demo.registry import Esito, seeders


class Command(BaseCommand):
    help = (
        "Crea i contenuti dimostrativi del sito (pagine, impostazioni, home page). "
        "Si può eseguire più volte: crea solo ciò che manca."
    )

    def handle(self, *args, **options):
        esito = Esito()
        with transaction.atomic():
            for fn in seeders():
                fn(esito)
        if options["verbosity"] == 0:
            return
        for descrizione in esito.creati:
            self.stdout.write(f"  creato: {descrizione}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Contenuti dimostrativi pronti: {len(esito.creati)} creati, {esito.presenti} già presenti."
            )
        )
