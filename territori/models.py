"""The services active in a territory (issue 17: "la mappatura dei bisogni e dei servizi attivi"): who
offers what, where, for whom and how to reach it. Editors keep them in the admin ("Servizi del
territorio"); a zone's page lists them and shades its comuni by how many they have. And the indicators
over time: their definitions, their values by zone or comune and year, and the files they came from
(territori/importazione.py reads them, territori/indicatori.py reads the values)."""

from django.conf import settings
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


# --- Indicators over time (issue 17): a definition, values by zone or comune and year, the imports -----

CODICI_RISERVATI = "cop-"  # the platform's own indicators (territori/indicatori.py), computed, never imported


class Indicatore(models.Model):
    """An indicator imported by the editors (ISTAT, INPS, the Region's observatories): what it measures,
    its unit and source, and how the values of the comuni go up to their zone."""

    class Aggregazione(models.TextChoices):
        SOMMA = "somma", _("somma (conteggi: persone, famiglie, euro)")
        MEDIA = "media", _("media (tassi, percentuali, indici)")

    codice = models.SlugField(
        _("codice"),
        max_length=60,
        unique=True,
        help_text=_("Breve e stabile, come nei file da importare: ad esempio «reddito-cittadinanza-nuclei»."),
    )
    nome = models.CharField(_("nome"), max_length=200)
    unita = models.CharField(_("unità di misura"), max_length=60, help_text=_("Ad esempio: nuclei, %, euro."))
    fonte = models.CharField(_("fonte"), max_length=200, blank=True)
    link = models.URLField(_("collegamento alla fonte"), blank=True)
    calcolo = models.TextField(_("come si calcola"), max_length=2000, blank=True)
    piu_alto_e_meglio = models.BooleanField(
        _("un valore più alto è meglio"),
        default=True,
        help_text=_("Togliere il segno per gli indicatori di disagio (povertà, dispersione): più basso è meglio."),
    )
    aggregazione = models.CharField(
        _("dai comuni alla zona e dalle zone alla regione"),
        max_length=10,
        choices=Aggregazione.choices,
        default=Aggregazione.SOMMA,
    )
    aggiornato_il = models.DateTimeField(_("aggiornato il"), auto_now=True)

    panels = [
        FieldPanel("codice"),
        FieldPanel("nome"),
        FieldPanel("unita"),
        MultiFieldPanel([FieldPanel("fonte"), FieldPanel("link"), FieldPanel("calcolo")], heading=_("Fonte e metodo")),
        FieldPanel("piu_alto_e_meglio"),
        FieldPanel("aggregazione"),
    ]

    class Meta:
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        ordering = ["nome", "pk"]
        permissions = [("importa_indicatori", _("Può importare gli indicatori da un file"))]

    def __str__(self):
        return self.nome

    def clean(self):
        super().clean()
        if self.codice.startswith(CODICI_RISERVATI):
            raise ValidationError(
                {
                    "codice": _("I codici che iniziano con «%(prefisso)s» sono degli indicatori della piattaforma.")
                    % {"prefisso": CODICI_RISERVATI}
                }
            )


class ValoreIndicatore(models.Model):
    """One figure: of a zone (`comune` empty) or of one of its comuni, for a year."""

    indicatore = models.ForeignKey(Indicatore, on_delete=models.CASCADE, related_name="valori")
    zona = models.ForeignKey(Zona, verbose_name=_("zona-distretto"), on_delete=models.PROTECT, related_name="+")
    comune = models.CharField(_("comune"), max_length=120, blank=True)
    anno = models.PositiveSmallIntegerField(_("anno"))
    valore = models.DecimalField(_("valore"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("valore di un indicatore")
        verbose_name_plural = _("valori degli indicatori")
        constraints = [
            models.UniqueConstraint(
                fields=["indicatore", "zona", "comune", "anno"], name="valore_unico_per_luogo_e_anno"
            )
        ]
        indexes = [models.Index(fields=["indicatore", "anno"])]

    def __str__(self):
        return f"{self.indicatore.codice} {self.comune or self.zona} {self.anno}: {self.valore}"


class Importazione(models.Model):
    """A file of indicators uploaded in the admin: kept (who, when, what) from its preview to its import,
    in the database and not among the public media files."""

    class Stato(models.TextChoices):
        ANTEPRIMA = "anteprima", _("in anteprima")
        IMPORTATA = "importata", _("importata")

    nome_file = models.CharField(_("file"), max_length=255)
    contenuto = models.BinaryField(_("contenuto"))
    caricata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("caricata da"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    caricata_il = models.DateTimeField(_("caricata il"), auto_now_add=True)
    stato = models.CharField(_("stato"), max_length=12, choices=Stato.choices, default=Stato.ANTEPRIMA)
    importata_il = models.DateTimeField(_("importata il"), null=True, blank=True)
    riepilogo = models.JSONField(_("riepilogo"), default=dict, blank=True)

    class Meta:
        verbose_name = _("importazione di indicatori")
        verbose_name_plural = _("importazioni di indicatori")
        ordering = ["-caricata_il", "-pk"]

    def __str__(self):
        return self.nome_file
