"""Email each member who asked for it what is new in the zones and themes they follow. Meant for a
weekly cron: running it again in the same ISO week sends nothing twice (see cop/riepilogo.py)."""

from django.core.management.base import BaseCommand

from cop.riepilogo import invia_riepiloghi


class Command(BaseCommand):
    help = "Invia il riepilogo settimanale delle novità ai membri che lo hanno scelto (una volta a settimana)."

    def handle(self, *args, **options):
        inviati = invia_riepiloghi()
        self.stdout.write(f"{inviati} riepiloghi inviati.")
