"""The import of indicators in the Wagtail admin (registered in wagtail_hooks.py): upload a file, see
what it would change or why it cannot be imported (row by row), then confirm. Needs
`territori.importa_indicatori` (Redattori regionali)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import importazione
from .models import Importazione

PERMESSO = "territori.importa_indicatori"
RIGHE_MOSTRATE = 200


class FileIndicatoriForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File CSV o XLSX"),
        help_text=gettext_lazy("Al massimo 5 MB. La prima riga ha i nomi delle colonne."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > importazione.DIMENSIONE_MASSIMA:
            raise forms.ValidationError(_("Il file supera i 5 MB: dividerlo in più file."))
        if not file.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Sono ammessi file CSV (.csv) o Excel (.xlsx)."))
        return file


def _solo_chi_importa(request):
    if not request.user.has_perm(PERMESSO):
        raise PermissionDenied


def importa(request):
    """The form; a valid upload is kept as an Importazione and its preview shown."""
    _solo_chi_importa(request)
    form = FileIndicatoriForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        caricata = Importazione.objects.create(
            nome_file=file.name[:255], contenuto=file.read(), caricata_da=request.user
        )
        return redirect("territori_importazione", pk=caricata.pk)
    return TemplateResponse(
        request,
        "territori/admin/importa.html",
        {
            "form": form,
            "title": _("Importa indicatori"),
            "colonne": importazione.COLONNE,
            "recenti": Importazione.objects.select_related("caricata_da")[:10],
        },
    )


def _esito(caricata):
    """(Esito or None, the message of a file that cannot be read)."""
    try:
        return importazione.leggi(caricata.nome_file, bytes(caricata.contenuto)), ""
    except importazione.FileNonLeggibile as errore:
        return None, str(errore)


def anteprima(request, pk):
    """What the file would change (nothing is written), or its errors by row."""
    _solo_chi_importa(request)
    caricata = get_object_or_404(Importazione, pk=pk)
    esito, errore_file = (None, "") if caricata.stato == Importazione.Stato.IMPORTATA else _esito(caricata)
    return TemplateResponse(
        request,
        "territori/admin/anteprima.html",
        {
            "title": _("Importazione di «%(file)s»") % {"file": caricata.nome_file},
            "caricata": caricata,
            "esito": esito,
            "errore_file": errore_file,
            "errori": esito.errori[:RIGHE_MOSTRATE] if esito else [],
            "nuovi": esito.nuovi[:RIGHE_MOSTRATE] if esito else [],
            "cambiati": esito.cambiati[:RIGHE_MOSTRATE] if esito else [],
            "mostrate": RIGHE_MOSTRATE,
        },
    )


@require_POST
def conferma(request, pk):
    """Read the file again (the database may have changed since the preview) and write it, all or nothing."""
    _solo_chi_importa(request)
    with transaction.atomic():
        caricata = get_object_or_404(Importazione.objects.select_for_update(), pk=pk)
        if caricata.stato == Importazione.Stato.IMPORTATA:
            messages.warning(request, _("Questo file è già stato importato."))
            return redirect("territori_importazione", pk=pk)
        esito, errore_file = _esito(caricata)
        if esito is None or not esito.valido:
            messages.error(request, errore_file or _("Il file ha errori: non è stato importato nulla."))
            return redirect("territori_importazione", pk=pk)
        importazione.applica(esito)
        caricata.stato = Importazione.Stato.IMPORTATA
        caricata.importata_il = timezone.now()
        caricata.riepilogo = esito.riepilogo()
        caricata.save(update_fields=["stato", "importata_il", "riepilogo"])
    messages.success(
        request,
        _("Importazione completata. Valori nuovi: %(nuovi)s; aggiornati: %(cambiati)s; invariati: %(invariati)s.")
        % {"nuovi": len(esito.nuovi), "cambiati": len(esito.cambiati), "invariati": esito.invariati},
    )
    return redirect("territori_importazione", pk=pk)


ESEMPIO = (
    "indicatore;nome;unita;fonte;aggregazione;piu_alto_e_meglio;zona;comune;anno;valore\n"
    "indicatore-di-esempio;Indicatore di esempio (valori inventati);nuclei;Nome della fonte;somma;no;pisana;;2024;100\n"
    "indicatore-di-esempio;;;;;;;Pisa;2025;40,5\n"
)


def esempio(request):
    """A small file with every column, to start from."""
    _solo_chi_importa(request)
    risposta = HttpResponse(ESEMPIO, content_type="text/csv; charset=utf-8")
    risposta["Content-Disposition"] = 'attachment; filename="indicatori-esempio.csv"'
    return risposta
