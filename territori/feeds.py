"""The RSS feed of a zone's activity: its practices, events and discussions merged by date."""

from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _

from cop.indirizzo import FeedPubblico, url_assoluto
from territori import flusso


class FeedZona(FeedPubblico, Feed):
    def __init__(self, *, zona, request):
        super().__init__()
        self.zona = zona
        self.request = request

    def title(self):
        return _("CoP Inclusione sociale · %(zona)s") % {"zona": self.zona.nome}

    def link(self):
        return url_assoluto(self.zona.get_absolute_url())

    def description(self):
        return _("Buone pratiche, eventi e discussioni della zona %(zona)s, dal più recente.") % {
            "zona": self.zona.nome
        }

    def items(self):
        return flusso.attivita_recente(self.request, flusso.VOCI_FEED, zona=self.zona)

    def item_title(self, voce):
        return f"{voce.etichetta}: {voce.titolo}"

    def item_description(self, voce):
        return voce.descrizione

    def item_link(self, voce):
        return url_assoluto(voce.url)

    def item_guid(self, voce):
        return url_assoluto(voce.url)

    def item_pubdate(self, voce):
        return voce.data

    def item_categories(self, voce):
        return [str(voce.etichetta), *(z.nome for z in voce.zone)]
