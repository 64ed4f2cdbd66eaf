from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Troppi tentativi di accesso non riusciti. Riprova tra qualche minuto oppure reimposta la password."
        ),
        "email_taken": _("Esiste già un account con questo indirizzo email. Accedi o reimposta la password."),
    }
