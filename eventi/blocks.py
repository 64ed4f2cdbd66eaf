"""The programme of an event: one block per item (time, title, kind, speakers), with an optional
position in the recording that makes the item a chapter ("jump to the round table")."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

MINUTAGGIO = re.compile(r"^(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)$")


def secondi_da_minutaggio(valore):
    """ "1:02:03" -> 3723, "42:10" -> 2530; None for an empty value; ValueError for anything else."""
    if not valore:
        return None
    match = MINUTAGGIO.match(valore.strip())
    if match is None:
        raise ValueError(valore)
    ore, minuti, secondi = (int(parte or 0) for parte in match.groups())
    return ore * 3600 + minuti * 60 + secondi


def minutaggio(secondi):
    ore, resto = divmod(int(secondi), 3600)
    minuti, secondi = divmod(resto, 60)
    return f"{ore}:{minuti:02d}:{secondi:02d}" if ore else f"{minuti}:{secondi:02d}"


class MinutaggioBlock(blocks.CharBlock):
    def clean(self, value):
        value = super().clean(value)
        try:
            secondi_da_minutaggio(value)
        except ValueError:
            raise ValidationError(_("Scrivi la posizione nella registrazione come «42:10» o «1:02:03».")) from None
        return value


class VoceProgrammaValue(blocks.StructValue):
    @property
    def secondi_registrazione(self):
        return secondi_da_minutaggio(self.get("minuto_registrazione"))

    @property
    def tipo_etichetta(self):
        return dict(VoceProgrammaBlock.Tipo.CHOICES).get(self.get("tipo"), "")

    @property
    def ancora(self):
        return f"programma-{self.get('ora').strftime('%H%M')}" if self.get("ora") else ""


class VoceProgrammaBlock(blocks.StructBlock):
    class Tipo:
        CHOICES = [
            ("saluti", _("Saluti istituzionali")),
            ("intervento", _("Intervento")),
            ("presentazione", _("Presentazione")),
            ("tavola-rotonda", _("Tavola rotonda")),
            ("dibattito", _("Dibattito")),
            ("laboratorio", _("Laboratorio")),
            ("pausa", _("Pausa")),
            ("conclusioni", _("Conclusioni")),
        ]

    ora = blocks.TimeBlock(label=_("Ora"))
    titolo = blocks.CharBlock(label=_("Titolo"), max_length=200)
    tipo = blocks.ChoiceBlock(choices=Tipo.CHOICES, default="intervento", label=_("Tipo"))
    descrizione = blocks.TextBlock(label=_("Descrizione"), required=False)
    relatori = blocks.ListBlock(SnippetChooserBlock("eventi.Relatore"), label=_("Relatori"), default=[], collapsed=True)
    minuto_registrazione = MinutaggioBlock(
        label=_("Posizione nella registrazione"),
        required=False,
        max_length=8,
        help_text=_("Es. «42:10»: la voce diventa un capitolo della registrazione."),
    )

    class Meta:
        value_class = VoceProgrammaValue
        icon = "time"
        label = _("Voce del programma")


class ProgrammaBlock(blocks.StreamBlock):
    voce = VoceProgrammaBlock()
