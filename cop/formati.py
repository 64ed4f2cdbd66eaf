"""Figures as people read them in Italian, for the pages and the labels built in Python (the template
filter `cifra` of cop_tags is this function)."""

from decimal import Decimal

from django.utils import formats


def cifra(valore, decimali=2):
    """A figure as people read it in Italian: at most `decimali` decimals, without trailing zeros, the
    thousands grouped ("1.350,5", "1.200", "0,25"); empty for None."""
    if valore is None:
        return ""
    arrotondato = Decimal(str(valore)).quantize(Decimal(1).scaleb(-int(decimali)))
    testo = format(arrotondato, "f")
    posti = len(testo.split(".")[1].rstrip("0")) if "." in testo else 0
    return formats.number_format(arrotondato, decimal_pos=posti, use_l10n=True, force_grouping=True)
