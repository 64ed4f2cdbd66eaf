"""Email the attendees of the events that start within 24 hours. Meant for a daily (or hourly) cron:
running it again sends nothing twice."""

from django.core.management.base import BaseCommand

from eventi.services import invia_promemoria


class Command(BaseCommand):
    help = "Invia il promemoria agli iscritti degli eventi che iniziano entro 24 ore (una sola volta)."

    def handle(self, *args, **options):
        inviati = invia_promemoria()
        self.stdout.write(f"{inviati} promemoria inviati.")
