"""Import a CSV or JSON export of the library (the "Scarica questo elenco" links) into this instance."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from buonepratiche.models import BuonePraticheIndexPage
from buonepratiche.services.dati_aperti import ErroreImportazione, importa_pratiche, leggi, scarica_url


class Command(BaseCommand):
    help = "Importa le buone pratiche da un file CSV o JSON esportato dalla biblioteca (anche di un'altra istanza)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--formato", choices=["csv", "json"], help="Dedotto dal contenuto se assente.")
        parser.add_argument(
            "--senza-allegati",
            action="store_true",
            help="Non scaricare i documenti allegati dall'istanza di origine (restano solo nel file).",
        )

    def handle(self, *args, file, formato=None, senza_allegati=False, **options):
        indice = BuonePraticheIndexPage.objects.first()
        if indice is None:
            raise CommandError("Manca la pagina della biblioteca delle buone pratiche: creala prima di importare.")
        try:
            records = leggi(file.read_text(encoding="utf-8"), formato=formato)
            esito = importa_pratiche(records=records, indice=indice, scarica=None if senza_allegati else scarica_url)
        except (OSError, ValueError) as errore:  # ErroreImportazione, JSON and CSV errors are ValueError
            raise CommandError(f"Importazione non riuscita, nessuna pratica modificata: {errore}") from errore
        self.stdout.write(f"Pratiche create: {esito.create}, aggiornate: {esito.aggiornate}.")
        if esito.voci_aggiunte:
            self.stdout.write("Voci aggiunte ai vocabolari: " + ", ".join(esito.voci_aggiunte))
        if esito.allegati_copiati:
            self.stdout.write(f"Allegati scaricati dall'istanza di origine: {esito.allegati_copiati}.")
        if esito.allegati_non_copiati:
            self.stdout.write("Allegati non copiati (caricali dall'admin): " + "; ".join(esito.allegati_non_copiati))


__all__ = ["Command", "ErroreImportazione"]
