"""Every CSV the site writes goes through here: a cell that a spreadsheet would run as a formula is
written as text (CSV injection, OWASP), by putting an apostrophe before it.

A title such as `=HYPERLINK("http://…","Clicca")` typed by a member would otherwise become a live link or
a command in the spreadsheet of whoever opens the download. `valore_letto` undoes the apostrophe when a
CSV written here is imported again, so an export and its re-import give back the same text.
"""

import csv

# What spreadsheet programs read as the start of a formula (or of a cell that ends up as one).
INIZI_DI_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")


def cella(valore):
    """The text of one cell, neutralised if it would start a formula."""
    testo = "" if valore is None else str(valore)
    return "'" + testo if testo[:1] in INIZI_DI_FORMULA and testo else testo


def valore_letto(testo):
    """The inverse of `cella`, for importing a CSV written by `cella`."""
    if testo[:1] == "'" and testo[1:2] and testo[1:2] in INIZI_DI_FORMULA:
        return testo[1:]
    return testo


class _Scrittore:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, riga):
        return self._writer.writerow([cella(valore) for valore in riga])

    def writerows(self, righe):
        for riga in righe:
            self.writerow(riga)


class _ScrittoreDict:
    def __init__(self, writer):
        self._writer = writer

    def writeheader(self):
        return self._writer.writeheader()

    def writerow(self, riga):
        return self._writer.writerow({campo: cella(valore) for campo, valore in riga.items()})

    def writerows(self, righe):
        for riga in righe:
            self.writerow(riga)


def scrittore(file, **opzioni):
    """`csv.writer` whose every cell goes through `cella`."""
    return _Scrittore(csv.writer(file, **opzioni))


def scrittore_dict(file, fieldnames, **opzioni):
    """`csv.DictWriter` whose every cell goes through `cella`."""
    return _ScrittoreDict(csv.DictWriter(file, fieldnames=fieldnames, **opzioni))
