"""The library of good practices: the practice page, its vocabularies, evaluations and adoptions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, Task, TaskState
from wagtail.search import index

from cop.models import ContentPageMixin, Tema, Zona

SEZIONI_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "blockquote"]


# --- Vocabularies (fixed lists that editors can extend) -----------------------------------------


class Vocabolario(models.Model):
    nome = models.CharField(_("nome"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    panels = [FieldPanel("nome"), FieldPanel("slug"), FieldPanel("ordine")]

    class Meta:
        abstract = True
        ordering = ["ordine", "nome"]

    def __str__(self):
        return self.nome


class Destinatario(Vocabolario):
    class Meta(Vocabolario.Meta):
        verbose_name = _("destinatari")
        verbose_name_plural = _("destinatari")


class FonteFinanziamento(Vocabolario):
    class Meta(Vocabolario.Meta):
        verbose_name = _("fonte di finanziamento")
        verbose_name_plural = _("fonti di finanziamento")


class Metodologia(Vocabolario):
    class Meta(Vocabolario.Meta):
        verbose_name = _("metodologia")
        verbose_name_plural = _("metodologie")


# --- The practice page -----------------------------------------------------------------------------


class BuonaPraticaQuerySet(PageQuerySet):
    def for_listing(self):
        """What a card of the library needs, in a fixed number of queries whatever the page size."""
        return (
            self.defer_streamfields()
            .prefetch_related("zone", "temi")
            .annotate(numero_adozioni=Count("adozioni", distinct=True))
        )

    def validate(self):
        return self.filter(validata=True)


BuonaPraticaManager = PageManager.from_queryset(BuonaPraticaQuerySet)


class BuonaPraticaTag(TaggedItemBase):
    content_object = ParentalKey(
        "buonepratiche.BuonaPraticaPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BuonaPraticaPage(ContentPageMixin, Page):
    """One good practice of a zone: what it is, for whom, with whom, how, and what it achieved."""

    class Stato(models.TextChoices):
        IN_PROGETTAZIONE = "in-progettazione", _("In progettazione")
        IN_CORSO = "in-corso", _("In corso")
        CONCLUSA = "conclusa", _("Conclusa")

    abstract = models.TextField(_("in breve"), max_length=600, help_text=_("Due o tre frasi: che cosa, per chi, dove."))
    zone = ParentalManyToManyField(Zona, verbose_name=_("territori"), related_name="buone_pratiche")
    temi = ParentalManyToManyField(Tema, verbose_name=_("temi"), related_name="buone_pratiche")
    destinatari = ParentalManyToManyField(Destinatario, verbose_name=_("destinatari"), blank=True)
    fonti_finanziamento = ParentalManyToManyField(
        FonteFinanziamento, verbose_name=_("fonti di finanziamento"), blank=True
    )
    metodologie = ParentalManyToManyField(Metodologia, verbose_name=_("metodologie"), blank=True)
    data_inizio = models.DateField(_("data di inizio"), null=True, blank=True)
    data_fine = models.DateField(_("data di fine"), null=True, blank=True)
    stato = models.CharField(_("stato"), max_length=20, choices=Stato.choices, default=Stato.IN_CORSO)

    contesto = RichTextField(_("contesto"), blank=True, features=SEZIONI_FEATURES)
    obiettivi = RichTextField(_("obiettivi"), blank=True, features=SEZIONI_FEATURES)
    azioni = RichTextField(_("azioni"), blank=True, features=SEZIONI_FEATURES)
    risultati = RichTextField(_("risultati"), blank=True, features=SEZIONI_FEATURES)
    difficolta = RichTextField(_("difficoltà incontrate"), blank=True, features=SEZIONI_FEATURES)
    trasferibilita = RichTextField(_("cosa la rende trasferibile"), blank=True, features=SEZIONI_FEATURES)

    contatto_nome = models.CharField(_("persona di contatto"), max_length=120, blank=True)
    contatto_email = models.EmailField(_("email di contatto"), blank=True)
    contatto_telefono = models.CharField(_("telefono di contatto"), max_length=40, blank=True)

    tags = ClusterTaggableManager(through=BuonaPraticaTag, blank=True, verbose_name=_("etichette"))
    validata = models.BooleanField(
        _("buona pratica validata"), default=False, editable=False, help_text=_("Calcolato dalle valutazioni.")
    )

    objects = BuonaPraticaManager()

    content_panels = Page.content_panels + [
        FieldPanel("abstract"),
        MultiFieldPanel(
            [FieldPanel("zone"), FieldPanel("temi"), FieldPanel("destinatari")],
            heading=_("Dove e per chi"),
        ),
        InlinePanel("soggetti", label=_("Promotore e partner"), min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("fonti_finanziamento"),
                FieldPanel("metodologie"),
                FieldRowPanel([FieldPanel("data_inizio"), FieldPanel("data_fine"), FieldPanel("stato")]),
            ],
            heading=_("Come"),
        ),
        FieldPanel("contesto"),
        FieldPanel("obiettivi"),
        FieldPanel("azioni"),
        FieldPanel("risultati"),
        InlinePanel("indicatori", label=_("Risultati in cifre")),
        FieldPanel("difficolta"),
        FieldPanel("trasferibilita"),
        InlinePanel("allegati", label=_("Documenti")),
        MultiFieldPanel(
            [FieldPanel("contatto_nome"), FieldPanel("contatto_email"), FieldPanel("contatto_telefono")],
            heading=_("Contatto (visibile solo agli utenti registrati)"),
        ),
        FieldPanel("tags"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("abstract"),
        index.SearchField("contesto"),
        index.SearchField("obiettivi"),
        index.SearchField("azioni"),
        index.SearchField("risultati"),
        index.SearchField("trasferibilita"),
        index.FilterField("validata"),
        index.FilterField("stato"),
        index.RelatedFields("zone", [index.SearchField("nome")]),
        index.RelatedFields("temi", [index.SearchField("nome")]),
    ]

    parent_page_types = ["buonepratiche.BuonePraticheIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("buona pratica")
        verbose_name_plural = _("buone pratiche")
        constraints = [
            models.CheckConstraint(
                condition=Q(data_fine__isnull=True)
                | Q(data_inizio__isnull=True)
                | Q(data_fine__gte=models.F("data_inizio")),
                name="buonapratica_fine_dopo_inizio",
                violation_error_message=_("La data di fine non può precedere la data di inizio."),
            )
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.data_inizio and self.data_fine and self.data_fine < self.data_inizio:
            raise ValidationError({"data_fine": _("La data di fine non può precedere la data di inizio.")})

    def with_content_json(self, content):
        """`validata` is derived from the evaluations, not edited: publishing a revision keeps the
        current value instead of the one saved in the revision (see services/valutazioni.py)."""
        obj = super().with_content_json(content)
        obj.validata = self.validata
        return obj

    @property
    def anno(self):
        return (
            self.data_inizio or (self.first_published_at and self.first_published_at.date()) or timezone.localdate()
        ).year


class SoggettoCoinvolto(Orderable):
    class Tipo(models.TextChoices):
        COMUNE = "comune", _("Comune o Unione di Comuni")
        SDS = "sds", _("Società della Salute o zona-distretto")
        ASL = "asl", _("Azienda sanitaria")
        REGIONE = "regione", _("Regione")
        ETS = "ets", _("Ente del Terzo Settore")
        COOPERATIVA = "cooperativa", _("Cooperativa sociale")
        ASSOCIAZIONE = "associazione", _("Associazione")
        SINDACATO = "oo-ss", _("Organizzazioni sindacali (OO.SS.)")
        TRIBUNALE = "tribunale-minorenni", _("Tribunale per i minorenni")
        FORMAZIONE = "formazione", _("Ente di formazione")
        SCUOLA = "scuola", _("Scuola o università")
        IMPRESA = "impresa", _("Impresa")
        ALTRO = "altro", _("Altro")

    class Ruolo(models.TextChoices):
        PROMOTORE = "promotore", _("Promotore")
        PARTNER = "partner", _("Partner")

    pratica = ParentalKey(BuonaPraticaPage, on_delete=models.CASCADE, related_name="soggetti")
    nome = models.CharField(_("nome"), max_length=200)
    tipo = models.CharField(_("tipo"), max_length=30, choices=Tipo.choices)
    ruolo = models.CharField(_("ruolo"), max_length=20, choices=Ruolo.choices, default=Ruolo.PARTNER)

    panels = [FieldPanel("nome"), FieldPanel("tipo"), FieldPanel("ruolo")]

    class Meta(Orderable.Meta):
        verbose_name = _("soggetto coinvolto")
        verbose_name_plural = _("soggetti coinvolti")

    def __str__(self):
        return self.nome


class Indicatore(Orderable):
    pratica = ParentalKey(BuonaPraticaPage, on_delete=models.CASCADE, related_name="indicatori")
    valore = models.CharField(_("valore"), max_length=40, help_text=_("Es. 616, 25, 80%."))
    descrizione = models.CharField(_("descrizione"), max_length=200, help_text=_("Es. progetti finanziati."))

    panels = [FieldPanel("valore"), FieldPanel("descrizione")]

    class Meta(Orderable.Meta):
        verbose_name = _("risultato in cifre")
        verbose_name_plural = _("risultati in cifre")


class Allegato(Orderable):
    pratica = ParentalKey(BuonaPraticaPage, on_delete=models.CASCADE, related_name="allegati")
    documento = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("documento")
    )
    titolo = models.CharField(_("titolo"), max_length=200, blank=True)

    panels = [FieldPanel("documento"), FieldPanel("titolo")]

    class Meta(Orderable.Meta):
        verbose_name = _("documento")
        verbose_name_plural = _("documenti")

    @property
    def titolo_visualizzato(self):
        return self.titolo or self.documento.title


# --- The library -----------------------------------------------------------------------------------


class BuonePraticheIndexPage(RoutablePageMixin, ContentPageMixin, Page):
    """The library: filters, sorting, per-zone and per-theme listings, feeds and exports."""

    intro = RichTextField(_("introduzione"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cop.HomePage"]
    subpage_types = ["buonepratiche.BuonaPraticaPage"]
    max_count = 1

    class Meta:
        verbose_name = _("biblioteca delle buone pratiche")


# --- Evaluation (criteria of the European Commission's Best Practice Portal) --------------------------


class Criterio(models.TextChoices):
    RILEVANZA = "rilevanza", _("Rilevanza")
    CARATTERISTICHE = "caratteristiche", _("Caratteristiche dell'intervento")
    EVIDENZE = "evidenze", _("Evidenze e teoria")
    ETICA = "etica", _("Aspetti etici")
    EFFICACIA = "efficacia", _("Efficacia ed efficienza")
    EQUITA = "equita", _("Equità")
    TRASFERIBILITA = "trasferibilita", _("Trasferibilità")
    SOSTENIBILITA = "sostenibilita", _("Sostenibilità")
    INTERSETTORIALITA = "intersettorialita", _("Collaborazione intersettoriale")
    PARTECIPAZIONE = "partecipazione", _("Partecipazione")


class ValutazionePratica(models.Model):
    """One editor's evaluation of a practice: a score 1-4 and a note for each criterion."""

    pratica = models.ForeignKey(BuonaPraticaPage, on_delete=models.CASCADE, related_name="valutazioni_esperti")
    valutatore = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("valutatore")
    )
    creata_il = models.DateTimeField(_("data"), default=timezone.now)
    aggiornata_il = models.DateTimeField(_("aggiornata il"), auto_now=True)
    media = models.DecimalField(_("media"), max_digits=3, decimal_places=2, default=0)
    nota_generale = models.TextField(_("nota generale"), blank=True)

    class Meta:
        verbose_name = _("valutazione della pratica")
        verbose_name_plural = _("valutazioni delle pratiche")
        ordering = ["-creata_il"]
        constraints = [
            models.UniqueConstraint(fields=["pratica", "valutatore"], name="una_valutazione_per_valutatore"),
        ]

    def __str__(self):
        return f"{self.pratica} · {self.media}"


class PunteggioCriterio(models.Model):
    valutazione = models.ForeignKey(ValutazionePratica, on_delete=models.CASCADE, related_name="punteggi")
    criterio = models.CharField(_("criterio"), max_length=30, choices=Criterio.choices)
    punteggio = models.PositiveSmallIntegerField(
        _("punteggio"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    nota = models.TextField(_("nota"), blank=True)

    class Meta:
        verbose_name = _("punteggio")
        verbose_name_plural = _("punteggi")
        constraints = [
            models.UniqueConstraint(fields=["valutazione", "criterio"], name="un_punteggio_per_criterio"),
            models.CheckConstraint(condition=Q(punteggio__gte=1, punteggio__lte=4), name="punteggio_1_4"),
        ]

    def __str__(self):
        return f"{self.get_criterio_display()}: {self.punteggio}"


@register_setting(icon="success")
class ImpostazioniBuonePratiche(BaseGenericSetting):
    soglia_validazione = models.DecimalField(
        _("soglia per «Buona pratica validata»"),
        max_digits=3,
        decimal_places=2,
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Media dei punteggi (da 1 a 4) oltre la quale una pratica è validata."),
    )

    panels = [FieldPanel("soglia_validazione")]

    class Meta:
        verbose_name = _("impostazioni delle buone pratiche")


# --- Replication between territories -------------------------------------------------------------------


class AdozioneQuerySet(models.QuerySet):
    def trasferimenti(self):
        return self.select_related("pratica", "zona_adottante", "pratica_derivata").prefetch_related("pratica__zone")


class Adozione(models.Model):
    """ "L'abbiamo adottata": a zone declares it replicated a practice of another territory."""

    pratica = models.ForeignKey(BuonaPraticaPage, on_delete=models.CASCADE, related_name="adozioni")
    zona_adottante = models.ForeignKey(
        Zona, on_delete=models.PROTECT, related_name="adozioni", verbose_name=_("zona che l'ha adottata")
    )
    pratica_derivata = models.ForeignKey(
        BuonaPraticaPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derivata_da",
        verbose_name=_("pratica derivata"),
    )
    dichiarata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dichiarata da"),
    )
    nota = models.TextField(_("come l'avete adattata"), blank=True, max_length=2000)
    creata_il = models.DateTimeField(_("data"), default=timezone.now)

    objects = AdozioneQuerySet.as_manager()

    class Meta:
        verbose_name = _("adozione")
        verbose_name_plural = _("adozioni")
        ordering = ["-creata_il"]
        constraints = [
            models.UniqueConstraint(fields=["pratica", "zona_adottante"], name="una_adozione_per_zona"),
        ]

    def __str__(self):
        return f"{self.pratica} → {self.zona_adottante}"


# --- Review workflow: the first step belongs to the Referenti di zona of the practice's zones ------------


class RevisioneReferenteTask(Task):
    """A Wagtail workflow task that the Referenti di zona of the practice's zones (and only they)
    approve or send back with a comment. Who is a reviewer is decided by
    `permissions.can_review_as_referente`, on the revision under review (the zones the author chose
    in the proposal, not those of the version online)."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("revisione del referente di zona")
        verbose_name_plural = _("revisioni del referente di zona")

    @classmethod
    def get_description(cls):
        return _("I referenti di zona delle zone della buona pratica la approvano o chiedono modifiche.")

    def start(self, workflow_state, user=None):
        from .services.proposte import notifica_referenti

        task_state = super().start(workflow_state, user=user)
        notifica_referenti(task_state=task_state, inviata_da=user)
        return task_state

    def _pratica_in_revisione(self, obj):
        """The practice as in the revision under review (cached on `obj` for the request)."""
        cached = getattr(obj, "_pratica_in_revisione", None)
        if cached is not None:
            return cached
        task_state = obj.current_workflow_task_state
        revision = task_state.revision if task_state is not None else obj.get_latest_revision()
        pratica = revision.as_object() if revision is not None else obj.specific
        obj._pratica_in_revisione = pratica
        return pratica

    def puo_revisionare(self, obj, user):
        from .permissions import can_review_as_referente

        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        pratica = self._pratica_in_revisione(obj)
        return isinstance(pratica, BuonaPraticaPage) and can_review_as_referente(user, pratica)

    def user_can_access_editor(self, obj, user):
        return self.puo_revisionare(obj, user)

    def locked_for_user(self, obj, user):
        return not self.puo_revisionare(obj, user)

    def user_can_lock(self, obj, user):
        return self.puo_revisionare(obj, user)

    def get_actions(self, obj, user):
        if not self.puo_revisionare(obj, user):
            return []
        return [
            ("reject", _("Richiedi modifiche"), True),
            ("approve", _("Approva"), False),
            ("approve", _("Approva con un commento"), True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not self.puo_revisionare(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from cop import roles

        in_corso = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_corso
        if not roles.is_referente(user):
            return TaskState.objects.none()
        ids = [
            task_state.pk
            for task_state in in_corso.select_related("revision", "workflow_state")
            if self.puo_revisionare(task_state.workflow_state.content_object, user)
        ]
        return in_corso.filter(pk__in=ids)
