"""What a practice accepts as an attachment: PDF, ODT, DOCX, XLSX, ODS up to 20 MB, checked by the
name's extension AND by the content (a renamed executable or web page is refused).

- PDF starts with `%PDF-`;
- ODT and ODS are ZIP containers whose `mimetype` entry names the OpenDocument type;
- DOCX and XLSX are ZIP containers whose `[Content_Types].xml` declares the main part of a Word
  document or an Excel workbook.
"""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DIMENSIONE_MASSIMA = 20 * 1024 * 1024

ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
OOXML = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ESTENSIONI = ("pdf", "odt", "docx", "xlsx", "ods")
# A [Content_Types].xml or mimetype entry larger than this is not a real office document.
MASSIMO_VOCE_DESCRITTIVA = 256 * 1024


def estensione(nome):
    return PurePath(nome or "").suffix.lower().lstrip(".")


def _messaggio_contenuto(nome, est):
    return _(
        "Il file «%(nome)s» non è un vero documento %(tipo)s: il contenuto non corrisponde all'estensione. "
        "Salvalo di nuovo dal programma con cui l'hai scritto e riprova."
    ) % {"nome": nome, "tipo": est.upper()}


def _voce_zip(archivio, nome_voce):
    try:
        info = archivio.getinfo(nome_voce)
    except KeyError:
        return None
    if info.file_size > MASSIMO_VOCE_DESCRITTIVA:
        return None
    return archivio.read(info)


def _contenuto_corrisponde(file, est):
    file.seek(0)
    inizio = file.read(8)
    file.seek(0)
    if est == "pdf":
        return inizio.startswith(b"%PDF-")
    if not inizio.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(file) as archivio:
            if est in ODF:
                voce = _voce_zip(archivio, "mimetype")
                return voce is not None and voce.strip() == ODF[est].encode()
            voce = _voce_zip(archivio, "[Content_Types].xml")
            return voce is not None and OOXML[est].encode() in voce
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
        return False
    finally:
        file.seek(0)


def verifica_allegato(file):
    """Raise ValidationError (in Italian, naming the file) unless `file` is an accepted document."""
    nome = PurePath(file.name or "").name
    est = estensione(nome)
    if est not in ESTENSIONI:
        raise ValidationError(
            _("Il file «%(nome)s» non è accettato: carica un documento PDF, ODT, DOCX, XLSX o ODS.") % {"nome": nome},
            code="estensione",
        )
    if file.size > DIMENSIONE_MASSIMA:
        raise ValidationError(
            _("Il file «%(nome)s» pesa %(peso)s: il massimo è 20 MB.")
            % {"nome": nome, "peso": filesizeformat(file.size)},
            code="dimensione",
        )
    if not _contenuto_corrisponde(file, est):
        raise ValidationError(_messaggio_contenuto(nome, est), code="contenuto")


class LimiteDimensioneUploadHandler(FileUploadHandler):
    """Stop receiving a file as soon as it passes the limit, instead of writing it all to a temporary
    file first. The skipped files are listed on `request.allegati_troppo_grandi` for the form's error."""

    def __init__(self, request=None, limite=DIMENSIONE_MASSIMA):
        super().__init__(request)
        self.limite = limite
        if request is not None and not hasattr(request, "allegati_troppo_grandi"):
            request.allegati_troppo_grandi = {}

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limite:
            if self.request is not None:
                self.request.allegati_troppo_grandi[self.field_name] = self.file_name
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
