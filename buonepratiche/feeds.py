"""RSS 2.0 and Atom feeds of newly published practices: all, per zone, per theme (routes of the
library page, see BuonePraticheIndexPage.feed)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from buonepratiche.biblioteca import pratiche_pubblicate
from cop.indirizzo import FeedPubblico, url_assoluto

NUMERO_VOCI = 30
FORMATI = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


class FeedPratiche(FeedPubblico, Feed):
    def __init__(self, *, indice, formato, zona=None, tema=None):
        super().__init__()
        self.indice = indice
        self.feed_type = FORMATI[formato]
        self.zona = zona
        self.tema = tema

    def title(self):
        if self.zona:
            return _("Buone pratiche: %(zona)s") % {"zona": self.zona}
        if self.tema:
            return _("Buone pratiche sul tema %(tema)s") % {"tema": self.tema}
        return _("Buone pratiche della CoP Inclusione sociale")

    def description(self):
        return _("Le buone pratiche pubblicate più di recente dalle zone-distretto.")

    def items(self):
        pratiche = pratiche_pubblicate()
        if self.zona:
            pratiche = pratiche.filtra(zone=[self.zona.pk])
        if self.tema:
            pratiche = pratiche.filtra(temi=[self.tema.pk])
        return (
            pratiche.defer_streamfields()
            .prefetch_related("zone", "temi")
            .order_by("-first_published_at", "-pk")[:NUMERO_VOCI]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.abstract

    def item_link(self, item):
        return url_assoluto(item.get_url(self.request))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [str(z) for z in item.zone.all()] + [t.nome for t in item.temi.all()]


def risposta_feed(request, *, indice, formato, zona=None, tema=None):
    if formato not in FORMATI:
        raise Http404(_("Formato del feed sconosciuto."))
    feed = FeedPratiche(indice=indice, formato=formato, zona=zona, tema=tema)
    feed.request = request  # item links are absolute URLs of the page's own site
    feed.link = _link_assoluto(request, indice, zona, tema)
    return feed(request)


def _link_assoluto(request, indice, zona, tema):
    url = indice.get_url(request)
    if zona:
        url += indice.reverse_subpage("zona", args=[zona.slug])
    elif tema:
        url += indice.reverse_subpage("tema", args=[tema.slug])
    return url_assoluto(url)
