"""The library of good practices: the practice page, its vocabularies, evaluations and adoptions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet, Task, TaskState
from wagtail.search import index

from cop.models import ContentPageMixin, Organizzazione, Tema, Zona
from cop.permessi_pagine import IndiceDiZona, PaginaDiZona
from cop.widgets import ZoneCheckboxSelectMultiple

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
    def per_elenco(self):
        """What a card of the library needs, in a fixed number of queries whatever the page size."""
        # A correlated subquery rather than JOIN + GROUP BY: the database computes it for the rows of
        # the page only (unless sorting by it), and count() leaves it out.
        adozioni = (
            Adozione.objects.filter(pratica_id=OuterRef("pk"))
            .order_by()
            .values("pratica_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            self.defer_streamfields()
            .prefetch_related("zone", "temi")
            .annotate(numero_adozioni=Coalesce(Subquery(adozioni), 0))
        )

    def validate(self):
        return self.filter(validata=True)

    def filtra(
        self,
        *,
        zone=(),
        temi=(),
        destinatari=(),
        fonti=(),
        metodologie=(),
        soggetti=(),
        stati=(),
        anni=(),
        validata=None,
    ):
        """The library's filters: OR within a filter, AND between filters. Vocabularies by primary key,
        `soggetti` and `stati` by choice value, `anni` as years of start. Multi-valued relations go
        through subqueries, so a practice never appears twice."""
        qs = self
        for campo, ids in (
            ("zone", zone),
            ("temi", temi),
            ("destinatari", destinatari),
            ("fonti_finanziamento", fonti),
            ("metodologie", metodologie),
        ):
            if ids:
                through, colonna_pratica, colonna_voce = _tabella_m2m(campo)
                qs = qs.filter(pk__in=through.objects.filter(**{f"{colonna_voce}__in": ids}).values(colonna_pratica))
        if soggetti:
            qs = qs.filter(
                pk__in=SoggettoCoinvolto.objects.filter(organizzazione__tipo__in=soggetti).values("pratica_id")
            )
        if stati:
            qs = qs.filter(stato__in=stati)
        if anni:
            qs = qs.con_anno().filter(anno_avvio__in=anni)
        if validata:
            qs = qs.filter(validata=True)
        return qs

    def con_anno(self):
        """`anno_avvio`: the year of start, or of first publication when the start is unknown."""
        return self.annotate(anno_avvio=Coalesce(ExtractYear("data_inizio"), ExtractYear("first_published_at")))

    def ordina(self, chiave):
        """`recenti` (newest published first), `titolo`, `adottate` (needs `per_elenco()`)."""
        if chiave == "titolo":
            return self.order_by("title", "pk")
        if chiave == "adottate":
            return self.order_by("-numero_adozioni", "-first_published_at", "-pk")
        return self.order_by("-first_published_at", "-pk")

    def conteggi(self, criterio):
        """{value: number of practices} of this queryset for one filter of `filtra()`, in one GROUP BY
        query (values are primary keys for vocabularies, choice values or years otherwise)."""
        pratiche = self.order_by().values("pk")
        if criterio in CAMPI_M2M:
            through, colonna_pratica, colonna_voce = _tabella_m2m(CAMPI_M2M[criterio])
            righe = (
                through.objects.filter(**{f"{colonna_pratica}__in": pratiche})
                .order_by()
                .values(colonna_voce)
                .annotate(n=Count("pk"))
                .values_list(colonna_voce, "n")
            )
        elif criterio == "soggetti":
            righe = (
                SoggettoCoinvolto.objects.filter(pratica_id__in=pratiche)
                .order_by()
                .values("organizzazione__tipo")
                .annotate(n=Count("pratica_id", distinct=True))
                .values_list("organizzazione__tipo", "n")
            )
        elif criterio == "stati":
            righe = self.order_by().values("stato").annotate(n=Count("pk")).values_list("stato", "n")
        elif criterio == "anni":
            righe = (
                self.con_anno().order_by().values("anno_avvio").annotate(n=Count("pk")).values_list("anno_avvio", "n")
            )
        else:
            raise ValueError(criterio)
        return dict(righe)


CAMPI_M2M = {
    "zone": "zone",
    "temi": "temi",
    "destinatari": "destinatari",
    "fonti": "fonti_finanziamento",
    "metodologie": "metodologie",
}


def _tabella_m2m(campo):
    """The through model of a ParentalManyToManyField of the practice and its two column names."""
    field = BuonaPraticaPage._meta.get_field(campo)
    return field.remote_field.through, field.m2m_column_name(), field.m2m_reverse_name()


BuonaPraticaManager = PageManager.from_queryset(BuonaPraticaQuerySet)


class BuonaPraticaTag(TaggedItemBase):
    content_object = ParentalKey(
        "buonepratiche.BuonaPraticaPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BuonaPraticaPage(PaginaDiZona, ContentPageMixin, Page):
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
            [FieldPanel("zone", widget=ZoneCheckboxSelectMultiple), FieldPanel("temi"), FieldPanel("destinatari")],
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

    def get_context(self, request, *args, **kwargs):
        from buonepratiche import permissions

        context = super().get_context(request, *args, **kwargs)
        context.update(self.dettagli())
        context["indice"] = self.get_parent()
        context["mostra_contatto"] = permissions.can_see_contact(request.user, self)
        if request.user.is_authenticated:
            context["salvata"] = self.salvataggi.filter(user=request.user).exists()
            context["puo_salvare"] = not context["salvata"] and permissions.can_save(request.user, self)
        return context

    def url_per_autore(self):
        """Where the author reads and changes their practice (the outcome of a review links here)."""
        return reverse("buonepratiche:proposta_riepilogo", kwargs={"pk": self.pk})

    def dettagli(self):
        """What the page shows besides its own columns: one query per relation, never per item."""
        soggetti = list(self.soggetti.select_related("organizzazione"))
        return {
            "zone": list(self.zone.all()),
            "temi": list(self.temi.all()),
            "destinatari": list(self.destinatari.all()),
            "fonti_finanziamento": list(self.fonti_finanziamento.all()),
            "metodologie": list(self.metodologie.all()),
            "promotori": [s for s in soggetti if s.ruolo == SoggettoCoinvolto.Ruolo.PROMOTORE],
            "partner": [s for s in soggetti if s.ruolo != SoggettoCoinvolto.Ruolo.PROMOTORE],
            "indicatori": list(self.indicatori.all()),
            "allegati": list(self.allegati.select_related("documento")),
            "etichette": list(self.tags.all()),
        }

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
    """An organisation that promotes a practice or is one of its partners."""

    class Ruolo(models.TextChoices):
        PROMOTORE = "promotore", _("Promotore")
        PARTNER = "partner", _("Partner")

    pratica = ParentalKey(BuonaPraticaPage, on_delete=models.CASCADE, related_name="soggetti")
    # Null only in a draft written before organisations existed and not yet migrated (never published:
    # the page form asks for it).
    organizzazione = models.ForeignKey(
        Organizzazione,
        verbose_name=_("organizzazione"),
        null=True,
        on_delete=models.PROTECT,
        related_name="partecipazioni_pratiche",
    )
    ruolo = models.CharField(_("ruolo"), max_length=20, choices=Ruolo.choices, default=Ruolo.PARTNER)

    panels = [FieldPanel("organizzazione"), FieldPanel("ruolo")]

    class Meta(Orderable.Meta):
        verbose_name = _("soggetto coinvolto")
        verbose_name_plural = _("soggetti coinvolti")

    def __str__(self):
        return self.nome

    @property
    def nome(self):
        return self.organizzazione.nome if self.organizzazione_id else ""

    @property
    def tipo(self):
        return self.organizzazione.tipo if self.organizzazione_id else ""

    def get_tipo_display(self):
        return self.organizzazione.get_tipo_display() if self.organizzazione_id else ""


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


class BuonePraticheIndexPage(IndiceDiZona, RoutablePageMixin, ContentPageMixin, Page):
    """The library: filters, sorting, per-zone and per-theme listings, feeds and exports."""

    intro = RichTextField(_("introduzione"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cop.HomePage"]
    subpage_types = ["buonepratiche.BuonaPraticaPage"]
    max_count = 1

    class Meta:
        verbose_name = _("biblioteca delle buone pratiche")

    # The listing, per zone and per theme: filters in the URL (buonepratiche.filters).

    @path("", name="elenco")
    def elenco(self, request):
        return self._elenco(request)

    @path("zona/<slug:slug>/", name="zona")
    def per_zona(self, request, slug):
        zona = get_object_or_404(Zona, slug=slug)
        return self._elenco(request, fissi={"zona": [zona.slug]}, oggetto=zona)

    @path("tema/<slug:slug>/", name="tema")
    def per_tema(self, request, slug):
        tema = get_object_or_404(Tema, slug=slug)
        return self._elenco(request, fissi={"tema": [tema.slug]}, oggetto=tema)

    def _elenco(self, request, *, fissi=None, oggetto=None):
        from buonepratiche.biblioteca import elenco

        return self.render(request, context_overrides={"elenco": elenco(request, fissi=fissi), "oggetto": oggetto})

    # Feeds of newly published practices (all, per zone, per theme) and exports of the filtered listing.

    @path("feed/<str:formato>/", name="feed")
    def feed(self, request, formato):
        return self._feed(request, formato)

    @path("zona/<slug:slug>/feed/<str:formato>/", name="feed_zona")
    def feed_zona(self, request, slug, formato):
        return self._feed(request, formato, zona=get_object_or_404(Zona, slug=slug))

    @path("tema/<slug:slug>/feed/<str:formato>/", name="feed_tema")
    def feed_tema(self, request, slug, formato):
        return self._feed(request, formato, tema=get_object_or_404(Tema, slug=slug))

    def _feed(self, request, formato, **filtro):
        from buonepratiche.feeds import risposta_feed

        return risposta_feed(request, indice=self, formato=formato, **filtro)

    @path("esporta/<str:formato>/", name="esporta")
    def esporta(self, request, formato):
        from buonepratiche.views.esportazione import risposta_esportazione

        return risposta_esportazione(request, indice=self, formato=formato)


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


class PraticaSalvata(models.Model):
    """«Salva»: a member keeps a practice in "Pratiche salvate" and is told when it changes (a new
    version published, validated, adopted by a zone)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pratiche_salvate", verbose_name=_("utente")
    )
    pratica = models.ForeignKey(
        BuonaPraticaPage, on_delete=models.CASCADE, related_name="salvataggi", verbose_name=_("pratica")
    )
    salvata_il = models.DateTimeField(_("salvata il"), default=timezone.now)

    class Meta:
        verbose_name = _("pratica salvata")
        verbose_name_plural = _("pratiche salvate")
        ordering = ["-salvata_il", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "pratica"], name="una_pratica_salvata_per_utente")]

    def __str__(self):
        return f"{self.user_id} ★ {self.pratica_id}"


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
        """Notify the practice's referenti; with no referente for any of its zones (a territory
        outside Tuscany, a zone still without one) the step is skipped and the redazione reviews."""
        from .selectors_proposte import referenti_della_pratica
        from .services.proposte import notifica_referenti

        task_state = super().start(workflow_state, user=user)
        if referenti_della_pratica(task_state.revision.as_object()):
            notifica_referenti(task_state=task_state, inviata_da=user)
        else:
            task_state.status = TaskState.STATUS_SKIPPED
            task_state.finished_at = timezone.now()
            task_state.comment = str(_("Nessun referente di zona per i territori della pratica: passo saltato."))
            task_state.save(update_fields=["status", "finished_at", "comment"])
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
