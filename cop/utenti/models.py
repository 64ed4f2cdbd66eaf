from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """The account. Personal details beyond name and email live in `cop.Profilo`."""

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")

    @property
    def nome_visualizzato(self):
        return self.get_full_name() or self.email or self.username
