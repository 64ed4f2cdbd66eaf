import re
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from cop import roles, services
from cop.demo.builders import utente
from cop.indirizzo import url_assoluto

EMAIL = "admin@cop.local"


def file_credenziali():
    return settings.VAR_DIR / "admin-login.txt"


def riga_credenziali(email, password):
    return f"Area redazione: {url_assoluto(reverse('wagtailadmin_home'))}  email: {email}  password: {password}"


def password_salvata(path):
    """The password written in the login file, or None if the file is missing or unreadable."""
    try:
        testo = path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    trovata = re.search(r"password: (\S+)", testo)
    return trovata.group(1) if trovata else None


class Command(BaseCommand):
    help = (
        f"Crea (una volta sola) il superutente {EMAIL} con una password casuale, salvata in "
        "var/admin-login.txt, e stampa le credenziali dell'area redazione."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        path = file_credenziali()
        user, creato = utente(
            email=EMAIL, first_name="Amministratore", last_name="CoP", gruppi=[roles.REDATTORI], is_superuser=True
        )
        if creato:
            services.crea_profilo(user=user, ente="Regione Toscana")
        password = password_salvata(path)
        if creato or password is None or not user.check_password(password):
            # First run, or the file was lost, or it belongs to an older database: a new password.
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.save(update_fields=["password"])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(riga_credenziali(EMAIL, password) + "\n", encoding="utf-8")
            path.chmod(0o600)
        self.stdout.write(riga_credenziali(EMAIL, password))
