"""The filters of the flow's map (`/flusso/?tema=...&anno=...`) and of a zone's needs
(`/zone/<slug>/?tema=...&destinatari=...#bisogni`), on the site's one filter vocabulary."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buonepratiche.models import Destinatario
from cop.filtri import AnnoField, Filtri, VoceField, voci_del_modello
from cop.models import Tema


class FiltriFlussoForm(Filtri):
    """A theme of the practices and a year of the adoptions. An invalid value is ignored with a notice."""

    tema = VoceField(label=_("Tema"), voci=voci_del_modello(Tema, campo=None), widget=forms.Select)
    anno = AnnoField(label=_("Anno dell'adozione"), widget=forms.Select)

    NOMI = {"tema": _("tema"), "anno": _("anno")}

    def __init__(self, data=None, *, anni=None, **kwargs):
        super().__init__(data, **kwargs)
        if anni is not None and not self.is_bound:
            voci = self.fields["tema"].voci
            self.fields["tema"].widget.choices = [("", _("Tutti i temi"))] + [(v, voce[1]) for v, voce in voci.items()]
            scelto = str(self.initial.get("anno") or "")
            anni = [str(a) for a in anni] + ([scelto] if scelto and scelto not in map(str, anni) else [])
            self.fields["anno"].widget.choices = [("", _("Tutti gli anni"))] + [(a, a) for a in anni]


class FiltriBisogniForm(Filtri):
    """A theme and a target group of the needs emerged in a zone. An invalid value is ignored with a notice."""

    tema = VoceField(label=_("Tema"), voci=voci_del_modello(Tema, campo=None), widget=forms.Select)
    destinatari = VoceField(
        label=_("Destinatari"), voci=voci_del_modello(Destinatario, campo=None), widget=forms.Select
    )

    NOMI = {"tema": _("tema"), "destinatari": _("destinatari")}
    TUTTI = {"tema": _("Tutti i temi"), "destinatari": _("Tutti i destinatari")}

    def __init__(self, data=None, *, visibile=False, **kwargs):
        super().__init__(data, **kwargs)
        if visibile and not self.is_bound:
            for nome, tutti in self.TUTTI.items():
                voci = self.fields[nome].voci
                self.fields[nome].widget.choices = [("", tutti)] + [(v, voce[1]) for v, voce in voci.items()]


def _voci_degli_indicatori():
    from .indicatori import definizioni

    return {d.codice: (d, d.nome) for d in definizioni()}


class FiltriDatiForm(Filtri):
    """`/dati/?indicatore=...&anno=...`: one indicator on the map for one year. An invalid value is
    ignored with a notice (the first indicator, its latest year, are shown instead)."""

    indicatore = VoceField(label=_("Indicatore"), voci=_voci_degli_indicatori, widget=forms.Select)
    anno = AnnoField(label=_("Anno"), widget=forms.Select)

    NOMI = {"indicatore": _("indicatore"), "anno": _("anno")}

    def __init__(self, data=None, *, anni=None, **kwargs):
        super().__init__(data, **kwargs)
        if anni is not None and not self.is_bound:
            self.fields["indicatore"].widget.choices = [
                (v, voce[1]) for v, voce in self.fields["indicatore"].voci.items()
            ]
            self.fields["anno"].widget.choices = [(a, a) for a in anni]
