from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .indirizzo import base_url, url_assoluto

# The links allauth puts in its emails (confirm the address, reset the password, sign up).
LINK_EMAIL = ("activate_url", "password_reset_url", "signup_url")


class SitoPubblico:
    """What allauth's email templates read of `current_site`: the public address of the settings."""

    def __init__(self):
        self.domain = urlsplit(base_url()).netloc
        self.name = settings.WAGTAIL_SITE_NAME


def _percorso(url):
    parti = urlsplit(str(url))
    return parti.path + (f"?{parti.query}" if parti.query else "") + (f"#{parti.fragment}" if parti.fragment else "")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Troppi tentativi di accesso non riusciti. Riprova tra qualche minuto oppure reimposta la password."
        ),
        "email_taken": _("Esiste già un account con questo indirizzo email. Accedi o reimposta la password."),
    }

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth builds its links from the Host of the request; ours point to the site's public
        address (cop.indirizzo), so a forged Host header cannot end up in a password-reset email."""
        context = {**context, "current_site": SitoPubblico(), "url_sito": url_assoluto("/")}
        for chiave in LINK_EMAIL:
            if context.get(chiave):
                context[chiave] = url_assoluto(_percorso(context[chiave]))
        return super().render_mail(template_prefix, email, context, headers=headers)
