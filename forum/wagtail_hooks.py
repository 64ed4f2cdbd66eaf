from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, permissions
from .models import Categoria


class CategoriaViewSet(SnippetViewSet):
    model = Categoria
    icon = "folder-open-inverse"
    menu_label = _("Categorie")
    list_display = ["nome", "tema", "zona", "num_discussioni", "num_messaggi", "ultima_attivita"]
    search_fields = ["nome"]
    add_to_admin_menu = False


register_snippet(CategoriaViewSet)


@hooks.register("register_admin_urls")
def url_moderazione():
    return [
        path("forum/segnalazioni/", admin_views.segnalazioni, name="forum_admin_segnalazioni"),
        path("forum/registro/", admin_views.registro, name="forum_admin_registro"),
        path("forum/discussione/<int:pk>/", admin_views.discussione, name="forum_admin_discussione"),
        path(
            "forum/discussione/<int:pk>/<slug:azione>/",
            admin_views.azione_discussione,
            name="forum_admin_azione_discussione",
        ),
        path(
            "forum/messaggio/<int:pk>/<slug:azione>/", admin_views.azione_messaggio, name="forum_admin_azione_messaggio"
        ),
        path("forum/sospendi/<int:user_id>/", admin_views.sospendi, name="forum_admin_sospendi"),
    ]


class MenuModeratori(MenuItem):
    def is_shown(self, request):
        return permissions.can_moderate(request.user)


class MenuCategorie(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("forum.change_categoria")


@hooks.register("register_admin_menu_item")
def menu_forum():
    menu = Menu(
        items=[
            MenuCategorie(
                _("Categorie"), reverse("wagtailsnippets_forum_categoria:list"), icon_name="folder-open-inverse"
            ),
            MenuModeratori(_("Segnalazioni"), reverse("forum_admin_segnalazioni"), icon_name="warning"),
            MenuModeratori(_("Registro della moderazione"), reverse("forum_admin_registro"), icon_name="list-ul"),
        ]
    )
    return SubmenuMenuItem(_("Forum"), menu, icon_name="group", order=400)


# --- What this app gives the home page, the digest and the data export (cop) ---------------------------


@hooks.register("cop_sezioni_home")
def sezioni_home():
    from .selectors import ultime_discussioni

    return {"ultime_discussioni": ultime_discussioni}


@hooks.register("cop_fonti_riepilogo")
def fonti_riepilogo():
    from .riepilogo import novita_per_riepilogo

    return {"discussioni": novita_per_riepilogo}


@hooks.register("cop_dati_utente")
def dati_utente(user):
    from .selectors import dati_utente

    return dati_utente(user)


@hooks.register("cop_attivita_membro", order=20)
def attivita_membro(user, viewer, limite):
    from .selectors import attivita_membro

    return attivita_membro(user, viewer, limite)
