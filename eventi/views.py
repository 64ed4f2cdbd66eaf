"""The event pages' routes: listing, event page, "Partecipa", attendance code, .ics, certificates.
Thin: reading through the models' querysets, writing through `eventi.services`."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cop.calendario import risposta_ics
from cop.models import Tema, Zona

from . import permissions, services
from .attestati import pdf_attestato
from .calendario import ics_evento as genera_ics_evento
from .calendario import ics_feed
from .forms import CodicePresenzaForm, FiltriEventiForm, anni_degli_eventi
from .models import Attestato, EventiIndexPage, Iscrizione, Relatore

# --- listing ----------------------------------------------------------------------------------


def elenco_eventi(request, index):
    anni = anni_degli_eventi()
    form = FiltriEventiForm(request.GET)
    filtri = form.filtri()
    validi = {nome: form.scelti[nome][0] for nome in filtri}
    adesso = timezone.now()
    eventi = index.eventi().filtra(**filtri).in_ordine_elenco(adesso).per_elenco()
    pagina = Paginator(eventi, index.per_pagina).get_page(form.valori.get("page"))
    prossimi = [evento for evento in pagina if evento.fine >= adesso]
    archivio = [evento for evento in pagina if evento.fine < adesso]
    parametri = QueryDict(mutable=True)
    parametri.update(validi)
    context = index.get_context(request)
    context.update(
        form=form,
        form_visibile=FiltriEventiForm(initial=validi, anni=anni, auto_id="filtro_%s"),
        filtri_ignorati=form.nomi_ignorati(),
        pagina=pagina,
        prossimi=prossimi,
        archivio=archivio,
        adesso=adesso,
        query_filtri=parametri.urlencode(),
        tema_scelto=filtri.get("tema"),
        zona_scelta=filtri.get("zona"),
    )
    return TemplateResponse(request, index.get_template(request), context)


def feed_calendario(request, index, *, zona=None, tema=None):
    eventi = index.eventi().prossimi().defer_streamfields()
    nome = _("Eventi della Comunità di pratica sull'inclusione sociale")
    if zona is not None:
        zona = Zona.objects.filter(slug=zona).first()
        if zona is None:
            raise Http404(_("Zona sconosciuta."))
        eventi = eventi.filtra(zona=zona)
        nome = _("Eventi: %(zona)s") % {"zona": zona.nome}
    if tema is not None:
        tema = Tema.objects.filter(slug=tema).first()
        if tema is None:
            raise Http404(_("Tema sconosciuto."))
        eventi = eventi.filtra(tema=tema)
        nome = _("Eventi: %(tema)s") % {"tema": tema.nome}
    return risposta_ics(ics_feed(eventi, nome=nome, request=request), nome_file="eventi.ics", allegato=False)


def miei_eventi(request, index):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    adesso = timezone.now()
    iscrizioni = list(
        Iscrizione.objects.per_utente(request.user)
        .exclude(stato=Iscrizione.Stato.ANNULLATA)
        .filter(evento__live=True)
        .select_related("attestato")
    )
    context = index.get_context(request)
    context.update(
        in_corso=[i for i in iscrizioni if i.evento.e_in_corso(adesso)],
        prossime=sorted((i for i in iscrizioni if i.evento.inizio > adesso), key=lambda i: i.evento.inizio),
        passate=sorted((i for i in iscrizioni if i.evento.fine < adesso), key=lambda i: i.evento.inizio, reverse=True),
    )
    return TemplateResponse(request, "eventi/miei_eventi.html", context)


def verifica_attestato(request, index, codice):
    attestato = Attestato.objects.filter(codice_verifica=codice).first()
    context = index.get_context(request)
    context.update(attestato=attestato, codice=codice)
    return TemplateResponse(request, "eventi/verifica_attestato.html", context, status=200 if attestato else 404)


# --- the event page ---------------------------------------------------------------------------


def _relatori(evento):
    ids = {relatore.pk for blocco in evento.programma for relatore in blocco.value["relatori"] if relatore}
    if not ids:
        return []
    return list(Relatore.objects.filter(pk__in=ids).select_related("foto"))


def _inizio_richiesto(request):
    try:
        return max(int(request.GET.get("inizio", "")), 0)
    except ValueError:
        return None


def pagina_evento(request, evento, *, codice_form=None, status=200):
    adesso = timezone.now()
    user = request.user
    iscrizione = Iscrizione.objects.filter(evento=evento, user=user).first() if user.is_authenticated else None
    concluso = evento.e_concluso(adesso)
    registrazione = evento.lettore_registrazione(_inizio_richiesto(request)) if concluso else None
    # Links to a minute of the recording only when it is one video that can start there (not a
    # channel or a playlist, where "?inizio=" would do nothing).
    salta_al_minuto = bool(registrazione and registrazione.video_singolo)
    context = evento.get_context(request)
    context.update(
        adesso=adesso,
        concluso=concluso,
        in_corso=evento.e_in_corso(adesso),
        diretta_visibile=evento.diretta_visibile(adesso),
        iscrizione=iscrizione if iscrizione and iscrizione.attiva else None,
        chiuse_perche=evento.iscrizioni_chiuse_perche(adesso),
        conteggi=evento.conteggi,
        lettori_diretta=evento.lettori_diretta() if evento.diretta_visibile(adesso) else [],
        registrazione=registrazione,
        salta_al_minuto=salta_al_minuto,
        capitoli=evento.capitoli() if salta_al_minuto else [],
        trascrizione=evento.righe_trascrizione(),
        materiali=evento.materiali.select_related("documento"),
        pratiche=[p.pagina for p in evento.pratiche_correlate.select_related("pagina").filter(pagina__live=True)],
        relatori=_relatori(evento),
        codice_form=codice_form or CodicePresenzaForm(),
        puo_gestire=permissions.can_manage_registrations(user, evento),
        indice=evento.get_parent().specific,
    )
    response = TemplateResponse(request, evento.get_template(request), context, status=status)
    if user.is_authenticated:
        response["Cache-Control"] = "private"
    return response


def _torna_alla_pagina(evento, ancora="partecipa"):
    return redirect(f"{evento.url}#{ancora}")


@require_POST
def partecipa(request, evento):
    if not request.user.is_authenticated:
        return redirect_to_login(evento.url)
    try:
        iscrizione, creata = services.partecipa(evento=evento, user=request.user)
    except services.OperazioneNonPossibile as errore:
        messages.error(request, errore.messaggio)
    except PermissionDenied:
        messages.error(request, _("Il tuo account non può iscriversi agli eventi."))
    else:
        if not creata:
            messages.info(request, _("La tua iscrizione a questo evento c'è già."))
        elif iscrizione.stato == Iscrizione.Stato.CONFERMATA:
            messages.success(
                request,
                _("Iscrizione confermata. Ti abbiamo inviato un'email con l'evento da aggiungere al calendario."),
            )
        else:
            messages.warning(
                request, _("I posti sono esauriti: sei in lista d'attesa. Se si libera un posto ti scriviamo.")
            )
    return _torna_alla_pagina(evento)


@require_POST
def annulla(request, evento):
    if not request.user.is_authenticated:
        return redirect_to_login(evento.url)
    try:
        services.annulla(evento=evento, user=request.user)
    except services.OperazioneNonPossibile as errore:
        messages.error(request, errore.messaggio)
    else:
        messages.success(request, _("Hai annullato l'iscrizione."))
    return _torna_alla_pagina(evento)


@require_POST
def presenza(request, evento):
    if not request.user.is_authenticated:
        return redirect_to_login(evento.url)
    form = CodicePresenzaForm(request.POST)
    if not form.is_valid():
        return pagina_evento(request, evento, codice_form=form, status=400)
    try:
        services.registra_presenza_con_codice(evento=evento, user=request.user, codice=form.cleaned_data["codice"])
    except services.OperazioneNonPossibile as errore:
        form.add_error("codice", errore.messaggio)
        return pagina_evento(request, evento, codice_form=form, status=400)
    messages.success(request, _("Presenza registrata: a fine evento potrai scaricare l'attestato."))
    return _torna_alla_pagina(evento, "presenza")


def ics_evento(request, evento):
    return risposta_ics(genera_ics_evento(evento, request=request), nome_file=f"{evento.slug}.ics", allegato=True)


def attestato_pdf(request, evento):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        attestato = services.emetti_attestato(evento=evento, user=request.user)
    except services.OperazioneNonPossibile as errore:
        messages.error(request, errore.messaggio)
        return _torna_alla_pagina(evento, "presenza")
    indice = evento.get_parent().specific
    if not isinstance(indice, EventiIndexPage):
        raise Http404
    url_verifica = request.build_absolute_uri(
        indice.url + indice.reverse_subpage("verifica_attestato", args=[attestato.codice_verifica])
    )
    response = HttpResponse(pdf_attestato(attestato, url_verifica=url_verifica), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="attestato-{attestato.numero}.pdf"'
    return response
