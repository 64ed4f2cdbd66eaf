from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .tipi import Canale, Tipo


class NotificaQuerySet(models.QuerySet):
    def di(self, user):
        return self.filter(user=user)

    def non_lette(self):
        return self.filter(letta_il__isnull=True)


class Notifica(models.Model):
    """Something that happened for one member, shown under the bell until they read it.

    `oggetto` is what it is about (a post, a practice, an event, a registration): when it is hidden,
    withdrawn or deleted, the notification says so instead of linking to it (`selectors.per_elenco`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("destinatario"), on_delete=models.CASCADE, related_name="notifiche"
    )
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    titolo = models.CharField(_("titolo"), max_length=300)
    testo = models.TextField(_("testo"), blank=True)
    url = models.CharField(_("indirizzo"), max_length=500, blank=True)
    attore = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("da"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    oggetto_tipo = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    oggetto_id = models.PositiveBigIntegerField(null=True, blank=True)
    creata_il = models.DateTimeField(_("creata il"), default=timezone.now, db_index=True)
    letta_il = models.DateTimeField(_("letta il"), null=True, blank=True)

    objects = NotificaQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifica")
        verbose_name_plural = _("notifiche")
        ordering = ["-creata_il", "-pk"]
        indexes = [
            models.Index(fields=["user", "-creata_il"], name="notifiche_elenco"),
            models.Index(fields=["user", "letta_il"], name="notifiche_non_lette"),
        ]

    def __str__(self):
        return self.titolo

    @property
    def letta(self):
        return self.letta_il is not None


class Preferenza(models.Model):
    """A member's choice for one kind, stored only where it differs from the kind's default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferenze_notifiche")
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    canale = models.CharField(_("come"), max_length=20, choices=Canale.choices)

    class Meta:
        verbose_name = _("preferenza di notifica")
        verbose_name_plural = _("preferenze di notifica")
        constraints = [models.UniqueConstraint(fields=["user", "tipo"], name="notifiche_una_preferenza")]

    def __str__(self):
        return f"{self.user_id} {self.tipo}: {self.canale}"
