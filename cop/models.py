"""What every app shares: users and profiles, zone-distretto and themes, the home page,
the simple and legal pages, accessibility feedback and page ratings."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from .indirizzo import slug_ascii
from .permessi_pagine import IndiceDiZona, PaginaDiZona
from .widgets import ZoneCheckboxSelectMultiple

TOSCANA = "Toscana"

# Slugs of the service pages that the footer and the sign-up form link to (cop.selectors).
SLUG_PRIVACY = "privacy"
SLUG_COOKIE = "cookie"
SLUG_NOTE_LEGALI = "note-legali"


# --- Users ------------------------------------------------------------------------------


def nome_autore(user):
    """How content shows its author: a deleted account reads "utente rimosso"."""
    if user is None:
        return str(_("utente rimosso"))
    return user.nome_visualizzato


def nome_pubblico(user):
    """The name shown to others (a profile, the directory, the forum): full name or username, never the
    email address (which `nome_visualizzato` falls back to)."""
    if user is None:
        return str(_("utente rimosso"))
    return user.get_full_name() or user.username


# --- Territories and themes ---------------------------------------------------------------


class ZonaQuerySet(models.QuerySet):
    def toscane(self):
        return self.filter(regione=TOSCANA)

    def valide_nel(self, anno):
        """Zones in force during `anno` (a zone that ends in year N is no longer valid in N)."""
        return self.filter(Q(dal_anno__isnull=True) | Q(dal_anno__lte=anno)).filter(
            Q(al_anno__isnull=True) | Q(al_anno__gt=anno)
        )

    def attuali(self):
        return self.valide_nel(timezone.localdate().year)


class Zona(models.Model):
    """A zona-distretto of Tuscany, or an ambito territoriale of another region.

    Zones are created, merged and split by regional deliberation: a zone that ends keeps
    its row (content filed under it keeps pointing to it) and names its successors."""

    class Tipo(models.TextChoices):
        ZONA_DISTRETTO = "zona-distretto", _("Zona-distretto")
        AMBITO = "ambito", _("Ambito territoriale (fuori Toscana)")

    nome = models.CharField(_("nome"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices, default=Tipo.ZONA_DISTRETTO)
    regione = models.CharField(_("regione"), max_length=60, default=TOSCANA)
    asl = models.CharField(_("azienda sanitaria"), max_length=120, blank=True)
    province = models.TextField(_("province"), blank=True, help_text=_("Una per riga."))
    comuni = models.TextField(_("comuni"), blank=True, help_text=_("Uno per riga."))
    dal_anno = models.PositiveSmallIntegerField(_("in vigore dal (anno)"), null=True, blank=True)
    al_anno = models.PositiveSmallIntegerField(
        _("cessata nel (anno)"), null=True, blank=True, help_text=_("Vuoto se la zona è attuale.")
    )
    successori = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessori",
        verbose_name=_("zone che le succedono"),
    )
    note = models.TextField(_("note"), blank=True)

    objects = ZonaQuerySet.as_manager()

    panels = [
        FieldPanel("nome"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("tipo"),
                FieldPanel("regione"),
                FieldPanel("asl"),
                FieldPanel("province"),
                FieldPanel("comuni"),
            ],
            heading=_("Territorio"),
        ),
        MultiFieldPanel(
            [FieldPanel("dal_anno"), FieldPanel("al_anno"), FieldPanel("successori")], heading=_("Validità")
        ),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("zona-distretto")
        verbose_name_plural = _("zone-distretto")
        ordering = ["regione", "nome"]
        constraints = [
            models.CheckConstraint(
                condition=Q(al_anno__isnull=True) | Q(dal_anno__isnull=True) | Q(al_anno__gte=models.F("dal_anno")),
                name="zona_al_anno_dopo_dal_anno",
                violation_error_message=_("L'anno di fine non può precedere l'anno di inizio."),
            )
        ]

    def __str__(self):
        if self.regione != TOSCANA:
            return f"{self.nome} ({self.regione})"
        if self.al_anno:
            return _("%(nome)s (fino al %(anno)s)") % {"nome": self.nome, "anno": self.al_anno}
        return self.nome

    def get_absolute_url(self):
        return reverse("zona_detail", kwargs={"slug": self.slug})

    @property
    def is_attuale(self):
        return self.al_anno is None or self.al_anno > timezone.localdate().year

    @property
    def elenco_province(self):
        return [p.strip() for p in self.province.splitlines() if p.strip()]

    @property
    def elenco_comuni(self):
        return [c.strip() for c in self.comuni.splitlines() if c.strip()]


class Tema(models.Model):
    """A thematic area (povertà, minori, stranieri, famiglie vulnerabili, ...)."""

    nome = models.CharField(_("nome"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    descrizione = models.TextField(_("descrizione"), blank=True)

    panels = [FieldPanel("nome"), FieldPanel("slug"), FieldPanel("descrizione")]

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temi")
        ordering = ["nome"]

    def __str__(self):
        return self.nome


class OrganizzazioneQuerySet(models.QuerySet):
    def pubblicate(self):
        return self.filter(stato=Organizzazione.Stato.PUBBLICATA)

    def per_elenco(self):
        return self.prefetch_related(models.Prefetch("zone", Zona.objects.only("pk", "nome", "slug", "regione")))

    def filtra(self, *, zone=(), tipi=()):
        """The directory's filters: OR within a filter, AND between them (zones by primary key)."""
        qs = self
        if zone:
            Through = Organizzazione.zone.through
            qs = qs.filter(pk__in=Through.objects.filter(zona_id__in=zone).values("organizzazione_id"))
        if tipi:
            qs = qs.filter(tipo__in=tipi)
        return qs

    def conteggi(self, criterio):
        """{value: number of organisations} for one filter of `filtra()` (`zone` or `tipi`), one query."""
        if criterio == "zone":
            Through = Organizzazione.zone.through
            righe = (
                Through.objects.filter(organizzazione_id__in=self.order_by().values("pk"))
                .order_by()
                .values("zona_id")
                .annotate(n=models.Count("pk"))
                .values_list("zona_id", "n")
            )
        else:
            righe = self.order_by().values("tipo").annotate(n=models.Count("pk")).values_list("tipo", "n")
        return dict(righe)

    def con_nome(self, nome):
        """Organisations whose name is `nome`, written with any case and spacing."""
        return self.filter(nome__iexact=normalizza_nome(nome))


def normalizza_nome(nome):
    """A name as an organisation keeps it: spaces trimmed and single."""
    return " ".join((nome or "").split())


class Organizzazione(models.Model):
    """A body that takes part in the community: a comune, a Società della Salute, an association...

    Promoters and partners of practices, organisers of events and members' workplaces point to it. An
    organisation a member names for the first time waits for an editor's review (`stato`) and is not in
    the public directory until then."""

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

    class Stato(models.TextChoices):
        PUBBLICATA = "pubblicata", _("Pubblicata")
        DA_REVISIONARE = "da-revisionare", _("Da revisionare")

    nome = models.CharField(_("nome"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    tipo = models.CharField(_("tipo"), max_length=30, choices=Tipo.choices)
    zone = models.ManyToManyField(Zona, verbose_name=_("zone-distretto"), blank=True, related_name="organizzazioni")
    comune = models.CharField(_("comune"), max_length=120, blank=True, help_text=_("Dove ha sede."))
    descrizione = models.TextField(_("descrizione"), blank=True, max_length=2000)
    sito_web = models.URLField(_("sito web"), blank=True)
    email = models.EmailField(_("email pubblica"), blank=True)
    telefono = models.CharField(_("telefono pubblico"), max_length=40, blank=True)
    stato = models.CharField(_("stato"), max_length=20, choices=Stato.choices, default=Stato.PUBBLICATA)
    proposta_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposta da"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    creata_il = models.DateTimeField(_("creata il"), default=timezone.now, editable=False)

    objects = OrganizzazioneQuerySet.as_manager()

    panels = [
        FieldPanel("nome"),
        FieldPanel("slug"),
        FieldPanel("tipo"),
        FieldPanel("stato"),
        MultiFieldPanel([FieldPanel("zone"), FieldPanel("comune")], heading=_("Territorio")),
        FieldPanel("descrizione"),
        MultiFieldPanel(
            [FieldPanel("sito_web"), FieldPanel("email"), FieldPanel("telefono")], heading=_("Contatti pubblici")
        ),
    ]

    class Meta:
        verbose_name = _("organizzazione")
        verbose_name_plural = _("organizzazioni")
        ordering = ["nome", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("nome"),
                "tipo",
                name="organizzazione_nome_tipo_unici",
                violation_error_message=_("Esiste già un'organizzazione di questo tipo con questo nome."),
            )
        ]

    def __str__(self):
        return self.nome

    def save(self, *args, **kwargs):
        self.nome = normalizza_nome(self.nome)
        if not self.slug:
            self.slug = slug_libero(Organizzazione, self.nome)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organizzazione_detail", kwargs={"slug": self.slug})

    def clean(self):
        self.nome = normalizza_nome(self.nome)

    @property
    def pubblicata(self):
        return self.stato == self.Stato.PUBBLICATA

    @property
    def dove(self):
        """Its comune and zones, as a line of text (the zones prefetched by `per_elenco`)."""
        return " · ".join(filter(None, [self.comune, ", ".join(z.nome for z in self.zone.all())]))


def slug_libero(modello, testo, *, massimo=120):
    """A slug of `testo` not yet used by `modello` ("comune-di-fano", then "comune-di-fano-2", ...)."""
    base = slugify(slug_ascii(testo))[: massimo - 4].strip("-") or "organizzazione"
    usati = set(modello.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in usati:
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- Profiles ----------------------------------------------------------------------------


def _archivio_avatar():
    """Outside MEDIA_ROOT, with no URL of its own: `cop.views.membro_foto` serves a photo to whoever may see
    the profile (a profile for members only, or for no one, keeps its photo to itself)."""
    from django.core.files.storage import storages

    return storages["documenti_riservati"]


def _percorso_avatar(profilo, nome_file):
    """A name nobody can guess and no trace of the uploaded name."""
    return f"avatar/{secrets.token_hex(16)}.webp"


BIO_MASSIMA = 600


class ProfiloQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        """The profiles `viewer` may see on the site (cop/permissions.py decides the same for one profile):
        an anonymous visitor or an account still without a role sees the public ones, a member those for
        members too, everybody their own; the profiles of inactive accounts never."""
        from .permissions import is_membro

        qs = self.filter(user__is_active=True)
        if not viewer.is_authenticated:
            return qs.filter(visibilita=Profilo.Visibilita.TUTTI)
        visibili = Q(visibilita=Profilo.Visibilita.TUTTI) | Q(user=viewer)
        if is_membro(viewer):
            visibili |= Q(visibilita=Profilo.Visibilita.MEMBRI)
        return qs.filter(visibili)

    def filtra(self, *, zone=(), ruoli=(), organizzazioni=(), temi=()):
        """The directory's filters (primary keys; roles by value): OR within a filter, AND between them.
        The zone is the one an editor confirmed: a declaration is not shown as a fact."""
        qs = self
        if zone:
            qs = qs.filter(zona_confermata__in=zone)
        if ruoli:
            qs = qs.filter(ruolo_professionale__in=ruoli)
        if organizzazioni:
            qs = qs.filter(organizzazione__in=organizzazioni)
        if temi:
            Through = Profilo.temi_seguiti.through
            qs = qs.filter(pk__in=Through.objects.filter(tema_id__in=temi).values("profilo_id"))
        return qs

    CONTEGGI = {
        "zone": "zona_confermata",
        "ruoli": "ruolo_professionale",
        "organizzazioni": "organizzazione",
        "temi": "temi_seguiti",
    }

    def conteggi(self, criterio):
        """{value: number of profiles} for one filter of `filtra()`, one query."""
        campo = self.CONTEGGI[criterio]
        righe = self.order_by().filter(**{f"{campo}__isnull": False}).values_list(campo).annotate(n=Count("pk"))
        return dict(righe)

    def per_elenco(self):
        return self.select_related("user", "organizzazione", "zona_confermata").order_by(
            Lower("user__last_name"), Lower("user__first_name"), "user__username", "pk"
        )


class Profilo(models.Model):
    class Visibilita(models.TextChoices):
        MEMBRI = "membri", _("Solo ai membri della comunità")
        TUTTI = "tutti", _("A tutti, anche a chi non ha un account")
        NESSUNO = "nessuno", _("A nessuno")

    class Ruolo(models.TextChoices):
        ASSISTENTE_SOCIALE = "assistente-sociale", _("Assistente sociale")
        EDUCATORE = "educatore", _("Educatore/educatrice")
        PSICOLOGO = "psicologo", _("Psicologo/psicologa")
        RESPONSABILE = "responsabile", _("Responsabile di servizio")
        AMMINISTRATIVO = "amministrativo", _("Personale amministrativo")
        TERZO_SETTORE = "terzo-settore", _("Operatore del Terzo Settore")
        MEDIATORE = "mediatore", _("Mediatore/mediatrice")
        ALTRO = "altro", _("Altro")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("utente"), on_delete=models.CASCADE, related_name="profilo"
    )
    # What the member declares (like `zona`): no right reads it.
    organizzazione = models.ForeignKey(
        Organizzazione,
        verbose_name=_("organizzazione"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membri",
        help_text=_("L'organizzazione per cui lavori, se è nell'elenco."),
    )
    ente = models.CharField(
        _("ente o organizzazione"),
        max_length=200,
        blank=True,
        help_text=_("Se la tua organizzazione non è nell'elenco, scrivine il nome."),
    )
    ruolo_professionale = models.CharField(_("ruolo professionale"), max_length=30, choices=Ruolo.choices, blank=True)
    zona = models.ForeignKey(
        Zona,
        verbose_name=_("zona-distretto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membri",
    )
    # `zona` is what the member declared (sign-up, profile); a right (reviewing as a Referente di zona,
    # declaring an adoption for the zone) reads only `zona_confermata`, which an editor sets in the
    # admin (the user form, cop/utenti/admin.py) through services.conferma_zona.
    zona_confermata = models.ForeignKey(
        Zona,
        verbose_name=_("zona-distretto confermata"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membri_confermati",
    )
    zona_confermata_il = models.DateTimeField(_("zona confermata il"), null=True, blank=True)
    zona_confermata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zona confermata da"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    zone_seguite = models.ManyToManyField(Zona, verbose_name=_("zone che segui"), blank=True, related_name="follower")
    temi_seguiti = models.ManyToManyField(Tema, verbose_name=_("temi che segui"), blank=True, related_name="follower")
    consenso_privacy_il = models.DateTimeField(_("consenso all'informativa privacy"), null=True, blank=True)
    # Off by default (GDPR art. 25, privacy by default). Sending members a digest of public content
    # they chose to follow could rest on legitimate interest, but a member who has not yet chosen any
    # zone or theme has not asked for email either: the sign-up form and the profile show this choice
    # as an unticked checkbox, so whoever wants the digest turns it on with one click, knowingly, and
    # turns it off in the profile or with the link in every digest (cop/riepilogo.py).
    riepilogo_settimanale = models.BooleanField(
        _("riepilogo settimanale via email"),
        default=False,
        help_text=_("Ogni settimana un'email con le novità delle zone e dei temi che segui."),
    )
    visibilita = models.CharField(
        _("chi vede il tuo profilo"),
        max_length=10,
        choices=Visibilita.choices,
        default=Visibilita.MEMBRI,
    )
    bio = models.TextField(_("presentazione"), max_length=BIO_MASSIMA, blank=True)
    # Resized to a square WebP without metadata when uploaded (cop/avatar.py): never the file as sent.
    avatar = models.ImageField(
        _("foto"), storage=_archivio_avatar, upload_to=_percorso_avatar, blank=True, max_length=200
    )
    aggiornato_il = models.DateTimeField(_("aggiornato il"), auto_now=True)

    objects = ProfiloQuerySet.as_manager()

    # The zone is set in the user form of the admin, with the role (one place): here only what the
    # member may also change themselves.
    panels = [
        HelpPanel(
            content=_(
                "Ruolo e zona-distretto si impostano nella scheda dell'utente (Impostazioni → Utenti): "
                "salvandola, la zona scelta è confermata."
            )
        ),
        FieldPanel("organizzazione"),
        FieldPanel("ente"),
        FieldPanel("ruolo_professionale"),
    ]

    class Meta:
        verbose_name = _("profilo")
        verbose_name_plural = _("profili")

    def __str__(self):
        return self.user.nome_visualizzato

    def get_absolute_url(self):
        return reverse("membro", kwargs={"username": self.user.username})

    @property
    def nome_pubblico(self):
        return nome_pubblico(self.user)

    @property
    def url_avatar(self):
        """The address of the photo ("" without one); it changes with the photo, so browsers may keep it."""
        if not self.avatar:
            return ""
        versione = self.avatar.name.rsplit("/", 1)[-1][:8]
        return reverse("membro_foto", kwargs={"username": self.user.username}) + f"?v={versione}"

    @property
    def iniziali(self):
        from .avatar import iniziali

        return iniziali(self.nome_pubblico)

    @property
    def colore(self):
        from .avatar import colore

        return colore(self.user_id)

    @property
    def zona_in_attesa(self):
        """The member declared a zone that no editor has confirmed yet."""
        return self.zona_id is not None and self.zona_id != self.zona_confermata_id

    def stato_zona(self):
        if self.zona_in_attesa:
            return _("in attesa di conferma")
        return _("confermata") if self.zona_confermata_id else "—"

    stato_zona.short_description = _("zona")


def zona_confermata_id(user):
    """The zone an editor confirmed for `user` (None without one): the only zone a right reads."""
    if not user.is_authenticated:
        return None
    profilo = getattr(user, "profilo", None)  # RelatedObjectDoesNotExist is an AttributeError
    return profilo.zona_confermata_id if profilo is not None else None


# --- Pages -------------------------------------------------------------------------------


class ContentPageMixin:
    """Every content page shows its last-updated date and the "chiarezza" rating."""

    show_page_feedback = True

    def clean(self):
        # Addresses in ASCII whatever an editor typed ("sull-età" → "sull-eta"; WAGTAIL_ALLOW_UNICODE_SLUGS
        # covers the slugs Wagtail makes from titles); Page.clean then checks the result is free.
        self.slug = slug_ascii(self.slug)
        super().clean()


class HomePage(ContentPageMixin, Page):
    intro = RichTextField(_("introduzione"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("in_evidenza", label=_("Contenuti in evidenza"), max_num=6),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    show_page_feedback = False

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .home import sezioni_home

        context["in_evidenza"] = self.in_evidenza_live()
        context["zone"] = Zona.objects.toscane().attuali()
        context.update(sezioni_home(request))
        return context

    def in_evidenza_live(self):
        items = self.in_evidenza.select_related("page").filter(page__live=True)
        return list(items)


class HomePageInEvidenza(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="in_evidenza")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("pagina"))
    etichetta = models.CharField(_("etichetta"), max_length=60, blank=True, help_text=_("Es. «Novità», «Da leggere»."))
    descrizione = models.CharField(_("descrizione breve"), max_length=240, blank=True)

    panels = [FieldPanel("page"), FieldPanel("etichetta"), FieldPanel("descrizione")]

    class Meta(Orderable.Meta):
        verbose_name = _("contenuto in evidenza")
        verbose_name_plural = _("contenuti in evidenza")


class SezioneBlock(blocks.StreamBlock):
    titolo = blocks.CharBlock(label=_("Titolo di sezione"), form_classname="title")
    testo = blocks.RichTextBlock(
        label=_("Testo"), features=["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]
    )


class PaginaSemplice(ContentPageMixin, Page):
    """A page of text: privacy notice, cookie notice, legal notes, "chi siamo"."""

    intro = models.TextField(_("introduzione"), blank=True)
    body = StreamField(SezioneBlock(), verbose_name=_("contenuto"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    def documento_di_ricerca(self):
        """The privacy and cookie notices and the legal notes are found by search, after the content
        (search.backends.base.TIPI_IN_FONDO); "chi siamo" and other simple pages are plain pages."""
        if self.slug in (SLUG_PRIVACY, SLUG_COOKIE, SLUG_NOTE_LEGALI):
            return {"tipo": "servizio"}
        return {}

    class Meta:
        verbose_name = _("pagina semplice")
        verbose_name_plural = _("pagine semplici")


class DichiarazioneAccessibilitaPage(ContentPageMixin, Page):
    """The accessibility statement in the AgID model, with its feedback mechanism."""

    class Conformita(models.TextChoices):
        CONFORME = "conforme", _("conforme")
        PARZIALE = "parziale", _("parzialmente conforme")
        NON_CONFORME = "non-conforme", _("non conforme")

    class Metodo(models.TextChoices):
        AUTOVALUTAZIONE = "autovalutazione", _("autovalutazione effettuata direttamente dal soggetto erogatore")
        TERZI = "terzi", _("valutazione effettuata da terzi")

    nome_amministrazione = models.CharField(_("soggetto erogatore"), max_length=200, default="Regione Toscana")
    stato_conformita = models.CharField(
        _("stato di conformità"), max_length=20, choices=Conformita.choices, default=Conformita.PARZIALE
    )
    contenuti_non_accessibili = RichTextField(
        _("contenuti non accessibili"), blank=True, features=["bold", "italic", "link", "ul", "ol", "h3"]
    )
    data_redazione = models.DateField(_("data di redazione della dichiarazione"), default=timezone.localdate)
    metodo = models.CharField(
        _("metodo di valutazione"), max_length=20, choices=Metodo.choices, default=Metodo.AUTOVALUTAZIONE
    )
    data_ultimo_riesame = models.DateField(_("data dell'ultimo riesame"), null=True, blank=True)
    email_contatto = models.EmailField(_("email per il meccanismo di feedback"), blank=True)
    url_procedura_attuazione = models.URLField(
        _("procedura di attuazione (AgID)"), default="https://form.agid.gov.it/", blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("nome_amministrazione"),
        FieldPanel("stato_conformita"),
        FieldPanel("contenuti_non_accessibili"),
        MultiFieldPanel(
            [FieldPanel("data_redazione"), FieldPanel("metodo"), FieldPanel("data_ultimo_riesame")],
            heading=_("Redazione della dichiarazione"),
        ),
        MultiFieldPanel(
            [FieldPanel("email_contatto"), FieldPanel("url_procedura_attuazione")],
            heading=_("Feedback e recapiti"),
        ),
    ]
    max_count = 1
    subpage_types = []

    def documento_di_ricerca(self):
        """Found by search after the content, as the legal notes (search.backends.base.TIPI_IN_FONDO)."""
        return {"tipo": "servizio"}

    class Meta:
        verbose_name = _("dichiarazione di accessibilità")

    def serve(self, request, *args, **kwargs):
        from . import limiti
        from .forms import SegnalazioneAccessibilitaForm
        from .services import registra_segnalazione_accessibilita

        if request.method == "POST":
            form = SegnalazioneAccessibilitaForm(request.POST)
            if form.is_valid():
                if not limiti.consenti(request, "segnalazione-accessibilita", limite=5, secondi=60 * 60):
                    form.add_error(
                        None,
                        _(
                            "Hai già inviato diverse segnalazioni nell'ultima ora: riprova più tardi oppure "
                            "scrivi all'indirizzo indicato in questa pagina."
                        ),
                    )
                    return self._render(request, form=form, inviata=False, status=429)
                registra_segnalazione_accessibilita(pagina=self, user=request.user, **form.cleaned_data)
                return self._render(request, form=None, inviata=True)
        else:
            form = SegnalazioneAccessibilitaForm(initial={"url_pagina": request.GET.get("da", "")})
        return self._render(request, form=form, inviata=False)

    def _render(self, request, *, form, inviata, status=None):
        from django.template.response import TemplateResponse

        context = self.get_context(request)
        context.update(form=form, inviata=inviata)
        if status is None:
            status = 400 if form is not None and form.is_bound else 200
        return TemplateResponse(request, self.get_template(request), context, status=status)


# --- Feedback that editors read in the admin ---------------------------------------------------


class SegnalazioneAccessibilita(models.Model):
    """A message sent through the accessibility statement's feedback mechanism."""

    nome = models.CharField(_("nome e cognome"), max_length=120, blank=True)
    email = models.EmailField(_("email"), blank=True)
    url_pagina = models.CharField(_("pagina interessata"), max_length=500, blank=True)
    messaggio = models.TextField(_("messaggio"), max_length=5000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("utente")
    )
    creata_il = models.DateTimeField(_("ricevuta il"), auto_now_add=True)
    gestita = models.BooleanField(_("gestita"), default=False)
    note_redazione = models.TextField(_("note della redazione"), blank=True)

    panels = [FieldPanel("gestita"), FieldPanel("note_redazione")]

    class Meta:
        verbose_name = _("segnalazione di accessibilità")
        verbose_name_plural = _("segnalazioni di accessibilità")
        ordering = ["-creata_il"]

    def __str__(self):
        return _("Segnalazione del %(data)s") % {"data": timezone.localtime(self.creata_il).strftime("%d/%m/%Y %H:%M")}


class ValutazionePaginaQuerySet(models.QuerySet):
    def riepilogo_per_pagina(self):
        """One row per rated page: how many answers, their average and how many gave each vote
        (`voto_1` ... `voto_5`), in one query."""
        distribuzione = {f"voto_{voto}": models.Count("id", filter=Q(voto=voto)) for voto in range(1, 6)}
        return (
            self.values("page_id", "page__title", "page__url_path")
            .annotate(numero=models.Count("id"), media=models.Avg("voto"), **distribuzione)
            .order_by("-numero", "page__title")
        )


class ValutazionePagina(models.Model):
    """One answer to "Quanto sono chiare le informazioni su questa pagina?" (Designers Italia)."""

    class Motivo(models.TextChoices):
        # Negative answers (voto 1-3)
        NON_CHIARE = "non-chiare", _("A volte le indicazioni non erano chiare")
        INCOMPLETE = "incomplete", _("A volte le informazioni non erano complete")
        DIFFICILI = "difficili", _("Non capivo dove trovare ciò che cercavo")
        ALTRO_NEG = "altro-neg", _("Altro")
        # Positive answers (voto 4-5)
        CHIARE = "chiare", _("Le indicazioni erano chiare")
        COMPLETE = "complete", _("Le informazioni erano complete")
        FACILI = "facili", _("Ho trovato facilmente ciò che cercavo")
        ALTRO_POS = "altro-pos", _("Altro")

    MOTIVI_NEGATIVI = (Motivo.NON_CHIARE, Motivo.INCOMPLETE, Motivo.DIFFICILI, Motivo.ALTRO_NEG)
    MOTIVI_POSITIVI = (Motivo.CHIARE, Motivo.COMPLETE, Motivo.FACILI, Motivo.ALTRO_POS)

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="valutazioni")
    voto = models.PositiveSmallIntegerField(_("voto"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    motivo = models.CharField(_("motivo"), max_length=20, choices=Motivo.choices, blank=True)
    commento = models.CharField(_("commento"), max_length=200, blank=True)
    creata_il = models.DateTimeField(_("data"), auto_now_add=True)

    objects = ValutazionePaginaQuerySet.as_manager()

    class Meta:
        verbose_name = _("valutazione di pagina")
        verbose_name_plural = _("valutazioni delle pagine")
        ordering = ["-creata_il"]
        constraints = [
            models.CheckConstraint(condition=Q(voto__gte=1, voto__lte=5), name="valutazione_voto_1_5"),
        ]

    def __str__(self):
        return f"{self.page_id}: {self.voto}"

    @classmethod
    def motivi_per(cls, voto):
        """The motives that fit a vote: what went well for 4-5 stars, what went wrong for 1-3."""
        return cls.MOTIVI_POSITIVI if voto >= 4 else cls.MOTIVI_NEGATIVI


@register_setting(icon="site")
class ImpostazioniSito(BaseGenericSetting):
    nome_ente = models.CharField(_("ente titolare"), max_length=120, default="Regione Toscana")
    url_ente = models.URLField(_("sito dell'ente"), default="https://www.regione.toscana.it/", blank=True)
    email_contatto = models.EmailField(_("email di contatto"), blank=True)
    indirizzo = models.CharField(_("indirizzo"), max_length=200, blank=True)

    panels = [FieldPanel("nome_ente"), FieldPanel("url_ente"), FieldPanel("email_contatto"), FieldPanel("indirizzo")]

    class Meta:
        verbose_name = _("impostazioni del sito")


# --- News: national, regional and zone updates ("Aggiornamenti") -------------------------------------

AGGIORNAMENTO_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "blockquote", "document-link"]


class AggiornamentoQuerySet(PageQuerySet):
    def pubblicati(self):
        """Live and public: the base of every listing, feed, home section and digest."""
        return self.live().public()

    def filtra(self, *, temi=(), zone=(), ambiti=()):
        """OR within a filter, AND between filters; themes and zones by primary key, through subqueries
        (an update never appears twice)."""
        qs = self
        for campo, ids in (("temi", temi), ("zone", zone)):
            if ids:
                through, colonna_pagina, colonna_voce = _tabella_m2m_aggiornamento(campo)
                qs = qs.filter(pk__in=through.objects.filter(**{f"{colonna_voce}__in": ids}).values(colonna_pagina))
        if ambiti:
            qs = qs.filter(ambito__in=ambiti)
        return qs

    def per_elenco(self):
        """What a card needs, in a fixed number of queries whatever the page size."""
        return self.prefetch_related(
            models.Prefetch("temi", queryset=Tema.objects.order_by("nome")),
            models.Prefetch("zone", queryset=Zona.objects.order_by("nome")),
        ).order_by("-data", "-first_published_at", "-pk")

    def conteggi(self, criterio):
        """{value: number of updates} for one filter of `filtra()` (`temi`, `zone`: primary keys;
        `ambiti`: choice values), in one GROUP BY query."""
        pagine = self.order_by().values("pk")
        if criterio == "ambiti":
            righe = pagine.values("ambito").annotate(n=models.Count("pk")).values_list("ambito", "n")
        else:
            through, colonna_pagina, colonna_voce = _tabella_m2m_aggiornamento(criterio)
            righe = (
                through.objects.filter(**{f"{colonna_pagina}__in": pagine})
                .order_by()
                .values(colonna_voce)
                .annotate(n=models.Count("pk"))
                .values_list(colonna_voce, "n")
            )
        return dict(righe)


def _tabella_m2m_aggiornamento(campo):
    field = AggiornamentoPage._meta.get_field(campo)
    return field.remote_field.through, field.m2m_column_name(), field.m2m_reverse_name()


class AggiornamentoTag(TaggedItemBase):
    content_object = ParentalKey("cop.AggiornamentoPage", on_delete=models.CASCADE, related_name="tagged_items")


class AggiornamentiIndexPage(IndiceDiZona, RoutablePageMixin, ContentPageMixin, Page):
    """The news listing: filters by theme, kind and zone in the URL, RSS and Atom feeds."""

    intro = RichTextField(_("introduzione"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cop.HomePage"]
    subpage_types = ["cop.AggiornamentoPage"]
    max_count = 1

    class Meta:
        verbose_name = _("elenco degli aggiornamenti")

    @path("", name="elenco")
    def elenco(self, request):
        from .aggiornamenti import elenco

        return self.render(request, context_overrides={"elenco": elenco(request)})

    @path("feed/<str:formato>/", name="feed")
    def feed(self, request, formato):
        from .aggiornamenti import risposta_feed

        return risposta_feed(request, indice=self, formato=formato)


class AggiornamentoPageForm(WagtailAdminPageForm):
    """The admin form of an update. A ParentalManyToManyField reaches the page only when the form saves, after
    the model's clean(): the zones chosen in the form are put on the page first (the in-memory relation
    that saving would set anyway), so that AggiornamentoPage.clean() judges what the editor sent."""

    def clean(self):
        cleaned_data = super().clean()
        if "zone" in cleaned_data:
            self.instance.zone = cleaned_data["zone"]
        return cleaned_data


class AggiornamentoPage(PaginaDiZona, ContentPageMixin, Page):
    """A national, regional or zone update (e.g. a new national measure against poverty), tagged by
    theme so that it reaches the members who follow the theme (home page, digest, search)."""

    class Ambito(models.TextChoices):
        NAZIONALE = "nazionale", _("Nazionale")
        REGIONALE = "regionale", _("Regionale")
        ZONALE = "zonale", _("Di zona")

    data = models.DateField(_("data"), default=timezone.localdate)
    intro = models.TextField(_("in breve"), max_length=600, help_text=_("Una o due frasi: che cosa cambia e per chi."))
    body = RichTextField(_("testo"), blank=True, features=AGGIORNAMENTO_FEATURES)
    ambito = models.CharField(_("ambito"), max_length=20, choices=Ambito.choices, default=Ambito.NAZIONALE)
    temi = ParentalManyToManyField(Tema, verbose_name=_("temi"), related_name="aggiornamenti")
    zone = ParentalManyToManyField(
        Zona,
        verbose_name=_("zone"),
        blank=True,
        related_name="aggiornamenti",
        help_text=_("Per gli aggiornamenti di zona; facoltative per quelli nazionali e regionali."),
    )
    fonte_nome = models.CharField(
        _("fonte"), max_length=200, blank=True, help_text=_("Es. INPS, Ministero del Lavoro.")
    )
    fonte_url = models.URLField(_("link alla fonte"), blank=True)
    tags = ClusterTaggableManager(through=AggiornamentoTag, blank=True, verbose_name=_("etichette"))

    objects = PageManager.from_queryset(AggiornamentoQuerySet)()

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("data"), FieldPanel("ambito")]),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("temi"), FieldPanel("zone", widget=ZoneCheckboxSelectMultiple)], heading=_("A chi interessa")
        ),
        MultiFieldPanel([FieldPanel("fonte_nome"), FieldPanel("fonte_url")], heading=_("Fonte")),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("ambito"),
        index.FilterField("data"),
        index.RelatedFields("temi", [index.SearchField("nome")]),
        index.RelatedFields("zone", [index.SearchField("nome")]),
    ]

    base_form_class = AggiornamentoPageForm
    parent_page_types = ["cop.AggiornamentiIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("aggiornamento")
        verbose_name_plural = _("aggiornamenti")

    def clean(self):
        """An update "di zona" names its zones: without them it would reach nobody by zone (the listing's
        zone filter, the zone pages, the digest)."""
        super().clean()
        if self.ambito == self.Ambito.ZONALE and not self.zone.exists():
            raise ValidationError({"zone": _("Un aggiornamento di zona deve indicare almeno una zona.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.dettagli())
        return context

    def dettagli(self):
        """One query per relation, never per item."""
        return {
            "indice": self.get_parent(),
            "temi": list(self.temi.order_by("nome")),
            "zone": list(self.zone.order_by("nome")),
            "etichette": list(self.tags.all()),
        }

    def testo_semplice(self):
        """The update as plain text (no HTML), for search and emails."""
        return "\n\n".join(parte for parte in (self.intro, get_text_for_indexing(self.body)) if parte)

    def documento_di_ricerca(self):
        """What the site search (search/documents.py) takes from this page over its generic page source:
        the kind, the themes and zones (slugs) for the facets, plain text, and the update's own date."""
        return {
            "tipo": "aggiornamento",
            "temi": sorted(tema.slug for tema in self.temi.all()),
            "zone": sorted(zona.slug for zona in self.zone.all()),
            # The names of its zones and themes, found by words as a practice's are.
            "testo": "\n\n".join(
                [self.testo_semplice(), *(z.nome for z in self.zone.all()), *(t.nome for t in self.temi.all())]
            ),
            "sommario": self.intro,
            "data": timezone.make_aware(datetime.datetime.combine(self.data, datetime.time())),
        }

    @classmethod
    def queryset_di_ricerca(cls, queryset):
        """The search's generic page source reads updates in blocks: themes and zones in two queries per block."""
        return queryset.prefetch_related("temi", "zone")


# --- Weekly digest ------------------------------------------------------------------------------------


class RiepilogoInviato(models.Model):
    """A weekly digest that went out: one per member per ISO week. It is written in the transaction that
    enqueues the email, and its unique constraint stops a second one, even from two runs at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("utente"), on_delete=models.CASCADE, related_name="riepiloghi"
    )
    anno = models.PositiveSmallIntegerField(_("anno (ISO)"))
    settimana = models.PositiveSmallIntegerField(_("settimana (ISO)"))
    inviato_il = models.DateTimeField(_("inviato il"), default=timezone.now)
    numero_voci = models.PositiveSmallIntegerField(_("novità"), default=0)

    class Meta:
        verbose_name = _("riepilogo inviato")
        verbose_name_plural = _("riepiloghi inviati")
        constraints = [
            models.UniqueConstraint(fields=["user", "anno", "settimana"], name="un_riepilogo_per_settimana"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.anno}-W{self.settimana:02d}"
