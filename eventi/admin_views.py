"""The editors' register of an event: attendees and waiting list, presence, CSV download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cop import esportazione_csv

from . import permissions, services
from .models import EventoPage, Iscrizione


def _evento(request, pk):
    evento = get_object_or_404(EventoPage, pk=pk)
    if not permissions.can_manage_registrations(request.user, evento):
        raise PermissionDenied
    return evento


def iscritti(request, pk):
    evento = _evento(request, pk)
    if request.method == "POST":
        iscrizione = get_object_or_404(Iscrizione, pk=request.POST.get("iscrizione"), evento=evento)
        try:
            services.segna_presenza(
                iscrizione=iscrizione, editor=request.user, presente=request.POST.get("presente") == "1"
            )
        except services.OperazioneNonPossibile as errore:
            messages.error(request, errore.messaggio)
        else:
            messages.success(
                request, _("Presenza aggiornata per %(nome)s.") % {"nome": iscrizione.user.nome_visualizzato}
            )
        return redirect("eventi_iscritti", pk=evento.pk)
    righe = list(Iscrizione.objects.filter(evento=evento).attive().per_registro())
    return TemplateResponse(
        request,
        "eventi/admin/iscritti.html",
        {
            "evento": evento,
            "confermati": [r for r in righe if r.stato == Iscrizione.Stato.CONFERMATA],
            "in_attesa": sorted(
                (r for r in righe if r.stato == Iscrizione.Stato.IN_ATTESA), key=lambda r: (r.in_lista_dal, r.pk)
            ),
            "header_title": _("Iscritti: %(titolo)s") % {"titolo": evento.title},
        },
    )


def iscritti_csv(request, pk):
    evento = _evento(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="iscritti-{evento.slug}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the accents right
    scrittore = esportazione_csv.scrittore(response)
    scrittore.writerow(
        [
            _("Stato"),
            _("Posto"),
            _("Cognome"),
            _("Nome"),
            _("Email"),
            _("Ente"),
            _("Zona"),
            _("Iscritto il"),
            _("Presente"),
        ]
    )
    for iscrizione in Iscrizione.objects.filter(evento=evento).attive().per_registro():
        user = iscrizione.user
        profilo = getattr(user, "profilo", None)
        scrittore.writerow(
            [
                iscrizione.get_stato_display(),
                iscrizione.posto or "",
                user.last_name,
                user.first_name,
                user.email,
                profilo.ente if profilo else "",
                profilo.zona.nome if profilo and profilo.zona else "",
                timezone.localtime(iscrizione.in_lista_dal).strftime("%d/%m/%Y %H:%M"),
                _("sì") if iscrizione.presente else _("no"),
            ]
        )
    return response
