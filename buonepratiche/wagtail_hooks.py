"""The good-practice library in the Wagtail admin: the vocabularies, the evaluations on the Best
Practice Portal criteria (with the "Valuta" button on practice pages) and the adoptions between
zones for moderation, in one "Buone pratiche" menu for the Redattori regionali."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from buonepratiche import permissions
from buonepratiche.admin_views import ValutaPraticaView, modifica_valutazione
from buonepratiche.models import (
    Adozione,
    BuonaPraticaPage,
    Destinatario,
    FonteFinanziamento,
    Metodologia,
    ValutazionePratica,
)
from buonepratiche.selectors_proposte import pratiche_della_zona_per_referente
from cop.roles import zona_confermata_del_referente


class VocabolarioViewSet(SnippetViewSet):
    list_display = ["nome", "slug", "ordine"]
    search_fields = ["nome"]
    ordering = ["ordine", "nome"]
    copy_view_enabled = False


class DestinatarioViewSet(VocabolarioViewSet):
    model = Destinatario
    icon = "group"
    menu_label = gettext_lazy("Destinatari")


class FonteFinanziamentoViewSet(VocabolarioViewSet):
    model = FonteFinanziamento
    icon = "doc-full"
    menu_label = gettext_lazy("Fonti di finanziamento")


class MetodologiaViewSet(VocabolarioViewSet):
    model = Metodologia
    icon = "cogs"
    menu_label = gettext_lazy("Metodologie")


class ValutazionePraticaViewSet(SnippetViewSet):
    """The list of evaluations. Writing goes through the evaluation form (one score per criterion
    and the service's rules), never through a generic model form."""

    model = ValutazionePratica
    icon = "success"
    menu_label = gettext_lazy("Valutazioni")
    list_display = ["pratica", "valutatore", "media", "creata_il"]
    list_filter = ["pratica__validata"]
    search_fields = ["pratica__title", "nota_generale"]
    ordering = ["-creata_il"]
    inspect_view_enabled = True
    inspect_view_fields = ["pratica", "valutatore", "creata_il", "aggiornata_il", "media", "nota_generale"]
    copy_view_enabled = False

    @property
    def add_view(self):
        return ValutaPraticaView.as_view()

    @property
    def edit_view(self):
        return modifica_valutazione


def _adozione_non_modificabile(request, pk=None):
    messages.info(request, _("Le adozioni si dichiarano dalla pagina della pratica, con «L'abbiamo adottata»."))
    return redirect("wagtailsnippets_buonepratiche_adozione:list")


class AdozioneViewSet(SnippetViewSet):
    """Adoptions declared on the public site, for the editors to check (and delete if wrong)."""

    model = Adozione
    icon = "resubmit"
    menu_label = gettext_lazy("Adozioni tra zone")
    list_display = ["pratica", "zona_adottante", "pratica_derivata", "dichiarata_da", "creata_il"]
    list_filter = ["zona_adottante"]
    search_fields = ["pratica__title", "nota"]
    ordering = ["-creata_il"]
    inspect_view_enabled = True
    copy_view_enabled = False

    @property
    def add_view(self):
        return _adozione_non_modificabile

    @property
    def edit_view(self):
        return _adozione_non_modificabile


class BuonePraticheGroup(SnippetViewSetGroup):
    items = (
        ValutazionePraticaViewSet,
        AdozioneViewSet,
        DestinatarioViewSet,
        FonteFinanziamentoViewSet,
        MetodologiaViewSet,
    )
    menu_icon = "success"
    menu_label = gettext_lazy("Buone pratiche")
    menu_name = "buone-pratiche"
    menu_order = 250


register_snippet(BuonePraticheGroup)


@hooks.register("register_admin_urls")
def url_valutazione():
    return [
        path(
            "buone-pratiche/valuta/<int:pratica_id>/", ValutaPraticaView.as_view(), name="buonepratiche_valuta_pratica"
        ),
    ]


def _bottone_valuta(page, user, priority):
    if page.specific_class is None or not issubclass(page.specific_class, BuonaPraticaPage):
        return None
    if not permissions.can_evaluate(user, page):
        return None
    return Button(
        _("Valuta"),
        url=reverse("buonepratiche_valuta_pratica", args=[page.pk]),
        icon_name="success",
        priority=priority,
        attrs={"aria-label": _("Valuta la pratica «%(titolo)s»") % {"titolo": page.get_admin_display_title()}},
    )


@hooks.register("register_page_header_buttons")
def bottone_valuta_intestazione(page, user, view_name, next_url=None):
    bottone = _bottone_valuta(page, user, priority=12)
    if bottone is not None:
        yield bottone


@hooks.register("register_page_listing_more_buttons")
def bottone_valuta_elenco(page, user, next_url=None):
    bottone = _bottone_valuta(page, user, priority=5)
    if bottone is not None:
        yield bottone


@hooks.register("before_serve_document")
def allegati_delle_proposte(document, request):
    """A proposal's attachments (members-only collection) are for its author, its zone's reviewers and
    the editors until publication; the collection's own restriction sends anonymous visitors to log in."""
    from buonepratiche.selectors_proposte import pratiche_con_allegato
    from buonepratiche.services.proposte import NOME_COLLEZIONE_PROPOSTE

    if not request.user.is_authenticated or document.collection.name != NOME_COLLEZIONE_PROPOSTE:
        return None
    if permissions.can_download_proposal_attachment(request.user, document, pratiche_con_allegato(document)):
        return None
    return render(request, "buonepratiche/allegato_riservato.html", status=403)


# --- The admin home of a Referente di zona -------------------------------------------------------------


class PraticheDellaZonaPanel(Component):
    """On a referente's admin home: the practices of their zone waiting for their review, and the
    zone's drafts being written (Wagtail's own "awaiting your review" panel shows only the first)."""

    name = "pratiche_della_zona"
    template_name = "buonepratiche/admin/pannello_zona.html"
    order = 90

    def __init__(self, zona, da_revisionare, bozze):
        self.zona, self.da_revisionare, self.bozze = zona, da_revisionare, bozze

    def get_context_data(self, parent_context):
        return {"zona": self.zona, "da_revisionare": self.da_revisionare, "bozze": self.bozze}


@hooks.register("construct_homepage_panels")
def pannello_pratiche_della_zona(request, panels):
    zona = zona_confermata_del_referente(request.user)
    if zona is not None:
        panels.append(PraticheDellaZonaPanel(zona, *pratiche_della_zona_per_referente(request.user, zona)))


# --- What this app gives the home page, the digest, the personal area and the data export (cop) -------


@hooks.register("cop_sezioni_home")
def sezioni_home():
    from .biblioteca import ultime_pratiche_per_home

    return {"ultime_pratiche": ultime_pratiche_per_home}


@hooks.register("cop_fonti_riepilogo")
def fonti_riepilogo():
    from .riepilogo import novita_per_riepilogo

    return {"pratiche": novita_per_riepilogo}


@hooks.register("cop_area_personale", order=10)
def proponi_una_pratica(request):
    return _("Proponi una buona pratica"), reverse("buonepratiche:proponi") if permissions.can_propose(
        request.user
    ) else None


@hooks.register("cop_area_personale", order=20)
def le_mie_pratiche(request):
    return _("Le mie pratiche"), reverse("buonepratiche:mie_pratiche")


@hooks.register("cop_area_personale", order=25)
def pratiche_salvate(request):
    return _("Pratiche salvate"), reverse("buonepratiche:salvate")


@hooks.register("cop_dati_utente")
def dati_utente(user):
    from .selectors import dati_utente

    return dati_utente(user)


@hooks.register("cop_attivita_membro", order=10)
def attivita_membro(user, viewer, limite):
    from .selectors import attivita_membro

    return attivita_membro(user, viewer, limite)
