"""The forum: categories managed by editors, topics (`Discussione`) and posts (`Messaggio`) as plain
models. Visibility is a state filtered in one place (`Messaggio.objects.visibili_a(user)`);
moderation changes state and writes `AzioneModerazione`, it never deletes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

User = settings.AUTH_USER_MODEL


class CategoriaQuerySet(models.QuerySet):
    def leggibili_da(self, user):
        """Without the categories another app restricts (forum/accesso.py)."""
        from .accesso import non_leggibili

        escluse = non_leggibili(user)
        return self.exclude(pk__in=escluse) if escluse else self

    def per_elenco(self):
        return self.select_related("tema", "zona", "ultima_discussione").order_by("ordine", "nome")


class Categoria(models.Model):
    nome = models.CharField(_("nome"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    descrizione = models.TextField(_("descrizione"), blank=True)
    tema = models.ForeignKey(
        "cop.Tema", verbose_name=_("tema"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    zona = models.ForeignKey(
        "cop.Zona", verbose_name=_("zona"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)
    # Kept by the services (forum.services._ricalcola), so the listing reads one row per category.
    num_discussioni = models.PositiveIntegerField(default=0, editable=False)
    num_messaggi = models.PositiveIntegerField(default=0, editable=False)
    ultima_attivita = models.DateTimeField(null=True, blank=True, editable=False)
    ultima_discussione = models.ForeignKey(
        "Discussione", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CategoriaQuerySet.as_manager()

    panels = [
        FieldPanel("nome"),
        FieldPanel("slug"),
        FieldPanel("descrizione"),
        FieldPanel("tema"),
        FieldPanel("zona"),
        FieldPanel("ordine"),
    ]

    class Meta:
        verbose_name = _("categoria del forum")
        verbose_name_plural = _("categorie del forum")
        ordering = ["ordine", "nome"]

    def __str__(self):
        return self.nome

    def get_absolute_url(self):
        return reverse("forum:categoria", kwargs={"slug": self.slug})


class DiscussioneQuerySet(models.QuerySet):
    def leggibili_da(self, user):
        """Without the topics of the categories another app restricts (forum/accesso.py)."""
        from .accesso import non_leggibili

        escluse = non_leggibili(user)
        return self.exclude(categoria_id__in=escluse) if escluse else self

    def per_elenco(self):
        """Pinned first, then by last activity (index forum_disc_elenco)."""
        return self.select_related("autore__profilo", "ultimo_autore__profilo").order_by(
            "-fissata", "-ultima_attivita", "-pk"
        )


class Discussione(models.Model):
    categoria = models.ForeignKey(
        Categoria, verbose_name=_("categoria"), on_delete=models.PROTECT, related_name="discussioni"
    )
    titolo = models.CharField(_("titolo"), max_length=200)
    autore = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="discussioni_forum")
    creata_il = models.DateTimeField(_("creata il"), default=timezone.now)
    fissata = models.BooleanField(_("in evidenza"), default=False)
    chiusa = models.BooleanField(_("chiusa"), default=False)
    pagina = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("pagina discussa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussione_forum",
    )
    num_messaggi = models.PositiveIntegerField(default=0, editable=False)
    ultima_attivita = models.DateTimeField(default=timezone.now, editable=False)
    ultimo_messaggio_id_visibile = models.PositiveBigIntegerField(default=0, editable=False)
    ultimo_autore = models.ForeignKey(User, null=True, editable=False, on_delete=models.SET_NULL, related_name="+")

    objects = DiscussioneQuerySet.as_manager()

    class Meta:
        verbose_name = _("discussione")
        verbose_name_plural = _("discussioni")
        indexes = [models.Index(fields=["categoria", "-fissata", "-ultima_attivita", "-id"], name="forum_disc_elenco")]

    def __str__(self):
        return self.titolo

    def get_absolute_url(self):
        return reverse("forum:discussione", kwargs={"pk": self.pk})


class MessaggioQuerySet(models.QuerySet):
    def notificabili_a(self, user):
        """The posts a notification may still point `user` to: visible to them and not hidden or removed
        since (notifiche.selectors)."""
        return self.visibili_a(user).filter(stato=Messaggio.Stato.VISIBILE)

    def visibili_a(self, user):
        """The only way lists of posts are built. Hidden posts vanish for everyone but the
        moderators and their author; removed posts stay as "messaggio rimosso" (replies keep
        their place)."""
        from . import permissions
        from .accesso import moderate as moderate_da
        from .accesso import non_leggibili

        qs = self
        escluse = non_leggibili(user)  # the categories of groups `user` may not read
        if escluse:
            qs = qs.exclude(discussione__categoria_id__in=escluse)
        if permissions.can_moderate(user):
            return qs
        if user.is_authenticated:
            visibili = ~Q(stato=Messaggio.Stato.NASCOSTO) | Q(autore=user)
            if moderate := moderate_da(user):  # a group's coordinators see what they hid in its discussions
                visibili |= Q(discussione__categoria_id__in=moderate)
            return qs.filter(visibili)
        return qs.exclude(stato=Messaggio.Stato.NASCOSTO)

    def per_pagina_discussione(self, user):
        # Subqueries, not a join with GROUP BY: the paginator's count() then drops them.
        utili = (
            Reazione.objects.filter(messaggio=models.OuterRef("pk"))
            .order_by()
            .values("messaggio")
            .annotate(n=models.Count("pk"))
            .values("n")[:1]
        )
        # The author's profile, zone and groups: each post says who wrote it (role and zone).
        qs = (
            self.select_related("autore", "autore__profilo__zona", "cita", "cita__autore__profilo")
            .prefetch_related("autore__groups")
            .annotate(num_utili=Coalesce(models.Subquery(utili), 0))
        )
        if user.is_authenticated:
            qs = qs.annotate(
                mio_utile=models.Exists(Reazione.objects.filter(messaggio=models.OuterRef("pk"), user=user))
            )
        return qs.order_by("pk")


class Messaggio(models.Model):
    class Stato(models.TextChoices):
        VISIBILE = "visibile", _("visibile")
        NASCOSTO = "nascosto", _("nascosto dalla moderazione")
        RIMOSSO = "rimosso", _("rimosso dall'autore")

    discussione = models.ForeignKey(Discussione, on_delete=models.CASCADE, related_name="messaggi")
    autore = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="messaggi_forum")
    testo = models.TextField(_("testo"))
    html = models.TextField(editable=False)
    cita = models.ForeignKey(
        "self", verbose_name=_("cita"), null=True, blank=True, on_delete=models.SET_NULL, related_name="citato_da"
    )
    stato = models.CharField(_("stato"), max_length=10, choices=Stato.choices, default=Stato.VISIBILE)
    creato_il = models.DateTimeField(_("scritto il"), default=timezone.now)
    modificato_il = models.DateTimeField(_("modificato il"), null=True, blank=True)

    objects = MessaggioQuerySet.as_manager()

    class Meta:
        verbose_name = _("messaggio")
        verbose_name_plural = _("messaggi")
        indexes = [
            models.Index(fields=["discussione", "id"], name="forum_msg_disc"),
            models.Index(fields=["autore", "-creato_il"], name="forum_msg_autore"),
        ]

    def __str__(self):
        return _("Messaggio %(id)s in «%(titolo)s»") % {"id": self.pk, "titolo": self.discussione}

    def get_absolute_url(self):
        return f"{reverse('forum:discussione', kwargs={'pk': self.discussione_id})}?post={self.pk}"

    @property
    def is_visibile(self):
        return self.stato == self.Stato.VISIBILE

    @property
    def is_rimosso(self):
        return self.stato == self.Stato.RIMOSSO

    @property
    def is_nascosto(self):
        return self.stato == self.Stato.NASCOSTO


class VersioneMessaggio(models.Model):
    """The text a post had before an edit, kept for the moderators."""

    messaggio = models.ForeignKey(Messaggio, on_delete=models.CASCADE, related_name="versioni")
    testo = models.TextField()
    scritta_il = models.DateTimeField()
    sostituita_il = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sostituita_il"]
        verbose_name = _("versione precedente")
        verbose_name_plural = _("versioni precedenti")

    def __str__(self):
        return f"{self.messaggio_id} @ {self.sostituita_il:%Y-%m-%d %H:%M}"


class Reazione(models.Model):
    """ "Utile": one per member per post."""

    messaggio = models.ForeignKey(Messaggio, on_delete=models.CASCADE, related_name="reazioni")
    user = models.ForeignKey(User, verbose_name=_("utente"), on_delete=models.CASCADE, related_name="reazioni_forum")
    creata_il = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["messaggio", "user"], name="forum_una_reazione_per_utente")]

    def __str__(self):
        return f"utile {self.user_id} → {self.messaggio_id}"


class Segnalazione(models.Model):
    messaggio = models.ForeignKey(Messaggio, on_delete=models.CASCADE, related_name="segnalazioni")
    autore = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="segnalazioni_forum")
    motivo = models.TextField(_("motivo"), max_length=2000)
    creata_il = models.DateTimeField(default=timezone.now)
    gestita_il = models.DateTimeField(null=True, blank=True)
    gestita_da = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["creata_il"]
        verbose_name = _("segnalazione")
        verbose_name_plural = _("segnalazioni")

    def __str__(self):
        return f"segnalazione {self.pk} ({self.messaggio_id})"


class Sospensione(models.Model):
    user = models.ForeignKey(User, verbose_name=_("utente"), on_delete=models.CASCADE, related_name="sospensioni_forum")
    fino_al = models.DateTimeField(_("fino al"))
    motivo = models.TextField(_("motivo"))
    decisa_da = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    creata_il = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sospensione")
        verbose_name_plural = _("sospensioni")

    def __str__(self):
        return f"{self.user} fino al {self.fino_al:%Y-%m-%d}"


class AzioneModerazione(models.Model):
    """The log: who did what, when and why."""

    class Tipo(models.TextChoices):
        NASCONDI = "nascondi", _("messaggio nascosto")
        RIPRISTINA = "ripristina", _("messaggio ripristinato")
        CHIUDI = "chiudi", _("discussione chiusa")
        RIAPRI = "riapri", _("discussione riaperta")
        FISSA = "fissa", _("discussione in evidenza")
        SFISSA = "sfissa", _("discussione non più in evidenza")
        SPOSTA = "sposta", _("discussione spostata")
        SOSPENDI = "sospendi", _("membro sospeso")
        ARCHIVIA = "archivia", _("segnalazione archiviata")

    tipo = models.CharField(_("azione"), max_length=12, choices=Tipo.choices)
    moderatore = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    motivo = models.TextField(_("motivo"))
    creata_il = models.DateTimeField(_("quando"), default=timezone.now)
    messaggio = models.ForeignKey(Messaggio, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    discussione = models.ForeignKey(Discussione, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    utente = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    dettagli = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-creata_il", "-pk"]
        verbose_name = _("azione di moderazione")
        verbose_name_plural = _("registro della moderazione")
        permissions = [("modera_forum", _("Può moderare il forum"))]

    def __str__(self):
        return f"{self.get_tipo_display()} ({self.creata_il:%Y-%m-%d %H:%M})"


class Lettura(models.Model):
    """Up to which post a member has read a topic (the unread markers)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    discussione = models.ForeignKey(Discussione, on_delete=models.CASCADE, related_name="+")
    ultimo_letto = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "discussione"], name="forum_una_lettura")]

    def __str__(self):
        return f"{self.user_id} → {self.discussione_id}: {self.ultimo_letto}"


class Iscrizione(models.Model):
    """A member follows a topic or a category."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="iscrizioni_forum")
    discussione = models.ForeignKey(Discussione, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    categoria = models.ForeignKey(Categoria, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    creata_il = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(discussione__isnull=True, categoria__isnull=False)
                | Q(discussione__isnull=False, categoria__isnull=True),
                name="forum_iscrizione_un_oggetto",
            ),
            models.UniqueConstraint(fields=["user", "discussione"], name="forum_iscrizione_discussione"),
            models.UniqueConstraint(fields=["user", "categoria"], name="forum_iscrizione_categoria"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.discussione_id or self.categoria_id}"


class Notifica(models.Model):
    """A post waiting to be emailed to a member; sent in batches (at most one email per topic per
    hour per member) by `forum.notifiche.invia_notifiche`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    messaggio = models.ForeignKey(Messaggio, on_delete=models.CASCADE, related_name="+")
    discussione = models.ForeignKey(Discussione, on_delete=models.CASCADE, related_name="+")
    menzione = models.BooleanField(default=False)
    creata_il = models.DateTimeField(default=timezone.now)
    inviata_il = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "messaggio"], name="forum_una_notifica")]
        indexes = [models.Index(fields=["inviata_il", "user", "discussione"], name="forum_notifica_coda")]

    def __str__(self):
        return f"{self.user_id} ← {self.messaggio_id}"


@register_setting(icon="warning")
class ImpostazioniForum(BaseGenericSetting):
    """Anti-abuse limits (defaults like Discourse's) and the category of "Discuti" topics."""

    secondi_tra_messaggi = models.PositiveIntegerField(_("secondi tra due messaggi"), default=5)
    secondi_tra_discussioni = models.PositiveIntegerField(_("secondi tra due discussioni"), default=15)
    secondi_tra_messaggi_nuovi = models.PositiveIntegerField(
        _("secondi tra due messaggi (iscritti da meno di un giorno)"), default=30
    )
    secondi_tra_discussioni_nuovi = models.PositiveIntegerField(
        _("secondi tra due discussioni (iscritti da meno di un giorno)"), default=120
    )
    max_discussioni_primo_giorno = models.PositiveIntegerField(_("discussioni al massimo il primo giorno"), default=3)
    max_risposte_primo_giorno = models.PositiveIntegerField(_("risposte al massimo il primo giorno"), default=10)
    max_caratteri = models.PositiveIntegerField(_("caratteri al massimo in un messaggio"), default=20_000)
    categoria_discuti = models.ForeignKey(
        Categoria,
        verbose_name=_("categoria delle discussioni su pratiche ed eventi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("impostazioni del forum")
