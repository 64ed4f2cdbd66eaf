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
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cop.calendario import risposta_ics
from cop.indirizzo import url_assoluto
from cop.models import Tema, Zona

from . import giorni, permissions, services
from .attestati import pdf_attestato
from .calendario import ics_evento as genera_ics_evento
from .calendario import ics_feed, token_calendario_personale, utente_del_calendario
from .forms import CodicePresenzaForm, FiltriCalendarioForm, FiltriEventiForm, anni_degli_eventi
from .models import Attestato, EventiIndexPage, EventoPage, Iscrizione, Relatore

# The agenda of upcoming events, a page at a time.
EVENTI_PER_PAGINA_AGENDA = 20

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
        query_viste=_query({nome: valore for nome, valore in validi.items() if nome != "anno"}),
        vista="elenco",
        **_viste(index, miei=False),
        **_link_del_calendario(index, validi),
    )
    return TemplateResponse(request, index.get_template(request), context)


# --- the calendar views: month and agenda, of every event or of "I miei eventi" ---------------------


def _viste(index, *, miei):
    """The addresses of the three views (list, month, agenda), for the tabs."""
    prefisso = "miei_" if miei else ""
    return {
        "url_elenco": index.url + index.reverse_subpage("miei_eventi" if miei else "elenco"),
        "url_mese": index.url + index.reverse_subpage(prefisso + "mese"),
        "url_agenda": index.url + index.reverse_subpage(prefisso + "agenda"),
    }


def _query(valori, **altri):
    parametri = QueryDict(mutable=True)
    parametri.update({**valori, **altri})
    return parametri.urlencode()


def _indirizzi_del_feed(url):
    """The feed's https address and its webcal:// twin (a calendar program subscribes on a click)."""
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[-1]}


def _link_del_calendario(index, validi):
    """The feed of the events the view shows (same kind, theme and zone, upcoming)."""
    url = url_assoluto(index.url + index.reverse_subpage("calendario"))
    query = _query({nome: validi[nome] for nome in ("tipo", "tema", "zona") if nome in validi})
    return {"feed": _indirizzi_del_feed(f"{url}?{query}" if query else url)}


def _vista_calendario(request, index, *, miei):
    """What the month and the agenda share: the filters (the listing's names, plus the month), the
    events to show (published ones, or the member's own), the links to the other views and to the feed."""
    form = FiltriCalendarioForm(request.GET)
    filtri = form.filtri()
    validi = {nome: form.scelti[nome][0] for nome in filtri}
    if miei:
        eventi = index.eventi_di(request.user).filtra(**filtri)
        feed = {"feed": _indirizzi_del_feed(_url_feed_personale(index, request.user)), "feed_personale": True}
    else:
        eventi = index.eventi().filtra(**filtri)
        feed = _link_del_calendario(index, validi)
    context = index.get_context(request)
    context.update(
        form=form,
        filtri_ignorati=form.nomi_ignorati(),
        miei=miei,
        oggi=timezone.localdate(),
        query_filtri=_query(validi),
        query_viste=_query(validi),
        **_viste(index, miei=miei),
        giorni_settimana=[(WEEKDAYS[n], WEEKDAYS_ABBR[n]) for n in range(7)],
        **feed,
    )
    if not miei:
        context["form_visibile"] = FiltriCalendarioForm(
            initial={**validi, "mese": form.scelti.get("mese", [""])[0]},
            anni=[],
            auto_id="filtro_%s",
        )
    return form, eventi, validi, context


def _mesi_vicini(context, primo, validi):
    """The month shown and the links to the months before and after, with the same filters; the tabs
    keep the month too."""
    precedente, successivo = giorni.mese_precedente(primo), giorni.mese_successivo(primo)
    context.update(
        primo=primo,
        nome_mese=date_format(primo, "F Y"),
        nome_mese_precedente=date_format(precedente, "F Y"),
        nome_mese_successivo=date_format(successivo, "F Y"),
        mese_precedente=_query(validi, mese=precedente.strftime("%Y-%m")),
        mese_successivo=_query(validi, mese=successivo.strftime("%Y-%m")),
        query_viste=_query(validi, mese=primo.strftime("%Y-%m")),
    )


def _eventi_del_mese(eventi, primo):
    fine = giorni.mese_successivo(primo)
    return list(eventi.nel_periodo(giorni.mezzanotte(primo), giorni.mezzanotte(fine)).per_calendario())


def calendario_mese(request, index, *, miei=False):
    """The month grid (a table; under the md breakpoint the same days as a list, see the template)."""
    if miei and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form, eventi, validi, context = _vista_calendario(request, index, miei=miei)
    primo = form.valori.get("mese") or context["oggi"].replace(day=1)
    _mesi_vicini(context, primo, validi)
    settimane = giorni.settimane_del_mese(primo, _eventi_del_mese(eventi, primo), context["oggi"])
    context.update(
        vista="mese",
        url_vista=context["url_mese"],
        settimane=settimane,
        giorni=[giorno for settimana in settimane for giorno in settimana if giorno.voci],
    )
    return _risposta(request, "eventi/calendario_mese.html", context, miei)


def calendario_agenda(request, index, *, miei=False):
    """The agenda: days with their events; the upcoming ones a page at a time, or one month (`mese`)."""
    if miei and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form, eventi, validi, context = _vista_calendario(request, index, miei=miei)
    oggi = context["oggi"]
    primo = form.valori.get("mese")
    if primo is not None:
        _mesi_vicini(context, primo, validi)
        giorni_agenda = giorni.giorni_con_eventi(
            _eventi_del_mese(eventi, primo), primo, giorni.ultimo_del_mese(primo), oggi
        )
        pagina = None
    else:
        adesso = timezone.now()
        pagina = Paginator(eventi.prossimi(adesso).per_calendario(), EVENTI_PER_PAGINA_AGENDA).get_page(
            form.valori.get("page")
        )
        # A running event is on the agenda from today; a day split across two pages is on both.
        giorni_agenda = giorni.giorni_con_eventi(pagina.object_list, oggi, None, oggi)
        context["mese_corrente"] = _query(validi, mese=oggi.strftime("%Y-%m"))
    context.update(
        vista="agenda", url_vista=context["url_agenda"], giorni=giorni_agenda, pagina=pagina, mese_scelto=primo
    )
    return _risposta(request, "eventi/calendario_agenda.html", context, miei)


def _risposta(request, template, context, miei):
    response = TemplateResponse(request, template, context)
    if miei:
        response["Cache-Control"] = "private"
    return response


def _url_feed_personale(index, user):
    return url_assoluto(index.url + index.reverse_subpage("miei_calendario", args=[token_calendario_personale(user)]))


def feed_personale(request, index, token):
    """The member's own events as a feed, at a secret address; a token that is not valid is a 404 (it
    does not say whether the person exists)."""
    user = utente_del_calendario(token)
    if user is None:
        raise Http404(_("Calendario non trovato."))
    eventi = index.eventi_di(user).order_by("inizio", "pk").per_calendario()
    nome = _("I miei eventi della Comunità di pratica")
    response = risposta_ics(ics_feed(eventi, nome=nome, request=request), nome_file="miei-eventi.ics", allegato=False)
    response["Cache-Control"] = "private"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- feeds --------------------------------------------------------------------------------------


def _nome_feed(filtri):
    """ "Eventi: Pisana · Minori · Formazione", the calendar's name in the subscriber's program."""
    parti = [filtri[nome].nome for nome in ("zona", "tema") if nome in filtri]
    if "tipo" in filtri:
        parti.append(str(EventoPage.Tipo(filtri["tipo"]).label))
    if not parti:
        return _("Eventi della Comunità di pratica sull'inclusione sociale")
    return _("Eventi: %(filtri)s") % {"filtri": " · ".join(parti)}


def feed_calendario(request, index, *, zona=None, tema=None):
    """The feed of upcoming events: every one, or those of the filters of the listing and the calendar
    views (`?tipo=...&tema=...&zona=...`, the same form); the older addresses by zone and by theme
    (`calendario/zona/<slug>/`) still answer. A filter that is not valid is a 404 with the reason: a
    calendar program shows no notice, and every event instead of the chosen ones would mislead."""
    if zona is not None:
        filtri = {"zona": Zona.objects.filter(slug=zona).first()}
        if filtri["zona"] is None:
            raise Http404(_("Zona sconosciuta."))
    elif tema is not None:
        filtri = {"tema": Tema.objects.filter(slug=tema).first()}
        if filtri["tema"] is None:
            raise Http404(_("Tema sconosciuto."))
    else:
        form = FiltriCalendarioForm(request.GET)
        filtri = form.filtri()
        if form.nomi_ignorati():
            raise Http404(" ".join(i.messaggio for i in form.ignorati if i.valore is not None))
    eventi = index.eventi().prossimi().defer_streamfields().filtra(**filtri)
    return risposta_ics(
        ics_feed(eventi, nome=_nome_feed(filtri), request=request), nome_file="eventi.ics", allegato=False
    )


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
        vista="elenco",
        miei=True,
        feed=_indirizzi_del_feed(_url_feed_personale(index, request.user)),
        **_viste(index, miei=True),
    )
    return _risposta(request, "eventi/miei_eventi.html", context, miei=True)


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
