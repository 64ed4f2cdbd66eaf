from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import RiepilogoValutazioniView
from .models import Organizzazione, Profilo, SegnalazioneAccessibilita, Tema, ValutazionePagina, Zona
from .permessi_pagine import escludi_dal_selettore


class ZonaViewSet(SnippetViewSet):
    model = Zona
    icon = "site"
    menu_label = _("Zone-distretto")
    list_display = ["nome", "regione", "asl", "dal_anno", "al_anno"]
    list_filter = ["regione", "tipo", "asl"]
    search_fields = ["nome", "comuni"]
    ordering = ["regione", "nome"]


class TemaViewSet(SnippetViewSet):
    model = Tema
    icon = "tag"
    menu_label = _("Temi")
    list_display = ["nome", "slug"]
    search_fields = ["nome", "descrizione"]


class OrganizzazioneViewSet(SnippetViewSet):
    """The directory's organisations; those proposed by members with a practice wait here ("Da
    revisionare") for an editor to check, complete and publish them."""

    model = Organizzazione
    icon = "group"
    menu_label = _("Organizzazioni")
    list_display = ["nome", "tipo", "comune", "stato"]
    list_filter = ["stato", "tipo", "zone"]
    search_fields = ["nome", "comune"]
    ordering = ["nome"]


class TerritoriGroup(SnippetViewSetGroup):
    items = (ZonaViewSet, TemaViewSet, OrganizzazioneViewSet)
    menu_icon = "site"
    menu_label = _("Territori e temi")
    menu_name = "territori"


class SegnalazioneAccessibilitaViewSet(SnippetViewSet):
    model = SegnalazioneAccessibilita
    icon = "help"
    menu_label = _("Segnalazioni accessibilità")
    list_display = ["__str__", "email", "url_pagina", "gestita"]
    list_filter = ["gestita"]
    search_fields = ["messaggio", "email", "url_pagina"]
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_admin_menu = False


class ValutazionePaginaViewSet(SnippetViewSet):
    model = ValutazionePagina
    icon = "pick"
    menu_label = _("Valutazioni delle pagine")
    list_display = ["page", "voto", "motivo", "commento", "creata_il"]
    list_filter = ["voto", "motivo"]
    inspect_view_enabled = True
    copy_view_enabled = False


class FeedbackGroup(SnippetViewSetGroup):
    items = (SegnalazioneAccessibilitaViewSet, ValutazionePaginaViewSet)
    menu_icon = "mail"
    menu_label = _("Feedback degli utenti")
    menu_name = "feedback"


class ProfiliSenzaAggiunta(ModelPermissionPolicy):
    """A profile belongs to an account: it is created with the account (sign-up, or the user form of
    the admin), never on its own here ("Aggiungi profilo" had no user to attach it to)."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) - {"add"})


register_permission_policy(Profilo, ProfiliSenzaAggiunta(Profilo))


class ProfiloViewSet(SnippetViewSet):
    """Profiles of members, for the redazione: who declared which zone, which zone is confirmed (a
    declared zone waits for confirmation). Role and zone are set in the user form (Impostazioni →
    Utenti, cop/utenti/admin.py), the one place for them."""

    model = Profilo
    icon = "user"
    menu_label = _("Profili dei membri")
    list_display = ["user", "ente", "ruolo_professionale", "zona", "zona_confermata", "stato_zona", "visibilita"]
    list_filter = ["ruolo_professionale", "zona", "zona_confermata", "visibilita"]
    search_fields = ["ente", "user__first_name", "user__last_name", "user__email"]
    copy_view_enabled = False
    add_to_admin_menu = True
    menu_order = 900


register_snippet(TerritoriGroup)
register_snippet(ProfiloViewSet)
register_snippet(FeedbackGroup)


class RiepilogoValutazioniMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cop.view_valutazionepagina")


@hooks.register("register_admin_urls")
def url_riepilogo_valutazioni():
    return [
        path("report/valutazioni/", RiepilogoValutazioniView.as_view(), name="cop_riepilogo_valutazioni"),
        path(
            "report/valutazioni/risultati/",
            RiepilogoValutazioniView.as_view(results_only=True),
            name="cop_riepilogo_valutazioni_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def menu_riepilogo_valutazioni():
    return RiepilogoValutazioniMenuItem(
        _("Chiarezza delle pagine"),
        reverse("cop_riepilogo_valutazioni"),
        name="chiarezza-pagine",
        icon_name="pick",
        order=1300,
    )


@hooks.register("register_log_actions")
def azioni_zona_profilo(actions):
    """The history of a member's zone, in the profile's history in the admin."""

    def _nome(dati):
        return dati["nome"] if dati else _("nessuna")

    @actions.register_action("cop.zona_dichiarata")
    class ZonaDichiarata(LogFormatter):
        label = _("Zona dichiarata dal membro")

        def format_message(self, log_entry):
            return _("Zona dichiarata dal membro: %(zona)s (prima: %(precedente)s), in attesa di conferma") % {
                "zona": _nome(log_entry.data.get("zona")),
                "precedente": _nome(log_entry.data.get("precedente")),
            }

    @actions.register_action("cop.organizzazione_proposta")
    class OrganizzazioneProposta(LogFormatter):
        label = _("Organizzazione proposta da un membro")

        def format_message(self, log_entry):
            return _("Proposta da un membro con una buona pratica: da revisionare")

    @actions.register_action("cop.zona_confermata")
    class ZonaConfermata(LogFormatter):
        label = _("Zona confermata dalla redazione")

        def format_message(self, log_entry):
            return _("Zona confermata dalla redazione: %(zona)s (prima: %(precedente)s)") % {
                "zona": _nome(log_entry.data.get("zona")),
                "precedente": _nome(log_entry.data.get("precedente")),
            }


@hooks.register("construct_page_chooser_queryset")
def selettore_pagine_per_zona(pages, request):
    """A referente does not find other zones' unpublished pages in the page chooser (permessi_pagine.py)."""
    return escludi_dal_selettore(pages, request.user)


@hooks.register("insert_global_admin_css")
def css_amministrazione():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


# --- What this app gives the home page and the weekly digest (cop/home.py, cop/riepilogo.py) ----------


@hooks.register("cop_sezioni_home")
def sezioni_home():
    from .aggiornamenti import ultimi_per_home

    return {"ultimi_aggiornamenti": ultimi_per_home}


@hooks.register("cop_fonti_riepilogo")
def fonti_riepilogo():
    from .aggiornamenti import novita_per_riepilogo

    return {"aggiornamenti": novita_per_riepilogo}
