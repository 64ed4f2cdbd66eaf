"""Import a CSV or JSON export of the library (the "Scarica questo elenco" links) into this instance."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from buonepratiche.models import BuonePraticheIndexPage
from buonepratiche.services.dati_aperti import ErroreImportazione, importa_pratiche, leggi


class Command(BaseCommand):
    help = "Importa le buone pratiche da un file CSV o JSON esportato dalla biblioteca (anche di un'altra istanza)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--formato", choices=["csv", "json"], help="Dedotto dal contenuto se assente.")

    def handle(self, *args, file, formato=None, **options):
        indice = BuonePraticheIndexPage.objects.first()
        if indice is None:
            raise CommandError("Manca la pagina della biblioteca delle buone pratiche: creala prima di importare.")
        try:
            records = leggi(file.read_text(encoding="utf-8"), formato=formato)
            esito = importa_pratiche(records=records, indice=indice)
        except (OSError, ValueError) as errore:  # ErroreImportazione, JSON and CSV errors are ValueError
            raise CommandError(f"Importazione non riuscita, nessuna pratica modificata: {errore}") from errore
        self.stdout.write(f"Pratiche create: {esito.create}, aggiornate: {esito.aggiornate}.")
        if esito.voci_aggiunte:
            self.stdout.write("Voci aggiunte ai vocabolari: " + ", ".join(esito.voci_aggiunte))
        if esito.allegati_non_copiati:
            self.stdout.write(
                f"Allegati non copiati (solo i link nel file): {esito.allegati_non_copiati}; caricali dall'admin."
            )


__all__ = ["Command", "ErroreImportazione"]
