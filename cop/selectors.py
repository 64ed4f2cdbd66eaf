"""Read helpers shared by templates and views."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear

from .cache import CacheVersionata
from .models import (
    SLUG_COOKIE,
    SLUG_NOTE_LEGALI,
    SLUG_PRIVACY,
    DichiarazioneAccessibilitaPage,
    Organizzazione,
    PaginaSemplice,
    Profilo,
)

# The pages every page links to (main menu, footer), cached per site until a page is published,
# unpublished, moved or deleted, or a view restriction or a site changes (cop/signals.py): on a
# site with 100,000 pages the tree queries behind them cost tens of milliseconds on every request.
PAGINE_DEL_SITO = CacheVersionata("cop:pagine-del-sito")


def pagine_di_servizio(site):
    """Privacy, cookie, legal notes and accessibility statement of the site, by role (two queries,
    or none when cached)."""
    if site is None:
        return {}
    return PAGINE_DEL_SITO.valore("servizio", site.pk, calcola=lambda: _pagine_di_servizio(site))


def pagine_del_menu(site):
    """The home page's children marked "show in menus", live and public (cached)."""
    return PAGINE_DEL_SITO.valore(
        "menu",
        site.pk,
        calcola=lambda: list(site.root_page.get_children().live().in_menu().public().specific(defer=True)),
    )


def _pagine_di_servizio(site):
    root = site.root_page
    pagine = {}
    for page in (
        PaginaSemplice.objects.live().child_of(root).filter(slug__in=[SLUG_PRIVACY, SLUG_COOKIE, SLUG_NOTE_LEGALI])
    ):
        pagine[page.slug.replace("-", "_")] = page
    accessibilita = DichiarazioneAccessibilitaPage.objects.live().descendant_of(root).first()
    if accessibilita:
        pagine["accessibilita"] = accessibilita
    return pagine


def profilo_completo(user):
    return (
        Profilo.objects.select_related("zona", "user", "organizzazione")
        .prefetch_related(Prefetch("zone_seguite"), Prefetch("temi_seguiti"), "user__groups")
        .get(user=user)
    )


def numero_membri(zona):
    """How many active members work in `zona` (a number only: who they are is not public)."""
    return Profilo.objects.filter(zona_confermata=zona, user__is_active=True).count()


def organizzazioni_visibili(user):
    """The organisations `user` may name: the published ones and those they proposed themselves."""
    visibili = Q(stato=Organizzazione.Stato.PUBBLICATA)
    if user.is_authenticated:
        visibili |= Q(proposta_da=user)
    return Organizzazione.objects.filter(visibili)


def nuovi_membri_per_zona_e_anno():
    """{(zona_id, year): active members of the zone (as they declared it) who joined that year}: counts only."""
    righe = (
        Profilo.objects.filter(user__is_active=True, zona__isnull=False)
        .order_by()
        .annotate(anno=ExtractYear("user__date_joined"))
        .values_list("zona", "anno")
        .annotate(n=Count("pk"))
    )
    return {(zona, anno): n for zona, anno, n in righe}


def chi_segue(*, zone, temi):
    """The user ids of the members who follow one of `zone` or `temi` (primary keys), one query."""
    return (
        Profilo.objects.filter(Q(zone_seguite__in=list(zone)) | Q(temi_seguiti__in=list(temi)))
        .values_list("user_id", flat=True)
        .distinct()
        .order_by()
    )


def e_prima_pubblicazione(pagina):
    """In a `page_published` handler: whether this is the page's first publication. Wagtail sets
    `first_published_at` again when a stale copy of a page (loaded before its first publication) is
    published: the page's log, where Wagtail writes this publication after the signal, tells that
    case apart by an earlier publication (one query)."""
    from wagtail.models import PageLogEntry

    if pagina.first_published_at != pagina.last_published_at:
        return False
    return not PageLogEntry.objects.filter(page_id=pagina.pk, action="wagtail.publish").exists()
