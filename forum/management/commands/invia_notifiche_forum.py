from django.core.management.base import BaseCommand

from forum.notifiche import invia_notifiche


class Command(BaseCommand):
    help = "Invia le email del forum in attesa (al massimo una per discussione all'ora per persona). Da cron."

    def handle(self, *args, **options):
        inviate = invia_notifiche()
        self.stdout.write(f"{inviate} email accodate")
