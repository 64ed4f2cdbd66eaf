"""The services active in a territory (issue 17: "la mappatura dei bisogni e dei servizi attivi"): who
offers what, where, for whom and how to reach it. Editors keep them in the admin ("Servizi del
territorio"); a zone's page lists them and shades its comuni by how many they have."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cop.mappa import chiave_comune
from cop.models import Organizzazione, Tema, Zona


class ServizioQuerySet(models.QuerySet):
    def attivi(self):
        return self.filter(attivo=True)


class Servizio(models.Model):
    nome = models.CharField(_("nome del servizio"), max_length=200)
    descrizione = models.TextField(_("che cosa offre"), max_length=2000, blank=True)
    organizzazione = models.ForeignKey(
        Organizzazione,
        verbose_name=_("organizzazione che lo offre"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="servizi",
    )
    zona = models.ForeignKey(Zona, verbose_name=_("zona-distretto"), on_delete=models.PROTECT, related_name="servizi")
    comune = models.CharField(
        _("comune"), max_length=120, blank=True, help_text=_("Uno dei comuni della zona; vuoto se serve tutta la zona.")
    )
    destinatari = models.ManyToManyField(
        "buonepratiche.Destinatario", verbose_name=_("destinatari"), blank=True, related_name="+"
    )
    temi = models.ManyToManyField(Tema, verbose_name=_("temi"), blank=True, related_name="+")
    accesso = models.TextField(_("come si accede"), max_length=2000, blank=True)
    contatto = models.CharField(_("contatto pubblico"), max_length=200, blank=True)
    sito_web = models.URLField(_("sito web"), blank=True)
    attivo = models.BooleanField(_("attivo"), default=True)
    aggiornato_il = models.DateTimeField(_("aggiornato il"), auto_now=True)

    objects = ServizioQuerySet.as_manager()

    panels = [
        FieldPanel("nome"),
        FieldPanel("descrizione"),
        FieldPanel("organizzazione"),
        MultiFieldPanel([FieldPanel("zona"), FieldPanel("comune")], heading=_("Dove")),
        MultiFieldPanel([FieldPanel("destinatari"), FieldPanel("temi")], heading=_("Per chi e su che cosa")),
        MultiFieldPanel(
            [FieldPanel("accesso"), FieldPanel("contatto"), FieldPanel("sito_web")], heading=_("Come raggiungerlo")
        ),
        FieldPanel("attivo"),
    ]

    class Meta:
        verbose_name = _("servizio del territorio")
        verbose_name_plural = _("servizi del territorio")
        ordering = ["nome", "pk"]

    def __str__(self):
        return self.nome

    def clean(self):
        super().clean()
        if self.comune and self.zona_id:
            comuni = {chiave_comune(nome): nome for nome in self.zona.elenco_comuni}
            if chiave_comune(self.comune) not in comuni:
                raise ValidationError(
                    {
                        "comune": _("«%(comune)s» non è un comune della zona %(zona)s. I suoi comuni: %(elenco)s.")
                        % {"comune": self.comune, "zona": self.zona.nome, "elenco": ", ".join(self.zona.elenco_comuni)}
                    }
                )
            self.comune = comuni[chiave_comune(self.comune)]
