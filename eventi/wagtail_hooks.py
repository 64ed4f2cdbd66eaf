from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cop.roles import zona_confermata_del_referente

from . import admin_views, permissions
from .models import EventoPage, Relatore
from .selectors import prossimi_eventi_della_zona


class RelatoreViewSet(SnippetViewSet):
    model = Relatore
    icon = "user"
    menu_label = _("Relatori")
    list_display = ["nome", "ruolo", "organizzazione"]
    search_fields = ["nome", "organizzazione"]
    add_to_admin_menu = True
    menu_order = 310


register_snippet(RelatoreViewSet)


@hooks.register("register_admin_urls")
def url_iscritti():
    return [
        path("eventi/<int:pk>/iscritti/", admin_views.iscritti, name="eventi_iscritti"),
        path("eventi/<int:pk>/iscritti.csv", admin_views.iscritti_csv, name="eventi_iscritti_csv"),
    ]


def _bottone_iscritti(page, user, priority):
    classe = page.specific_class
    if classe is not None and issubclass(classe, EventoPage) and permissions.can_manage_registrations(user):
        yield MenuItem(_("Iscritti"), reverse("eventi_iscritti", args=[page.pk]), icon_name="group", priority=priority)


@hooks.register("register_page_listing_more_buttons")
def bottone_iscritti_elenco(page, user, next_url=None):
    yield from _bottone_iscritti(page, user, 15)


@hooks.register("register_page_header_buttons")
def bottone_iscritti_intestazione(page, user, view_name, next_url=None):
    yield from _bottone_iscritti(page, user, 25)


class EventiDellaZonaPanel(Component):
    """On a referente's admin home: the upcoming events of their zone, with a link to edit each."""

    name = "eventi_della_zona"
    template_name = "eventi/admin/pannello_zona.html"
    order = 95

    def __init__(self, zona, eventi):
        self.zona, self.eventi = zona, eventi

    def get_context_data(self, parent_context):
        return {"zona": self.zona, "eventi": self.eventi}


@hooks.register("construct_homepage_panels")
def pannello_eventi_della_zona(request, panels):
    zona = zona_confermata_del_referente(request.user)
    if zona is not None:
        panels.append(EventiDellaZonaPanel(zona, prossimi_eventi_della_zona(zona)))


# --- What this app gives the home page, the digest, the personal area and the data export (cop) -------


@hooks.register("cop_sezioni_home")
def sezioni_home():
    from .selectors import prossimi_eventi_per_home

    return {"prossimi_eventi": prossimi_eventi_per_home}


@hooks.register("cop_fonti_riepilogo")
def fonti_riepilogo():
    from .riepilogo import novita_per_riepilogo

    return {"eventi": novita_per_riepilogo}


@hooks.register("cop_area_personale", order=30)
def i_miei_eventi(request):
    from .selectors import url_miei_eventi

    return _("I miei eventi"), url_miei_eventi(request)


@hooks.register("cop_dati_utente")
def dati_utente(user):
    from .services import dati_utente

    return dati_utente(user)


@hooks.register("cop_attivita_membro", order=30)
def attivita_membro(user, viewer, limite):
    from .selectors import attivita_membro

    return attivita_membro(user, viewer, limite)
