"""Read helpers shared by templates and views."""

from django.db.models import Prefetch

from .models import DichiarazioneAccessibilitaPage, PaginaSemplice, Profilo

# Slugs of the service pages that the footer and the sign-up form link to.
SLUG_PRIVACY = "privacy"
SLUG_COOKIE = "cookie"
SLUG_NOTE_LEGALI = "note-legali"


def pagine_di_servizio(site):
    """Privacy, cookie, legal notes and accessibility statement of the site, by role (two queries)."""
    if site is None:
        return {}
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
        Profilo.objects.select_related("zona", "user")
        .prefetch_related(Prefetch("zone_seguite"), Prefetch("temi_seguiti"), "user__groups")
        .get(user=user)
    )


def numero_membri(zona):
    """How many active members work in `zona` (a number only: who they are is not public)."""
    return Profilo.objects.filter(zona_confermata=zona, user__is_active=True).count()
