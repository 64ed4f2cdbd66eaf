"""The pages of the working groups: the list, a group's page with its members, and the actions on the
membership (each a POST to a service). A reserved group is not found by whoever is outside it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from buonepratiche.allegati import LimiteDimensioneUploadHandler
from cop.calendario import risposta_ics

from . import attivita, permissions, services
from .calendario import ics_incontro
from .forms import BisognoForm, DocumentoForm, IncontroForm, InvitoForm, RichiestaForm
from .models import Appartenenza, Invito, VersioneDocumento
from .selectors import (
    MEMBRI_PER_PAGINA,
    gruppi_per_elenco,
    gruppo_con_relazioni,
    persone_del_gruppo,
    scheda_del_gruppo,
    ultime_discussioni_del_gruppo,
)


def gruppo_list(request):
    gruppi, miei = gruppi_per_elenco(request.user)
    return render(request, "gruppi/gruppo_list.html", {"gruppi": gruppi, "miei": miei})


def _gruppo_visibile(request, slug):
    gruppo = gruppo_con_relazioni(slug)
    if gruppo is None or not permissions.can_see(request.user, gruppo):
        raise Http404(_("Gruppo non trovato."))
    return gruppo


def gruppo_detail(request, slug, *, richiesta_form=None, invito_form=None, status=200):
    gruppo = _gruppo_visibile(request, slug)
    user = request.user
    gestisce = permissions.can_manage(user, gruppo)
    contesto = {
        "gruppo": gruppo,
        "scheda": scheda_del_gruppo(gruppo, user, gestisce=gestisce),
        "discussioni": ultime_discussioni_del_gruppo(gruppo, user),
        "attivita": attivita.del_gruppo(gruppo, user),
        "incontri": list(gruppo.incontri.in_sequenza()[:3]) if permissions.can_read(user, gruppo) else [],
        "mia": permissions.appartenenza(user, gruppo),
        "puo": {
            "leggere": permissions.can_read(user, gruppo),
            "vedere_membri": permissions.can_see_members(user, gruppo),
            "entrare": permissions.can_join(user, gruppo),
            "chiedere": permissions.can_request(user, gruppo),
            "uscire": permissions.can_leave(user, gruppo),
            "gestire": gestisce,
            "nominare": permissions.can_appoint(user, gruppo),
            "documenti": permissions.can_use_documents(user, gruppo),
            "scrivere": gruppo.categoria_id is not None and permissions.can_write(user, gruppo),
        },
        "richiesta_form": richiesta_form or RichiestaForm(),
        "invito_form": invito_form or InvitoForm(),
    }
    return render(request, "gruppi/gruppo_detail.html", contesto, status=status)


def _esegui(request, azione, messaggio_ok):
    """Run a service; a refusal or a stale action becomes a message, never an error page."""
    try:
        azione()
    except PermissionDenied as errore:
        messages.error(request, str(errore) or _("Non puoi farlo."))
        return False
    except ValidationError as errore:
        messages.error(request, " ".join(errore.messages))
        return False
    messages.success(request, messaggio_ok)
    return True


@login_required
@require_POST
def entra(request, slug):
    gruppo = _gruppo_visibile(request, slug)
    _esegui(request, lambda: services.entra(gruppo=gruppo, user=request.user), _("Ora fai parte del gruppo."))
    return redirect(gruppo)


@login_required
@require_POST
def richiedi(request, slug):
    gruppo = _gruppo_visibile(request, slug)
    form = RichiestaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Controlla il messaggio: la richiesta non è stata inviata."))
        return gruppo_detail(request, slug, richiesta_form=form, status=400)
    _esegui(
        request,
        lambda: services.richiedi(gruppo=gruppo, user=request.user, messaggio=form.cleaned_data["messaggio"]),
        _("Richiesta inviata: chi coordina il gruppo la riceve per email."),
    )
    return redirect(gruppo)


@login_required
@require_POST
def lascia(request, slug):
    gruppo = _gruppo_visibile(request, slug)
    _esegui(request, lambda: services.lascia(gruppo=gruppo, user=request.user), _("Non fai più parte del gruppo."))
    if permissions.can_see(request.user, gruppo):
        return redirect(gruppo)
    return redirect("gruppi:elenco")  # a reserved group is no longer visible to who left it


def _riga(gruppo, pk):
    return get_object_or_404(Appartenenza.objects.select_related("user", "gruppo"), gruppo=gruppo, pk=pk)


@login_required
@require_POST
def gestisci(request, slug, pk, azione):
    """accogli, respingi, rimuovi, coordinatore, membro: on one person's row, by who manages the group."""
    gruppo = _gruppo_visibile(request, slug)
    if not (permissions.can_manage(request.user, gruppo) or permissions.can_appoint(request.user, gruppo)):
        raise PermissionDenied
    riga = _riga(gruppo, pk)
    nome = riga.user.nome_visualizzato
    azioni = {
        "accogli": (lambda: services.accogli(appartenenza=riga, da=request.user), _("%(nome)s è nel gruppo.")),
        "respingi": (
            lambda: services.respingi(appartenenza=riga, da=request.user),
            _("Richiesta di %(nome)s respinta."),
        ),
        "rimuovi": (lambda: services.rimuovi(appartenenza=riga, da=request.user), _("%(nome)s non è più nel gruppo.")),
        "coordinatore": (
            lambda: services.cambia_ruolo(appartenenza=riga, da=request.user, ruolo=Appartenenza.Ruolo.COORDINATORE),
            _("%(nome)s ora coordina il gruppo."),
        ),
        "membro": (
            lambda: services.cambia_ruolo(appartenenza=riga, da=request.user, ruolo=Appartenenza.Ruolo.MEMBRO),
            _("%(nome)s non coordina più il gruppo."),
        ),
    }
    if azione not in azioni:
        raise Http404
    esegui, messaggio = azioni[azione]
    _esegui(request, esegui, messaggio % {"nome": nome})
    return redirect(f"{gruppo.get_absolute_url()}#membri")


@login_required
@require_POST
def invita(request, slug):
    gruppo = _gruppo_visibile(request, slug)
    if not permissions.can_manage(request.user, gruppo):
        raise PermissionDenied
    form = InvitoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Controlla l'indirizzo: l'invito non è stato inviato."))
        return gruppo_detail(request, slug, invito_form=form, status=400)
    email = form.cleaned_data["email"]
    if _esegui(
        request,
        lambda: services.invita(gruppo=gruppo, email=email, da=request.user),
        _("Invito inviato a %(email)s.") % {"email": email},
    ):
        return redirect(f"{gruppo.get_absolute_url()}#membri")
    return gruppo_detail(request, slug, invito_form=form, status=400)


@login_required
def invito(request, codice):
    """An invitation link: who is not signed in goes to the login (and from there may sign up) and back."""
    invito = get_object_or_404(Invito.objects.select_related("gruppo"), codice=codice)
    if request.method == "POST" and _esegui(
        request,
        lambda: services.accetta_invito(invito=invito, user=request.user),
        _("Benvenuto nel gruppo «%(gruppo)s».") % {"gruppo": invito.gruppo.nome},
    ):
        return redirect(invito.gruppo)
    return render(request, "gruppi/invito.html", {"invito": invito}, status=200 if request.method == "GET" else 400)


# --- Meetings: the sequence on one page, each with its agenda, minutes, decisions and needs -----------------


INCONTRI_PER_PAGINA = 50  # the sequence: the next meetings, then the past ones, in pages of 50


def _gruppo_leggibile(request, slug):
    """The group, if `request.user` may read its content: 404 for a group they may not know of, 403 for
    a group on request they are not in (it exists, its content is for its members)."""
    gruppo = _gruppo_visibile(request, slug)
    if not permissions.can_read(request.user, gruppo):
        raise PermissionDenied(_("Gli incontri di questo gruppo sono visibili solo a chi ne fa parte."))
    return gruppo


def incontri(request, slug):
    gruppo = _gruppo_leggibile(request, slug)
    pagina = Paginator(gruppo.incontri.in_sequenza(), INCONTRI_PER_PAGINA).get_page(request.GET.get("page"))
    return render(
        request,
        "gruppi/incontri.html",
        {
            "gruppo": gruppo,
            "pagina": pagina,
            "gestisce": permissions.can_manage(request.user, gruppo),
        },
    )


def _incontro(gruppo, pk):
    return get_object_or_404(gruppo.incontri.all(), pk=pk)


def incontro(request, slug, pk, *, bisogno_form=None, status=200):
    gruppo = _gruppo_leggibile(request, slug)
    incontro = _incontro(gruppo, pk)
    gestisce = permissions.can_manage(request.user, gruppo)
    contesto = {
        "gruppo": gruppo,
        "incontro": incontro,
        "bisogni": list(incontro.bisogni.select_related("tema", "destinatari", "organizzazione")),
        "gestisce": gestisce,
        "bisogno_form": (bisogno_form or BisognoForm()) if gestisce else None,
    }
    return render(request, "gruppi/incontro.html", contesto, status=status)


def incontro_ics(request, slug, pk):
    """The meeting for one's calendar: for who may read the group, like its page."""
    gruppo = _gruppo_leggibile(request, slug)
    incontro = _incontro(gruppo, pk)
    response = risposta_ics(ics_incontro(incontro), nome_file=f"incontro-{incontro.pk}.ics", allegato=True)
    if gruppo.accesso != gruppo.Accesso.APERTO:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
def modifica_incontro(request, slug, pk=None):
    gruppo = _gruppo_visibile(request, slug)
    if not permissions.can_manage(request.user, gruppo):
        raise PermissionDenied(_("Solo chi coordina il gruppo scrive i suoi incontri."))
    esistente = _incontro(gruppo, pk) if pk is not None else None
    form = IncontroForm(request.POST or None, instance=esistente)
    if request.method == "POST":
        if form.is_valid():
            salvato = services.salva_incontro(
                gruppo=gruppo, da=request.user, dati=form.cleaned_data, incontro=esistente
            )
            messages.success(request, _("Incontro salvato."))
            return redirect(salvato)
        messages.error(request, _("Controlla i campi evidenziati: l'incontro non è stato salvato."))
    return render(
        request,
        "gruppi/incontro_form.html",
        {"gruppo": gruppo, "incontro": esistente, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def nuovo_bisogno(request, slug, pk):
    gruppo = _gruppo_visibile(request, slug)
    if not permissions.can_manage(request.user, gruppo):
        raise PermissionDenied(_("Solo chi coordina il gruppo registra i bisogni emersi."))
    incontro_ = _incontro(gruppo, pk)
    form = BisognoForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Controlla i campi evidenziati: il bisogno non è stato registrato."))
        return incontro(request, slug, pk, bisogno_form=form, status=400)
    services.aggiungi_bisogno(incontro=incontro_, da=request.user, dati=form.cleaned_data)
    messages.success(request, _("Bisogno registrato."))
    return redirect(f"{incontro_.get_absolute_url()}#bisogni")


# --- Documents: for the group's members, with their versions; files served only by `scarica` --------------


DOCUMENTI_PER_PAGINA = 20  # the most recently updated first


def _gruppo_dei_documenti(request, slug):
    gruppo = _gruppo_visibile(request, slug)
    if not permissions.can_use_documents(request.user, gruppo):
        raise PermissionDenied(_("I documenti di un gruppo sono per chi ne fa parte."))
    return gruppo


@login_required
def documenti(request, slug, *, form=None, form_versione=None, versione_di=None, status=200):
    gruppo = _gruppo_dei_documenti(request, slug)
    documenti = gruppo.documenti.prefetch_related(
        Prefetch("versioni", queryset=VersioneDocumento.objects.select_related("caricata_da__profilo"))
    )
    pagina = Paginator(documenti, DOCUMENTI_PER_PAGINA).get_page(request.GET.get("page"))
    return render(
        request,
        "gruppi/documenti.html",
        {
            "gruppo": gruppo,
            "pagina": pagina,
            "form": form or DocumentoForm(),
            "form_versione": form_versione,
            "versione_di": versione_di,
        },
        status=status,
    )


@csrf_exempt  # the CSRF check reads the body: `_carica` makes it after the upload handler is in place
@login_required
@require_POST
def carica(request, slug, pk=None):
    """A new document, or (with `pk`) a new version of one; a refused file is named in the error."""
    request.upload_handlers.insert(0, LimiteDimensioneUploadHandler(request))
    return _carica(request, slug, pk)


@csrf_protect
def _carica(request, slug, pk):
    gruppo = _gruppo_dei_documenti(request, slug)
    documento = get_object_or_404(gruppo.documenti.all(), pk=pk) if pk is not None else None
    form = DocumentoForm(request.POST, request.FILES, nuova_versione=documento is not None)
    troppo_grande = getattr(request, "allegati_troppo_grandi", {}).get("file")
    if troppo_grande:
        form.is_valid()
        form.add_error("file", _("Il file «%(nome)s» supera i 20 MB: non è stato caricato.") % {"nome": troppo_grande})
    if not form.is_valid():
        messages.error(request, _("Il documento non è stato caricato: vedi il messaggio sotto il campo."))
        if documento is None:
            return documenti(request, slug, form=form, status=400)
        return documenti(request, slug, form_versione=form, versione_di=documento.pk, status=400)
    versione = services.carica_documento(
        gruppo=gruppo,
        da=request.user,
        file=form.cleaned_data["file"],
        titolo=form.cleaned_data.get("titolo", ""),
        documento=documento,
    )
    messages.success(
        request,
        _("«%(titolo)s»: caricata la versione %(numero)s.")
        % {"titolo": versione.documento.titolo, "numero": versione.numero},
    )
    return redirect("gruppi:documenti", slug=gruppo.slug)


@login_required
def scarica(request, slug, pk, numero):
    """A version of a document, to the group's members only, as an attachment (never shown inline)."""
    gruppo = _gruppo_dei_documenti(request, slug)
    versione = get_object_or_404(
        VersioneDocumento.objects.select_related("documento"), documento__gruppo=gruppo, documento__pk=pk, numero=numero
    )
    try:
        aperto = versione.file.open("rb")
    except FileNotFoundError as errore:
        raise Http404(_("Il file di questa versione non è più disponibile.")) from errore
    risposta = FileResponse(aperto, as_attachment=True, filename=versione.nome_file)
    risposta["X-Content-Type-Options"] = "nosniff"
    risposta["Cache-Control"] = "private, no-store"
    return risposta


def membri(request, slug):
    """Every member of the group, by pages, with the actions of who manages it."""
    gruppo = _gruppo_visibile(request, slug)
    if not permissions.can_see_members(request.user, gruppo):
        raise PermissionDenied(
            _("I nomi dei membri sono visibili ai membri della comunità che possono leggere il gruppo.")
        )
    righe = persone_del_gruppo(gruppo).filter(stato=Appartenenza.Stato.ATTIVA)
    pagina = Paginator(righe, MEMBRI_PER_PAGINA).get_page(request.GET.get("page"))
    puo = {
        "gestire": permissions.can_manage(request.user, gruppo),
        "nominare": permissions.can_appoint(request.user, gruppo),
    }
    return render(request, "gruppi/membri.html", {"gruppo": gruppo, "pagina": pagina, "puo": puo})
