"""A small WebVTT reader: the cues of a captions or transcript file, as text to show on the page.

Only what a transcript needs: timings and text. Voice tags (<v Nome>) become the speaker's name,
other tags are dropped; NOTE, STYLE and REGION blocks are skipped."""

import re

from django.utils.translation import gettext as _

TIMING = re.compile(
    r"^(?P<inizio>(?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+(?P<fine>(?:\d+:)?\d{2}:\d{2}\.\d{3})(?:\s+.*)?$"
)
VOCE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
TAG = re.compile(r"</?[^>]+>")
ENTITA = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&lrm;": "", "&rlm;": ""}


class WebVTTError(ValueError):
    pass


def _secondi(timestamp):
    parti = timestamp.split(":")
    if len(parti) == 2:
        parti.insert(0, "0")
    ore, minuti, secondi = parti
    return int(ore) * 3600 + int(minuti) * 60 + float(secondi)


def _testo(righe):
    testo = " ".join(righe)
    relatore = None
    voce = VOCE.search(testo)
    if voce:
        relatore = voce.group(1).strip()
    testo = TAG.sub("", testo)
    for entita, carattere in ENTITA.items():
        testo = testo.replace(entita, carattere)
    return relatore, " ".join(testo.split())


def leggi_webvtt(contenuto):
    """[{"inizio": seconds, "fine": seconds, "relatore": name or None, "testo": text}, ...]"""
    if isinstance(contenuto, bytes):
        try:
            contenuto = contenuto.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WebVTTError(_("il file non è in UTF-8.")) from None
    righe = contenuto.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not righe or not righe[0].startswith("WEBVTT"):
        raise WebVTTError(_("la prima riga deve essere «WEBVTT»."))
    blocchi, corrente = [], []
    for riga in righe[1:]:
        if riga.strip():
            corrente.append(riga)
        elif corrente:
            blocchi.append(corrente)
            corrente = []
    if corrente:
        blocchi.append(corrente)

    cues = []
    for blocco in blocchi:
        if blocco[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        indice = 0 if "-->" in blocco[0] else 1
        if indice >= len(blocco):
            continue
        timing = TIMING.match(blocco[indice].strip())
        if timing is None:
            raise WebVTTError(_("tempi non validi: «%(riga)s».") % {"riga": blocco[indice][:60]})
        relatore, testo = _testo(blocco[indice + 1 :])
        if testo:
            cues.append(
                {
                    "inizio": _secondi(timing["inizio"]),
                    "fine": _secondi(timing["fine"]),
                    "relatore": relatore,
                    "testo": testo,
                }
            )
    if not cues:
        raise WebVTTError(_("il file non contiene nessuna battuta."))
    return cues
