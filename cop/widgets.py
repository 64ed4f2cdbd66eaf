"""Admin widgets of our own."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ZoneCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """The zones of a page as checkboxes grouped under a heading each: the current Tuscan
    zone-distretto, the Tuscan zones that have ceased, the territories of other regions. Every zone
    is on screen at once (in columns), so the ones chosen are seen without scrolling a list of 31."""

    template_name = "cop/widgets/zone_checkbox.html"

    TOSCANE = _("Zone-distretto toscane")
    CESSATE = _("Zone-distretto toscane cessate")
    ALTRE = _("Altre regioni")

    def _gruppo(self, zona, anno):
        from .models import TOSCANA

        if zona is None or zona.regione != TOSCANA:
            return self.ALTRE
        if zona.al_anno is not None and zona.al_anno <= anno:
            return self.CESSATE
        return self.TOSCANE

    def optgroups(self, name, value, attrs=None):
        piatte = list(self.choices)
        anno = timezone.localdate().year
        gruppi = {self.TOSCANE: [], self.CESSATE: [], self.ALTRE: []}
        for valore, etichetta in piatte:
            if valore in ("", None):
                continue
            gruppi[self._gruppo(getattr(valore, "instance", None), anno)].append((valore, etichetta))
        self.choices = [(gruppo, scelte) for gruppo, scelte in gruppi.items() if scelte]
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = piatte
