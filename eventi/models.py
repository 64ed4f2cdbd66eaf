"""Seminars and events: the event page, its listing, speakers, registrations, attendance,
certificates and reminders. Reading logic lives here (querysets and page methods); every write
with a rule goes through `eventi.services`."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cop.models import TOSCANA, ContentPageMixin, Organizzazione, Tema, Zona
from cop.permessi_pagine import IndiceDiZona, PaginaDiZona
from cop.widgets import ZoneCheckboxSelectMultiple

from . import streaming
from .blocks import ProgrammaBlock, minutaggio
from .webvtt import WebVTTError, leggi_webvtt

# The player is shown from this long before the start until the end.
ANTICIPO_DIRETTA = timedelta(minutes=30)

URL_DIRETTA = URLValidator(
    schemes=["https", "http"],
    message=_("Indirizzo non valido: scrivi l'indirizzo completo, che inizia con https://."),
)


def genera_codice_presenza():
    """Six characters easy to read aloud and type (no 0/O, 1/I/L)."""
    alfabeto = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alfabeto) for _i in range(6))


def genera_codice_verifica():
    return secrets.token_urlsafe(12)


# --- Speakers ---------------------------------------------------------------------------------


class Relatore(index.Indexed, models.Model):
    nome = models.CharField(_("nome e cognome"), max_length=120)
    ruolo = models.CharField(_("ruolo"), max_length=200, blank=True)
    organizzazione = models.CharField(_("ente o organizzazione"), max_length=200, blank=True)
    foto = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("foto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("nome"), FieldPanel("ruolo"), FieldPanel("organizzazione"), FieldPanel("foto")]
    search_fields = [index.SearchField("nome"), index.SearchField("organizzazione"), index.AutocompleteField("nome")]

    class Meta:
        verbose_name = _("relatore")
        verbose_name_plural = _("relatori")
        ordering = ["nome"]

    def __str__(self):
        return self.nome

    @property
    def descrizione(self):
        return ", ".join(parte for parte in (self.ruolo, self.organizzazione) if parte)


# --- Pages ------------------------------------------------------------------------------------


class EventoPageQuerySet(PageQuerySet):
    def pubblicati(self):
        return self.live().public()

    def prossimi(self, adesso=None):
        return self.filter(fine__gte=adesso or timezone.now()).order_by("inizio", "pk")

    def passati(self, adesso=None):
        return self.filter(fine__lt=adesso or timezone.now()).order_by("-inizio", "-pk")

    def filtra(self, *, tipo=None, tema=None, zona=None, anno=None):
        qs = self
        if tipo:
            qs = qs.filter(tipo=tipo)
        if tema is not None:
            qs = qs.filter(temi=tema)
        if zona is not None:
            qs = qs.filter(zone=zona)
        if anno:
            qs = qs.filter(inizio__year=anno)
        return qs

    def nel_periodo(self, dal, al):
        """The events that overlap [dal, al), by start: a multi-day event that began before `dal` too."""
        return self.filter(inizio__lt=al, fine__gt=dal).order_by("inizio", "pk")

    def con_iscrizione_di(self, user):
        """The events `user` is registered to, confirmed or on the waiting list; `in_attesa` says which."""
        iscrizioni = Iscrizione.objects.attive().filter(user=user)
        in_attesa = iscrizioni.filter(evento=OuterRef("pk"), stato=Iscrizione.Stato.IN_ATTESA)
        return self.filter(pk__in=iscrizioni.values("evento_id")).annotate(in_attesa=Exists(in_attesa))

    def per_calendario(self):
        """What a calendar view shows of an event (title, time, link): no stream field, nothing related."""
        return self.defer_streamfields()

    def in_ordine_elenco(self, adesso=None):
        """Upcoming events first (soonest first), then the archive (latest first)."""
        adesso = adesso or timezone.now()
        return self.annotate(
            futuro_inizio=Case(When(fine__gte=adesso, then=F("inizio"))),
            passato_inizio=Case(When(fine__lt=adesso, then=F("inizio"))),
        ).order_by(F("futuro_inizio").asc(nulls_last=True), F("passato_inizio").desc(nulls_last=True), "pk")

    def per_elenco(self):
        """What a card needs, in a fixed number of queries whatever the number of events."""
        return (
            self.defer_streamfields()
            .select_related("trascrizione")
            .prefetch_related(
                Prefetch("temi", queryset=Tema.objects.order_by("nome")),
                Prefetch("zone", queryset=Zona.objects.order_by("nome")),
            )
        )


EventoPageManager = PageManager.from_queryset(EventoPageQuerySet)


class EventiIndexPage(IndiceDiZona, RoutablePageMixin, ContentPageMixin, Page):
    """The listing of events (upcoming first, then the archive), the month view and the agenda, the
    calendar feeds, "I miei eventi" (a list, a month, an agenda and a private feed) and the public
    verification of certificates."""

    intro = models.TextField(_("introduzione"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cop.HomePage"]
    subpage_types = ["eventi.EventoPage"]
    max_count = 1
    per_pagina = 12

    class Meta:
        verbose_name = _("elenco degli eventi")

    @path("")
    def elenco(self, request):
        from .views import elenco_eventi

        return elenco_eventi(request, self)

    @path("calendario/")
    def calendario(self, request):
        from .views import feed_calendario

        return feed_calendario(request, self)

    @re_path(r"^calendario/(?P<tipo>zona|tema)/(?P<slug>[-\w]+)/$")
    def calendario_filtrato(self, request, tipo, slug):
        from .views import feed_calendario

        return feed_calendario(request, self, **{tipo: slug})

    @path("mese/")
    def mese(self, request):
        from .views import calendario_mese

        return calendario_mese(request, self)

    @path("agenda/")
    def agenda(self, request):
        from .views import calendario_agenda

        return calendario_agenda(request, self)

    @path("miei/")
    def miei_eventi(self, request):
        from .views import miei_eventi

        return miei_eventi(request, self)

    @path("miei/mese/")
    def miei_mese(self, request):
        from .views import calendario_mese

        return calendario_mese(request, self, miei=True)

    @path("miei/agenda/")
    def miei_agenda(self, request):
        from .views import calendario_agenda

        return calendario_agenda(request, self, miei=True)

    @path("miei/calendario/<str:token>/")
    def miei_calendario(self, request, token):
        from .views import feed_personale

        return feed_personale(request, self, token)

    @path("attestati/verifica/<str:codice>/")
    def verifica_attestato(self, request, codice):
        from .views import verifica_attestato

        return verifica_attestato(request, self, codice)

    def eventi(self):
        return EventoPage.objects.child_of(self).pubblicati()

    def eventi_di(self, user):
        """The events of "I miei eventi": those `user` is registered to (confirmed or waiting), published;
        a restricted event the person registered to stays in their own calendar."""
        return EventoPage.objects.child_of(self).live().con_iscrizione_di(user)


class EventoPage(PaginaDiZona, RoutablePageMixin, ContentPageMixin, Page):
    class Tipo(models.TextChoices):
        SEMINARIO = "seminario-online", _("Seminario online")
        ANNUALE = "evento-annuale", _("Evento annuale")
        INCONTRO_ZONA = "incontro-di-zona", _("Incontro di zona")
        FORMAZIONE = "formazione", _("Formazione")
        TAVOLO = "tavolo-di-lavoro", _("Tavolo di lavoro")

    class Modalita(models.TextChoices):
        ONLINE = "online", _("Online")
        PRESENZA = "presenza", _("In presenza")
        IBRIDO = "ibrido", _("Ibrido (in presenza e online)")

    tipo = models.CharField(_("tipo di evento"), max_length=30, choices=Tipo.choices, default=Tipo.SEMINARIO)
    intro = models.CharField(_("in breve"), max_length=300, blank=True)
    descrizione = RichTextField(
        _("descrizione"), blank=True, features=["h3", "h4", "bold", "italic", "link", "ol", "ul", "document-link"]
    )
    inizio = models.DateTimeField(_("inizio"))
    fine = models.DateTimeField(_("fine"))
    modalita = models.CharField(_("modalità"), max_length=20, choices=Modalita.choices, default=Modalita.ONLINE)
    luogo = models.CharField(_("luogo"), max_length=200, blank=True, help_text=_("Es. «Palazzo Strozzi Sacrati»."))
    indirizzo = models.CharField(_("indirizzo"), max_length=300, blank=True)
    organizzatori = models.CharField(_("organizzato da"), max_length=300, blank=True)
    partner = models.CharField(_("in collaborazione con"), max_length=300, blank=True)
    temi = ParentalManyToManyField(Tema, verbose_name=_("temi"), blank=True, related_name="eventi")
    zone = ParentalManyToManyField(Zona, verbose_name=_("zone"), blank=True, related_name="eventi")
    organizzazioni = ParentalManyToManyField(
        Organizzazione,
        verbose_name=_("organizzazioni che lo promuovono o vi partecipano"),
        blank=True,
        related_name="eventi",
        help_text=_("Dall'elenco delle organizzazioni: l'evento compare nella pagina di ciascuna."),
    )
    programma = StreamField(ProgrammaBlock(), verbose_name=_("programma"), blank=True)

    # After the event
    registrazione_url = models.URLField(
        _("registrazione video"),
        blank=True,
        validators=[URL_DIRETTA],
        help_text=_("YouTube o un altro indirizzo: il video si carica solo dopo il clic del visitatore."),
    )
    trascrizione = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("trascrizione o sottotitoli (WebVTT)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Un file .vtt: il testo è mostrato nella pagina, leggibile senza avviare il video."),
    )
    testo_trascrizione = models.JSONField(_("testo della trascrizione"), default=list, blank=True, editable=False)

    # Registration
    iscrizioni_aperte = models.BooleanField(_("iscrizioni aperte"), default=True)
    posti = models.PositiveIntegerField(
        _("posti disponibili"), null=True, blank=True, help_text=_("Vuoto: nessun limite.")
    )
    scadenza_iscrizioni = models.DateTimeField(
        _("scadenza delle iscrizioni"), null=True, blank=True, help_text=_("Vuoto: fino alla fine dell'evento.")
    )
    lista_attesa = models.BooleanField(
        _("lista d'attesa"), default=True, help_text=_("A posti esauriti le nuove iscrizioni vanno in lista d'attesa.")
    )
    codice_presenza = models.CharField(
        _("codice di presenza"),
        max_length=12,
        default=genera_codice_presenza,
        help_text=_("Mostrato durante la diretta: chi lo inserisce nella pagina risulta presente."),
    )

    objects = EventoPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("tipo"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("inizio"), FieldPanel("fine")]),
                FieldPanel("modalita"),
                FieldRowPanel([FieldPanel("luogo"), FieldPanel("indirizzo")]),
            ],
            heading=_("Quando e dove"),
        ),
        FieldPanel("descrizione"),
        MultiFieldPanel(
            [
                FieldPanel("organizzatori"),
                FieldPanel("partner"),
                FieldPanel("organizzazioni"),
                FieldPanel("temi"),
                FieldPanel("zone", widget=ZoneCheckboxSelectMultiple),
            ],
            heading=_("Chi e su che cosa"),
        ),
        FieldPanel("programma"),
        InlinePanel("dirette", label=_("Link della diretta")),
        MultiFieldPanel(
            [
                FieldPanel("registrazione_url"),
                FieldPanel("trascrizione"),
                InlinePanel("materiali", label=_("Materiali")),
            ],
            heading=_("Dopo l'evento"),
        ),
        InlinePanel("pratiche_correlate", label=_("Buone pratiche presentate")),
    ]
    iscrizioni_panels = [
        FieldPanel("iscrizioni_aperte"),
        FieldRowPanel([FieldPanel("posti"), FieldPanel("scadenza_iscrizioni")]),
        FieldPanel("lista_attesa"),
        FieldPanel("codice_presenza"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenuto")),
            ObjectList(iscrizioni_panels, heading=_("Iscrizioni")),
            ObjectList(Page.promote_panels, heading=_("Promozione")),
            ObjectList(Page.settings_panels, heading=_("Impostazioni")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("descrizione"),
        index.SearchField("programma"),
        index.SearchField("trascrizione_in_testo"),
        index.FilterField("inizio"),
        index.FilterField("tipo"),
    ]

    parent_page_types = ["eventi.EventiIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventi")
        constraints = [
            models.CheckConstraint(
                condition=Q(fine__gt=F("inizio")),
                name="evento_fine_dopo_inizio",
                violation_error_message=_("La fine dell'evento deve venire dopo l'inizio."),
            ),
        ]

    def __str__(self):
        return self.title

    # --- validation -------------------------------------------------------------------------

    def clean(self):
        super().clean()
        errori = {}
        if self.inizio and self.fine and self.fine <= self.inizio:
            errori["fine"] = _("La fine dell'evento deve venire dopo l'inizio.")
        if self.scadenza_iscrizioni and self.fine and self.scadenza_iscrizioni > self.fine:
            errori["scadenza_iscrizioni"] = _("La scadenza delle iscrizioni non può venire dopo la fine dell'evento.")
        if self.posti is not None and self.pk:
            confermati = self.iscrizioni.confermate().count()
            if self.posti < confermati:
                errori["posti"] = _(
                    "Ci sono già %(n)s iscritti confermati: i posti non possono essere meno di %(n)s. "
                    "Annulla prima le iscrizioni in più."
                ) % {"n": confermati}
        if self.modalita in (self.Modalita.PRESENZA, self.Modalita.IBRIDO) and not (self.luogo or self.indirizzo):
            errori["indirizzo"] = _("Per un evento in presenza indica il luogo o l'indirizzo.")
        if self.trascrizione_id:
            try:
                self.testo_trascrizione = self._leggi_trascrizione()
            except WebVTTError as errore:
                errori["trascrizione"] = _("Il file della trascrizione non è un WebVTT valido: %(errore)s") % {
                    "errore": errore
                }
        else:
            self.testo_trascrizione = []
        if errori:
            raise ValidationError(errori)

    def _leggi_trascrizione(self):
        with self.trascrizione.open_file() as file:
            return leggi_webvtt(file.read())

    def save(self, *args, **kwargs):
        if self.trascrizione_id and not self.testo_trascrizione:
            try:
                self.testo_trascrizione = self._leggi_trascrizione()
            except (WebVTTError, OSError):
                self.testo_trascrizione = []
        elif not self.trascrizione_id:
            self.testo_trascrizione = []
        super().save(*args, **kwargs)

    # --- time ---------------------------------------------------------------------------------

    def adesso(self):
        return timezone.now()

    @property
    def durata(self):
        return self.fine - self.inizio

    @property
    def durata_leggibile(self):
        minuti = int(self.durata.total_seconds() // 60)
        ore, minuti = divmod(minuti, 60)
        if ore and minuti:
            return _("%(ore)s h %(minuti)s min") % {"ore": ore, "minuti": minuti}
        if ore:
            return _("%(ore)s h") % {"ore": ore}
        return _("%(minuti)s min") % {"minuti": minuti}

    @property
    def quando(self):
        """ "21 dicembre 2020, 11:00–12:30" (or both dates when it spans days), in Italian, local time."""
        inizio, fine = timezone.localtime(self.inizio), timezone.localtime(self.fine)
        giorno = date_format(inizio, "j F Y").lower()
        if inizio.date() == fine.date():
            return f"{giorno}, {inizio:%H:%M}–{fine:%H:%M}"
        return f"{giorno}, {inizio:%H:%M} – {date_format(fine, 'j F Y').lower()}, {fine:%H:%M}"

    @property
    def su_piu_giorni(self):
        """Whether it ends on a later local day than it starts (an end at midnight is the same day)."""
        fine = timezone.localtime(self.fine - timedelta(microseconds=1))
        return timezone.localtime(self.inizio).date() != fine.date()

    @property
    def sottotitolo(self):
        """The line under the title on a card (the home page shows it)."""
        return " · ".join(parte for parte in (self.quando, self.intro) if parte)

    def e_concluso(self, adesso=None):
        return (adesso or timezone.now()) > self.fine

    def e_in_corso(self, adesso=None):
        adesso = adesso or timezone.now()
        return self.inizio <= adesso <= self.fine

    def diretta_visibile(self, adesso=None):
        adesso = adesso or timezone.now()
        return self.inizio - ANTICIPO_DIRETTA <= adesso <= self.fine

    @property
    def anno(self):
        return timezone.localtime(self.inizio).year

    def organizzazioni_pubblicate(self):
        """The organisations of the list that the page links to (one waiting for review is not public)."""
        return [o for o in self.organizzazioni.all() if o.pubblicata]

    def territori(self):
        """The zones as the page and the cards name them: «tutte le zone-distretto toscane» for an event
        addressed to every Tuscan zone in force in its year (not 26 names), then any other zone.
        Reads the prefetched zones; one more query only for an event with two Tuscan zones or more."""
        zone = list(self.zone.all())
        toscane = {zona.pk for zona in zone if zona.regione == TOSCANA}
        if len(toscane) >= 2:
            tutte = set(Zona.objects.toscane().valide_nel(self.anno).values_list("pk", flat=True))
            if tutte and tutte <= toscane:
                return [str(_("Tutte le zone-distretto toscane"))] + [z.nome for z in zone if z.pk not in tutte]
        return [zona.nome for zona in zone]

    # --- registration -------------------------------------------------------------------------

    def scadenza_effettiva(self):
        return self.scadenza_iscrizioni or self.fine

    def iscrizioni_chiuse_perche(self, adesso=None):
        """Why nobody can join now (a sentence for the visitor), or None if joining is possible."""
        from django.utils.translation import gettext

        adesso = adesso or timezone.now()
        if self.e_concluso(adesso):
            return gettext("L'evento si è concluso: non è più possibile iscriversi.")
        if not self.iscrizioni_aperte:
            return gettext("Le iscrizioni a questo evento sono chiuse.")
        if adesso > self.scadenza_effettiva():
            scadenza = date_format(timezone.localtime(self.scadenza_effettiva()), "j F Y, H:i").lower()
            return gettext("Le iscrizioni si sono chiuse il %(scadenza)s.") % {"scadenza": scadenza}
        return None

    @cached_property
    def conteggi(self):
        """Confirmed and waiting registrations, in one query."""
        return self.iscrizioni.aggregate(
            confermati=Count("pk", filter=Q(stato=Iscrizione.Stato.CONFERMATA)),
            in_attesa=Count("pk", filter=Q(stato=Iscrizione.Stato.IN_ATTESA)),
        )

    @property
    def posti_liberi(self):
        if self.posti is None:
            return None
        return max(self.posti - self.conteggi["confermati"], 0)

    # --- streaming and recording --------------------------------------------------------------

    def lettori_diretta(self):
        return [streaming.lettore(link.url, etichetta=link.etichetta) for link in self.dirette.all()]

    def lettore_registrazione(self, inizio=None):
        if not self.registrazione_url:
            return None
        return streaming.lettore(self.registrazione_url, etichetta=_("Registrazione"), inizio=inizio)

    def capitoli(self):
        """The programme items that point into the recording: (seconds, label, title, anchor)."""
        capitoli = []
        for blocco in self.programma:
            voce = blocco.value
            secondi = voce.secondi_registrazione
            if secondi is not None:
                capitoli.append(
                    {"secondi": secondi, "minutaggio": minutaggio(secondi), "titolo": voce["titolo"], "voce": voce}
                )
        return sorted(capitoli, key=lambda capitolo: capitolo["secondi"])

    @property
    def trascrizione_in_testo(self):
        return " ".join(cue["testo"] for cue in self.testo_trascrizione or [])

    def righe_trascrizione(self):
        return [{**cue, "minutaggio": minutaggio(cue["inizio"])} for cue in self.testo_trascrizione or []]

    # --- routes -------------------------------------------------------------------------------

    @path("")
    def pagina(self, request):
        from .views import pagina_evento

        return pagina_evento(request, self)

    @path("partecipa/")
    def partecipa(self, request):
        from .views import partecipa

        return partecipa(request, self)

    @path("annulla/")
    def annulla(self, request):
        from .views import annulla

        return annulla(request, self)

    @path("presenza/")
    def presenza(self, request):
        from .views import presenza

        return presenza(request, self)

    @path("calendario/")
    def ics(self, request):
        from .views import ics_evento

        return ics_evento(request, self)

    @path("attestato/")
    def attestato(self, request):
        from .views import attestato_pdf

        return attestato_pdf(request, self)


class LinkDiretta(Orderable):
    evento = ParentalKey(EventoPage, on_delete=models.CASCADE, related_name="dirette")
    etichetta = models.CharField(_("etichetta"), max_length=80, help_text=_("Es. «YouTube», «Facebook»."))
    url = models.URLField(_("indirizzo della diretta"), max_length=500, validators=[URL_DIRETTA])

    panels = [FieldPanel("etichetta"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("link della diretta")
        verbose_name_plural = _("link della diretta")


class MaterialeEvento(Orderable):
    evento = ParentalKey(EventoPage, on_delete=models.CASCADE, related_name="materiali")
    documento = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("documento"), on_delete=models.CASCADE, related_name="+"
    )
    titolo = models.CharField(_("titolo"), max_length=200, blank=True, help_text=_("Vuoto: il titolo del documento."))

    panels = [FieldPanel("documento"), FieldPanel("titolo")]

    class Meta(Orderable.Meta):
        verbose_name = _("materiale")
        verbose_name_plural = _("materiali")

    @property
    def titolo_visibile(self):
        return self.titolo or self.documento.title


class PraticaCorrelata(Orderable):
    evento = ParentalKey(EventoPage, on_delete=models.CASCADE, related_name="pratiche_correlate")
    pagina = models.ForeignKey("wagtailcore.Page", verbose_name=_("pagina"), on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("pagina", "buonepratiche.BuonaPraticaPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("buona pratica presentata")
        verbose_name_plural = _("buone pratiche presentate")


# --- Registrations ----------------------------------------------------------------------------


class IscrizioneQuerySet(models.QuerySet):
    def confermate(self):
        return self.filter(stato=Iscrizione.Stato.CONFERMATA)

    def in_attesa(self):
        return self.filter(stato=Iscrizione.Stato.IN_ATTESA).order_by("in_lista_dal", "pk")

    def attive(self):
        return self.filter(stato__in=[Iscrizione.Stato.CONFERMATA, Iscrizione.Stato.IN_ATTESA])

    def per_utente(self, user):
        return self.filter(user=user).select_related("evento").order_by("evento__inizio")

    def per_registro(self):
        """For the editors' list and its CSV: people and their profile, in one query."""
        return self.select_related("user", "user__profilo", "user__profilo__zona").order_by(
            "stato", "in_lista_dal", "pk"
        )


class Iscrizione(models.Model):
    """One person's registration to one event. A cancelled registration keeps its row: joining again
    reuses it. A confirmed registration holds a numbered seat; the database refuses two people on the
    same seat and a seat without a confirmed registration."""

    class Stato(models.TextChoices):
        CONFERMATA = "confermata", _("Confermata")
        IN_ATTESA = "in-attesa", _("In lista d'attesa")
        ANNULLATA = "annullata", _("Annullata")

    evento = models.ForeignKey(
        EventoPage, verbose_name=_("evento"), on_delete=models.CASCADE, related_name="iscrizioni"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("utente"), on_delete=models.CASCADE, related_name="iscrizioni_eventi"
    )
    stato = models.CharField(_("stato"), max_length=20, choices=Stato.choices)
    posto = models.PositiveIntegerField(_("posto"), null=True, blank=True)
    in_lista_dal = models.DateTimeField(_("iscritto il"), default=timezone.now)
    aggiornata_il = models.DateTimeField(_("aggiornata il"), auto_now=True)
    presente = models.BooleanField(_("presente"), default=False)
    presenza_registrata_il = models.DateTimeField(_("presenza registrata il"), null=True, blank=True)

    objects = IscrizioneQuerySet.as_manager()

    class Meta:
        verbose_name = _("iscrizione")
        verbose_name_plural = _("iscrizioni")
        constraints = [
            models.UniqueConstraint(fields=["evento", "user"], name="iscrizione_una_per_persona"),
            models.UniqueConstraint(fields=["evento", "posto"], name="iscrizione_posto_unico"),
            models.CheckConstraint(
                condition=(Q(stato="confermata") & Q(posto__gte=1)) | (~Q(stato="confermata") & Q(posto__isnull=True)),
                name="iscrizione_posto_solo_se_confermata",
            ),
            models.CheckConstraint(
                condition=Q(presente=False) | Q(stato="confermata"), name="iscrizione_presente_solo_se_confermata"
            ),
        ]
        indexes = [models.Index(fields=["evento", "stato", "in_lista_dal"])]

    def __str__(self):
        return f"{self.user} – {self.evento} ({self.get_stato_display()})"

    @property
    def attiva(self):
        return self.stato in (self.Stato.CONFERMATA, self.Stato.IN_ATTESA)


class Attestato(models.Model):
    """A certificate of attendance. What it certifies is copied when it is issued, so that the
    verification page shows exactly what the PDF says."""

    iscrizione = models.OneToOneField(Iscrizione, on_delete=models.CASCADE, related_name="attestato")
    numero = models.CharField(_("numero"), max_length=20, unique=True)
    codice_verifica = models.CharField(
        _("codice di verifica"), max_length=32, unique=True, default=genera_codice_verifica
    )
    nome_partecipante = models.CharField(_("partecipante"), max_length=300)
    titolo_evento = models.CharField(_("evento"), max_length=255)
    data_evento = models.CharField(_("data"), max_length=100)
    durata = models.CharField(_("durata"), max_length=50)
    emesso_il = models.DateTimeField(_("emesso il"), auto_now_add=True)

    class Meta:
        verbose_name = _("attestato di partecipazione")
        verbose_name_plural = _("attestati di partecipazione")

    def __str__(self):
        return self.numero


class PromemoriaInviato(models.Model):
    """A reminder that went out: the unique constraint makes the reminder command idempotent."""

    iscrizione = models.ForeignKey(Iscrizione, on_delete=models.CASCADE, related_name="promemoria")
    tipo = models.CharField(_("tipo"), max_length=20, default="24h")
    inviato_il = models.DateTimeField(_("inviato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("promemoria inviato")
        verbose_name_plural = _("promemoria inviati")
        constraints = [models.UniqueConstraint(fields=["iscrizione", "tipo"], name="promemoria_uno_per_tipo")]

    def __str__(self):
        return f"{self.iscrizione_id} {self.tipo}"
