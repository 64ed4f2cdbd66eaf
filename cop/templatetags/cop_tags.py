from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Site

from cop import mappa
from cop.formati import cifra
from cop.forms import ValutazionePaginaForm
from cop.models import ValutazionePagina, nome_autore, nome_pubblico
from cop.selectors import pagine_del_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_principale(context):
    """The main menu: the home page's children marked "show in menus", then the forum and the territories.
    Search is the header's magnifier ("Cerca nel sito"), on every screen: not a menu entry too."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_cop_menu"):
        site = Site.find_for_request(request)
        voci = []
        if site is not None:
            for page in pagine_del_menu(site):
                voci.append({"titolo": page.title, "url": page.get_url(request)})
        voci.append({"titolo": _("Forum"), "url": reverse("forum:indice")})
        voci.append({"titolo": _("Gruppi"), "url": reverse("gruppi:elenco")})
        voci.append({"titolo": _("Zone-distretto"), "url": reverse("zona_list")})
        voci.append({"titolo": _("Flusso tra i territori"), "url": reverse("flusso")})
        request._cop_menu = voci
    path = request.path
    return [
        {**voce, "attiva": voce["url"] != "/" and path.startswith(voce["url"] or "-")} for voce in request._cop_menu
    ]


@register.simple_tag(takes_context=True)
def area_personale(context):
    """The personal-area links the apps registered (cop.area_personale)."""
    from cop.area_personale import voci

    request = context.get("request")
    return voci(request) if request is not None and request.user.is_authenticated else []


@register.simple_tag
def form_valutazione(page):
    """The rating form of `page`, with its motives split as the pattern shows them."""
    form = ValutazionePaginaForm(initial={"page_id": page.pk})
    etichette = dict(ValutazionePagina.Motivo.choices)
    form.motivi_positivi = [(valore, etichette[valore]) for valore in ValutazionePagina.MOTIVI_POSITIVI]
    form.motivi_negativi = [(valore, etichette[valore]) for valore in ValutazionePagina.MOTIVI_NEGATIVI]
    return form


@register.filter
def autore(user):
    return nome_autore(user)


register.filter(cifra)


@register.filter
def numero_errori(form):
    """How many errors the form's error summary lists: one per message, not one per field (a password
    can break several rules at once)."""
    return len(form.non_field_errors()) + sum(len(field.errors) for field in form)


@register.filter
def elided_range(paginator, numero):
    """The page numbers of a pagination bar around `numero`, with Paginator.ELLIPSIS for the gaps."""
    return paginator.get_elided_page_range(numero, on_each_side=2, on_ends=1)


def _home(context):
    """The home page of the request's Site (cached on the request by Wagtail: no query), or None
    without a request (an include "with … only"): the caller then uses Wagtail's root address."""
    request = context.get("request")
    sito = Site.find_for_request(request) if request is not None else None
    return (sito.root_page if sito else None), request


@register.simple_tag(takes_context=True)
def url_home(context):
    """The address of the home page (the Wagtail Site's root page): never a hand-written "/"."""
    home, request = _home(context)
    return home.get_url(request) if home else reverse("wagtail_serve", args=[""])


@register.inclusion_tag("components/briciole.html", takes_context=True)
def briciole(context, corrente="", *, pagina=None, titolo_sopra="", url_sopra=""):
    """The breadcrumb, from the page tree and reverse()d addresses: Home, then the ancestors of
    `pagina` below the home, then `pagina` itself (a link when `corrente` names a view below it, the
    current item otherwise), then one level that is not a page (`titolo_sopra`, `url_sopra`), then
    `corrente`."""
    home, request = _home(context)
    voci = [{"titolo": _("Home"), "url": home.get_url(request) if home else reverse("wagtail_serve", args=[""])}]
    if pagina is not None:
        antenati = pagina.get_ancestors().filter(depth__gt=home.depth if home else 1)
        voci += [{"titolo": a.title, "url": a.get_url(request)} for a in antenati]
        if corrente:
            voci.append({"titolo": pagina.title, "url": pagina.get_url(request)})
        else:
            corrente = pagina.title
    if titolo_sopra:
        voci.append({"titolo": titolo_sopra, "url": url_sopra})
    return {"voci": voci, "corrente": corrente}


@register.inclusion_tag("components/mappa.html")
def mappa_delle_zone(zone, *, titolo, evidenzia=False, piccola=True):
    """The region drawn with `zone` as links to their pages (highlighted with `evidenzia`): the home page's
    entry to the territories, the zones of a practice. Nothing when none of them has a boundary."""
    da_disegnare = {z.slug: (z.get_absolute_url(), z.nome, 0) for z in zone if mappa.ha_confine(z.slug)}
    if not da_disegnare:
        return {"mappa": None}
    disegno = mappa.regione(da_disegnare, evidenzia=da_disegnare if evidenzia else ())
    return {"mappa": disegno, "titolo": titolo, "piccola": piccola}


@register.simple_tag(takes_context=True)
def nome_membro(context, user):
    """A member's public name (never the email), a link to their profile when the viewer may see it. The
    profile must come with `user` (select_related("…__profilo")): the decision reads no database."""
    from cop.permissions import can_view_profile

    nome = nome_pubblico(user)
    request = getattr(context, "request", None)  # also in a template included with `only`
    if user is None or request is None:
        return nome
    profilo = getattr(user, "profilo", None)  # a query unless loaded with the user
    if profilo is not None and can_view_profile(request.user, profilo):
        return format_html('<a href="{}">{}</a>', profilo.get_absolute_url(), nome)
    return nome


@register.inclusion_tag("components/avatar.html")
def avatar(profilo, dimensione=40):
    """The photo of a profile, or its initials in a coloured circle (decorative: the name is beside it)."""
    return {"profilo": profilo, "dimensione": dimensione}
