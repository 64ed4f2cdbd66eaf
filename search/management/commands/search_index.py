"""The search index from the command line: rebuild it, check it against the database, apply the
pending outbox records (for cron)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.indice import confronta, ricostruisci_indice
from search.outbox import TurnoOccupato, applica_in_sospeso

MOSTRA_AL_MASSIMO = 50


class BarraAvanzamento:
    """One line on stderr, redrawn: bar, count, percentage and documents per second."""

    LARGHEZZA = 30

    def __init__(self, flusso):
        self.flusso = flusso  # the command's OutputWrapper
        self.inizio = time.monotonic()

    def __call__(self, fatti, totale):
        trascorsi = max(time.monotonic() - self.inizio, 1e-6)
        quota = min(fatti / totale, 1) if totale else 1
        pieni = int(quota * self.LARGHEZZA)
        self.flusso.write(
            "\r["
            + "#" * pieni
            + "." * (self.LARGHEZZA - pieni)
            + "] "
            + _("%(fatti)s/%(totale)s documenti (%(percento)s%%) · %(velocita)s doc/s")
            % {
                "fatti": number_format(fatti, force_grouping=True),
                "totale": number_format(totale, force_grouping=True),
                "percento": int(quota * 100),
                "velocita": number_format(int(fatti / trascorsi), force_grouping=True),
            },
            ending="",
        )
        self.flusso.flush()

    def fine(self):
        self.flusso.write("")
        self.flusso.flush()


class Command(BaseCommand):
    help = _(
        "Indice della ricerca: --rebuild lo ricostruisce dal database, --check lo confronta con il "
        "database, --apply applica le modifiche in attesa (per il cron)."
    )

    def add_arguments(self, parser):
        azione = parser.add_mutually_exclusive_group(required=True)
        azione.add_argument("--rebuild", action="store_true", help=_("Ricostruisce l'indice dal database."))
        azione.add_argument(
            "--check", action="store_true", help=_("Confronta database e indice; esce con 1 se differiscono.")
        )
        azione.add_argument("--apply", action="store_true", help=_("Applica le modifiche in attesa."))

    def handle(self, *args, rebuild=False, check=False, apply=False, **options):
        backend = get_backend()
        try:
            if rebuild:
                self.ricostruisci(backend, options["verbosity"])
            elif check:
                self.controlla(backend)
            else:
                self.applica(backend)
        except SearchUnavailable as exc:
            raise CommandError(_("Il motore di ricerca non risponde: %(errore)s") % {"errore": exc}) from exc

    def ricostruisci(self, backend, verbosity):
        inizio = time.monotonic()
        barra = BarraAvanzamento(self.stderr)
        try:
            fatti = ricostruisci_indice(backend=backend, avanzamento=barra if verbosity else None)
        except TurnoOccupato:
            raise CommandError(_("Un'altra indicizzazione è in corso: riprova tra qualche minuto.")) from None
        if verbosity:
            barra.fine()
        durata = time.monotonic() - inizio
        self.stdout.write(
            _("Indice ricostruito (%(motore)s): %(n)s documenti in %(secondi).1f s.")
            % {"motore": backend.nome, "n": number_format(fatti, force_grouping=True), "secondi": durata}
        )

    def controlla(self, backend):
        from search.models import Modifica

        differenze = confronta(backend=backend)
        for etichetta, ids in (
            (_("Mancanti nell'indice"), differenze.mancanti),
            (_("Nell'indice ma non più nel database"), differenze.in_piu),
            (_("Diversi dal database"), differenze.diversi),
        ):
            if ids:
                self.stdout.write(f"{etichetta}: {len(ids)}")
                for doc_id in ids[:MOSTRA_AL_MASSIMO]:
                    self.stdout.write(f"  {doc_id}")
                if len(ids) > MOSTRA_AL_MASSIMO:
                    self.stdout.write("  " + _("… e altri %(n)s") % {"n": len(ids) - MOSTRA_AL_MASSIMO})
        in_attesa = Modifica.objects.count()
        if in_attesa:
            self.stdout.write(_("Modifiche in attesa di essere applicate: %(n)s") % {"n": in_attesa})
        if differenze.in_ordine:
            self.stdout.write(_("L'indice corrisponde al database."))
            return
        raise CommandError(
            _("L'indice non corrisponde al database: «search_index --apply» o «search_index --rebuild»."),
            returncode=1,
        )

    def applica(self, backend):
        esito = applica_in_sospeso(backend=backend)
        if esito.occupato and not esito.applicate:
            self.stdout.write(_("Un altro processo sta applicando le modifiche."))
        self.stdout.write(
            _("Modifiche applicate: %(applicate)s (%(aggiornati)s documenti aggiornati, %(eliminati)s eliminati).")
            % {"applicate": esito.applicate, "aggiornati": esito.aggiornati, "eliminati": esito.eliminati}
        )
        if esito.in_attesa:
            self.stdout.write(_("Modifiche ancora in attesa: %(n)s") % {"n": esito.in_attesa})
        if esito.errore:
            raise CommandError(_("Il motore di ricerca non risponde: %(errore)s") % {"errore": esito.errore})
