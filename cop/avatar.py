"""The photo of a profile: JPEG, PNG or WebP up to 5 MB, checked by its content (Pillow must read it as
one of those formats, whatever the name says), then cut to a centred square of `LATO` pixels and saved as
WebP. What is stored is the new image only: no metadata of the original (EXIF, GPS position, camera)."""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ESTENSIONI = ("jpg", "jpeg", "png", "webp")
FORMATI = {"JPEG", "PNG", "WEBP"}
DIMENSIONE_MASSIMA = 5 * 1024 * 1024
PIXEL_MASSIMI = 40_000_000  # a 5 MB file that unpacks to more is a decompression bomb
LATO = 256

# The colours of the initials' circle: classes avatar-colore-0 … 7 of static/css/cop.css (no inline style
# under the site's Content-Security-Policy), dark tones under white text at AA contrast.
NUMERO_COLORI = 8


def _nome(file):
    return PurePath(getattr(file, "name", "") or "").name


def prepara_avatar(file):
    """The uploaded `file` as the stored photo (a ContentFile with a .webp name), or ValidationError in
    Italian naming the file."""
    nome = _nome(file)
    if PurePath(nome).suffix.lower().lstrip(".") not in ESTENSIONI:
        raise ValidationError(
            _("Il file «%(nome)s» non è accettato: carica una foto JPG, PNG o WebP.") % {"nome": nome},
            code="estensione",
        )
    if file.size > DIMENSIONE_MASSIMA:
        raise ValidationError(
            _("Il file «%(nome)s» pesa %(peso)s: il massimo è 5 MB.")
            % {"nome": nome, "peso": filesizeformat(file.size)},
            code="dimensione",
        )
    non_valida = ValidationError(
        _("Il file «%(nome)s» non è una foto JPG, PNG o WebP leggibile: salvala di nuovo e riprova.") % {"nome": nome},
        code="contenuto",
    )
    try:
        file.seek(0)
        with Image.open(file) as immagine:
            if immagine.format not in FORMATI:
                raise non_valida
            if immagine.width * immagine.height > PIXEL_MASSIMI:
                raise ValidationError(
                    _("La foto «%(nome)s» è troppo grande (%(l)s × %(a)s pixel): riducila e riprova.")
                    % {"nome": nome, "l": immagine.width, "a": immagine.height},
                    code="pixel",
                )
            immagine.load()
            quadrata = ImageOps.fit(ImageOps.exif_transpose(immagine).convert("RGB"), (LATO, LATO))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as errore:
        raise non_valida from errore
    finally:
        file.seek(0)
    uscita = io.BytesIO()
    quadrata.save(uscita, format="WEBP", quality=85)
    return ContentFile(uscita.getvalue(), name="avatar.webp")


def iniziali(nome):
    """Up to two initials of a name, for the circle shown when there is no photo."""
    parole = [p for p in (nome or "").replace(".", " ").replace("_", " ").split() if p[:1].isalnum()]
    if not parole:
        return "?"
    lettere = parole[0][0] + (parole[-1][0] if len(parole) > 1 else "")
    return lettere.upper()


def colore(chiave):
    """The number of the colour (0 … NUMERO_COLORI - 1) that stays the same for the same member."""
    return (chiave or 0) % NUMERO_COLORI
