"""Working groups (gruppi di lavoro): a zone's or the region's table with its members, coordinators and
participating organisations. Three kinds of access decide who sees the group and who joins it; who may do
what is decided in gruppi/permissions.py, and every write goes through gruppi/services.py."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cop.models import Organizzazione, Tema, Zona, slug_libero


class GruppoQuerySet(models.QuerySet):
    def visibili_a(self, user):
        """The groups `user` may know of: open and on-request groups, and the reserved groups they belong
        to (editors see every group)."""
        from . import permissions

        if permissions.vede_tutti_i_gruppi(user):
            return self
        visibili = ~Q(accesso=Gruppo.Accesso.RISERVATO)
        if user.is_authenticated:
            visibili |= Q(pk__in=Appartenenza.objects.attive().filter(user=user).values("gruppo_id"))
            zona_id = permissions.zona_del_referente(user)
            if zona_id is not None:
                visibili |= Q(zona_id=zona_id)
        return self.filter(visibili)

    def leggibili_da(self, user):
        """The groups whose content `user` may read (gruppi.permissions.can_read): open groups, the groups
        they belong to, those of the zone a referente looks after (editors read every group)."""
        from . import permissions

        if permissions.vede_tutti_i_gruppi(user):
            return self
        leggibili = Q(accesso=Gruppo.Accesso.APERTO)
        if user.is_authenticated:
            leggibili |= Q(pk__in=Appartenenza.objects.attive().filter(user=user).values("gruppo_id"))
            zona_id = permissions.zona_del_referente(user)
            if zona_id is not None:
                leggibili |= Q(zona_id=zona_id)
        return self.filter(leggibili)

    def per_elenco(self):
        attive = Appartenenza.objects.attive().filter(gruppo_id=models.OuterRef("pk"))
        return (
            self.select_related("zona")
            .prefetch_related("temi")
            .annotate(
                numero_membri=models.Subquery(
                    attive.order_by().values("gruppo_id").annotate(n=models.Count("pk")).values("n")
                )
            )
            .order_by("nome", "pk")
        )


class Gruppo(models.Model):
    class Accesso(models.TextChoices):
        APERTO = "aperto", _("Aperto: chiunque legge, i membri della comunità entrano con un clic")
        SU_RICHIESTA = "su-richiesta", _("Su richiesta: chiunque sa che esiste, i coordinatori accolgono le richieste")
        RISERVATO = "riservato", _("Riservato: visibile solo ai membri, si entra solo su invito")

    nome = models.CharField(_("nome"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    descrizione = models.TextField(_("a che cosa serve"), max_length=3000)
    accesso = models.CharField(_("accesso"), max_length=20, choices=Accesso.choices, default=Accesso.APERTO)
    zona = models.ForeignKey(
        Zona,
        verbose_name=_("zona o ambito"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="gruppi",
        help_text=_("Vuoto per un gruppo regionale."),
    )
    temi = models.ManyToManyField(Tema, verbose_name=_("temi"), blank=True, related_name="gruppi")
    organizzazioni = models.ManyToManyField(
        Organizzazione,
        verbose_name=_("organizzazioni che partecipano"),
        blank=True,
        related_name="gruppi",
    )
    creato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("creato da"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    creato_il = models.DateTimeField(_("creato il"), default=timezone.now, editable=False)
    # Its discussions: a forum category of its own (gruppi.services.assicura_discussioni).
    categoria = models.OneToOneField(
        "forum.Categoria",
        verbose_name=_("categoria del forum"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="gruppo",
    )

    objects = GruppoQuerySet.as_manager()

    panels = [
        FieldPanel("nome"),
        FieldPanel("slug"),
        FieldPanel("descrizione"),
        FieldPanel("accesso"),
        MultiFieldPanel(
            [FieldPanel("zona"), FieldPanel("temi"), FieldPanel("organizzazioni")], heading=_("Territorio e temi")
        ),
    ]

    class Meta:
        verbose_name = _("gruppo di lavoro")
        verbose_name_plural = _("gruppi di lavoro")
        ordering = ["nome", "pk"]

    def __str__(self):
        return self.nome

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_libero(Gruppo, self.nome)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("gruppi:gruppo", kwargs={"slug": self.slug})

    @property
    def accesso_breve(self):
        """The kind of access in one word (the choice's label explains it)."""
        return {
            self.Accesso.APERTO: _("Aperto"),
            self.Accesso.SU_RICHIESTA: _("Su richiesta"),
            self.Accesso.RISERVATO: _("Riservato"),
        }[self.accesso]

    @property
    def ambito(self):
        """Where it works, as the pages name it."""
        return self.zona.nome if self.zona_id else _("Regionale")


class AppartenenzaQuerySet(models.QuerySet):
    def attive(self):
        return self.filter(stato=Appartenenza.Stato.ATTIVA)

    def richieste(self):
        return self.filter(stato=Appartenenza.Stato.RICHIESTA)


class Appartenenza(models.Model):
    """A person in a group: a member or a coordinator, or someone who asked to join."""

    class Ruolo(models.TextChoices):
        MEMBRO = "membro", _("Membro")
        COORDINATORE = "coordinatore", _("Coordinatore")

    class Stato(models.TextChoices):
        ATTIVA = "attiva", _("Membro")
        RICHIESTA = "richiesta", _("Richiesta in attesa")

    gruppo = models.ForeignKey(Gruppo, verbose_name=_("gruppo"), on_delete=models.CASCADE, related_name="appartenenze")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("persona"), on_delete=models.CASCADE, related_name="appartenenze"
    )
    ruolo = models.CharField(_("ruolo"), max_length=20, choices=Ruolo.choices, default=Ruolo.MEMBRO)
    stato = models.CharField(_("stato"), max_length=20, choices=Stato.choices, default=Stato.ATTIVA)
    messaggio = models.CharField(_("messaggio della richiesta"), max_length=500, blank=True)
    creata_il = models.DateTimeField(_("dal"), default=timezone.now)

    objects = AppartenenzaQuerySet.as_manager()

    class Meta:
        verbose_name = _("appartenenza a un gruppo")
        verbose_name_plural = _("appartenenze ai gruppi")
        constraints = [models.UniqueConstraint(fields=["gruppo", "user"], name="una_appartenenza_per_gruppo")]

    def __str__(self):
        return f"{self.user} – {self.gruppo}"

    @property
    def is_coordinatore(self):
        return self.stato == self.Stato.ATTIVA and self.ruolo == self.Ruolo.COORDINATORE


def nuovo_codice():
    return secrets.token_urlsafe(24)


class Invito(models.Model):
    """An invitation by email: its link lets the person join, once signed in (or after signing up)."""

    gruppo = models.ForeignKey(Gruppo, verbose_name=_("gruppo"), on_delete=models.CASCADE, related_name="inviti")
    email = models.EmailField(_("email"))
    codice = models.CharField(max_length=64, unique=True, default=nuovo_codice, editable=False)
    invitato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("da")
    )
    creato_il = models.DateTimeField(_("inviato il"), default=timezone.now)
    scade_il = models.DateTimeField(_("scade il"))
    accettato_il = models.DateTimeField(_("accettato il"), null=True, blank=True)
    accettato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invito a un gruppo")
        verbose_name_plural = _("inviti ai gruppi")

    def __str__(self):
        return f"{self.email} → {self.gruppo}"

    def get_absolute_url(self):
        return reverse("gruppi:invito", kwargs={"codice": self.codice})

    @property
    def valido(self):
        return self.accettato_il is None and self.scade_il > timezone.now()


def _html(testo):
    from cop.markdown import rendi
    from cop.sanitize import pulisci_html

    return pulisci_html(rendi(testo)) if testo else ""


class IncontroQuerySet(models.QuerySet):
    def in_sequenza(self):
        """The group's meetings in their order: the next ones first, then the past ones, latest first."""
        adesso = timezone.now()
        return self.annotate(
            futuro=models.Case(models.When(inizio__gte=adesso, then=models.F("inizio"))),
            passato=models.Case(models.When(inizio__lt=adesso, then=models.F("inizio"))),
            # A subquery, not a join with GROUP BY over every meeting: counted for the rows shown.
            numero_bisogni=Coalesce(
                models.Subquery(
                    BisognoEmerso.objects.filter(incontro=models.OuterRef("pk"))
                    .order_by()
                    .values("incontro")
                    .annotate(n=models.Count("pk"))
                    .values("n")
                ),
                0,
            ),
        ).order_by(models.F("futuro").asc(nulls_last=True), models.F("passato").desc(nulls_last=True), "pk")


class Incontro(models.Model):
    """A meeting of a group: the agenda before it, the minutes, the decisions and the needs that emerged
    after it. Read as the group's content (gruppi.permissions.can_read), written by who manages it."""

    gruppo = models.ForeignKey(Gruppo, verbose_name=_("gruppo"), on_delete=models.CASCADE, related_name="incontri")
    titolo = models.CharField(_("titolo"), max_length=200)
    inizio = models.DateTimeField(_("data e ora"))
    luogo = models.CharField(
        _("luogo o modalità"), max_length=200, blank=True, help_text=_("Es. «online» o un indirizzo.")
    )
    ordine_del_giorno = models.TextField(_("ordine del giorno"), blank=True, max_length=10_000)
    verbale = models.TextField(_("verbale"), blank=True, max_length=50_000)
    decisioni = models.TextField(_("decisioni"), blank=True, max_length=10_000)
    creato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    aggiornato_il = models.DateTimeField(_("aggiornato il"), auto_now=True)

    objects = IncontroQuerySet.as_manager()

    class Meta:
        verbose_name = _("incontro di un gruppo")
        verbose_name_plural = _("incontri dei gruppi")
        ordering = ["inizio", "pk"]

    def __str__(self):
        return self.titolo

    def get_absolute_url(self):
        return reverse("gruppi:incontro", kwargs={"slug": self.gruppo.slug, "pk": self.pk})

    @property
    def concluso(self):
        return self.inizio < timezone.now()

    def ordine_del_giorno_html(self):
        return _html(self.ordine_del_giorno)

    def verbale_html(self):
        return _html(self.verbale)

    def decisioni_html(self):
        return _html(self.decisioni)


class BisognoEmerso(models.Model):
    """A need raised at a meeting: traceable to the meeting and its group, by theme and target group."""

    incontro = models.ForeignKey(Incontro, verbose_name=_("incontro"), on_delete=models.CASCADE, related_name="bisogni")
    titolo = models.CharField(_("titolo"), max_length=200)
    descrizione = models.TextField(_("descrizione"), max_length=5000)
    tema = models.ForeignKey(
        Tema, verbose_name=_("tema"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    destinatari = models.ForeignKey(
        "buonepratiche.Destinatario",
        verbose_name=_("destinatari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organizzazione = models.ForeignKey(
        Organizzazione,
        verbose_name=_("organizzazione che l'ha sollevato"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bisogni_sollevati",
    )
    creato_il = models.DateTimeField(_("registrato il"), default=timezone.now)

    class Meta:
        verbose_name = _("bisogno emerso")
        verbose_name_plural = _("bisogni emersi")
        ordering = ["pk"]

    def __str__(self):
        return self.titolo


def _archivio_riservato():
    from django.core.files.storage import storages

    return storages["documenti_riservati"]


def _percorso_versione(versione, nome_file):
    return f"gruppi/{versione.documento.gruppo_id}/{versione.documento_id}/{secrets.token_hex(8)}/{nome_file}"


class DocumentoGruppo(models.Model):
    """A file shared in a group: its versions are kept, the newest is the document."""

    gruppo = models.ForeignKey(Gruppo, verbose_name=_("gruppo"), on_delete=models.CASCADE, related_name="documenti")
    titolo = models.CharField(_("titolo"), max_length=200)
    creato_il = models.DateTimeField(_("caricato il"), default=timezone.now)
    aggiornato_il = models.DateTimeField(_("ultima versione il"), default=timezone.now)

    class Meta:
        verbose_name = _("documento di un gruppo")
        verbose_name_plural = _("documenti dei gruppi")
        ordering = ["-aggiornato_il", "-pk"]

    def __str__(self):
        return self.titolo


class VersioneDocumento(models.Model):
    documento = models.ForeignKey(
        DocumentoGruppo, verbose_name=_("documento"), on_delete=models.CASCADE, related_name="versioni"
    )
    numero = models.PositiveIntegerField(_("versione"))
    file = models.FileField(_("file"), storage=_archivio_riservato, upload_to=_percorso_versione, max_length=400)
    nome_file = models.CharField(_("nome del file"), max_length=255)
    dimensione = models.PositiveBigIntegerField(_("dimensione"))
    caricata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("da")
    )
    caricata_il = models.DateTimeField(_("caricata il"), default=timezone.now)

    class Meta:
        verbose_name = _("versione di un documento")
        verbose_name_plural = _("versioni dei documenti")
        ordering = ["-numero"]
        constraints = [models.UniqueConstraint(fields=["documento", "numero"], name="una_versione_per_numero")]

    def __str__(self):
        return f"{self.documento} v{self.numero}"

    def get_absolute_url(self):
        documento = self.documento
        return reverse(
            "gruppi:scarica", kwargs={"slug": documento.gruppo.slug, "pk": documento.pk, "numero": self.numero}
        )
