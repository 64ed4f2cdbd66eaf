import json

from allauth.account.views import LoginView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from . import limiti, membri, riepilogo, services
from .forms import EliminaAccountForm, ProfiloForm, ValutazionePaginaForm
from .models import Profilo
from .selectors import profilo_completo


@login_required
def profilo(request):
    Profilo.objects.get_or_create(user=request.user)
    return render(request, "cop/profilo.html", {"profilo": profilo_completo(request.user)})


@login_required
def profilo_modifica(request):
    profilo_obj, _created = Profilo.objects.get_or_create(user=request.user)
    if request.method == "POST":
        form = ProfiloForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            services.aggiorna_profilo(user=request.user, **form.cleaned_data)
            messages.success(request, _("Profilo aggiornato."))
            return redirect("profilo")
        messages.error(request, _("Controlla i campi evidenziati: il profilo non è stato salvato."))
    else:
        form = ProfiloForm(initial=ProfiloForm.initial_for(request.user, profilo_obj), user=request.user)
    return render(
        request,
        "cop/profilo_modifica.html",
        {"form": form, "profilo": profilo_obj},
        status=400 if form.is_bound else 200,
    )


def membri_elenco(request):
    return render(request, "cop/membri.html", {"elenco": membri.elenco(request)})


def _profilo_visibile(request, username):
    return (
        Profilo.objects.visible_to(request.user)
        .select_related("user", "organizzazione", "zona_confermata")
        .filter(user__username=username)
        .first()
    )


def membro_foto(request, username):
    """A member's photo, to whoever may see their profile (404 otherwise, as the page)."""
    profilo = _profilo_visibile(request, username)
    if profilo is None or not profilo.avatar:
        raise Http404(_("Questa foto non esiste o non è visibile."))
    try:
        file = profilo.avatar.storage.open(profilo.avatar.name, "rb")
    except FileNotFoundError as errore:
        raise Http404(_("Questa foto non esiste o non è visibile.")) from errore
    risposta = FileResponse(file, content_type="image/webp")
    # Who may see it depends on who asks: no shared cache keeps it.
    risposta["Cache-Control"] = "private, max-age=86400"
    return risposta


def membro(request, username):
    """A member's page: 404 (not 403) when the viewer may not see it, so whether the account exists does
    not show either."""
    profilo = _profilo_visibile(request, username)
    if profilo is None:
        raise Http404(_("Questo profilo non esiste o non è visibile."))
    contesto = {"profilo": profilo, "sezioni": membri.attivita(profilo.user, request.user)}
    return render(request, "cop/membro.html", contesto)


@login_required
def esporta_dati(request):
    dati = services.esporta_dati_utente(user=request.user)
    response = HttpResponse(
        json.dumps(dati, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    nome_file = f"cop-inclusione-dati-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{nome_file}"'
    return response


@login_required
def elimina_account(request):
    if request.method == "POST":
        form = EliminaAccountForm(request.POST, user=request.user)
        if form.is_valid():
            user = request.user
            logout(request)
            services.elimina_account(user=user)
            messages.success(request, _("Il tuo account è stato eliminato. Grazie per aver partecipato."))
            return redirect("/")
    else:
        form = EliminaAccountForm(user=request.user)
    return render(request, "cop/elimina_account.html", {"form": form}, status=400 if form.is_bound else 200)


def _prossima_pagina_admin(request):
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("wagtailadmin_home")
    return next_url


def accesso_redazione(request):
    """Where the Wagtail admin sends whoever it does not let in, and what `/admin/login/` shows:
    Wagtail's own login form is never served (every way in goes through allauth)."""
    next_url = _prossima_pagina_admin(request)
    if not request.user.is_authenticated:
        return redirect_to_login(next_url)
    if request.user.has_perm("wagtailadmin.access_admin"):
        return redirect(next_url)
    return render(request, "cop/accesso_redazione_negato.html", status=403)


def login_admin(request):
    """`/admin/login/`, in place of Wagtail's login view (which checks a password without allauth's
    rate limits, lock-out or email verification). A visit goes to allauth's login and back to the
    admin; a posted form is handled by allauth's own login view, with all of its rules."""
    if request.method == "POST":
        return LoginView.as_view()(request)
    return accesso_redazione(request)


@require_POST
def valuta_pagina(request):
    form = ValutazionePaginaForm(request.POST)
    tornare_a = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(tornare_a, allowed_hosts={request.get_host()}):
        tornare_a = "/"
    if not form.is_valid():
        messages.error(request, _("Valutazione non registrata: scegli un voto da 1 a 5 stelle."))
        return redirect(tornare_a)
    page = Page.objects.live().public().filter(pk=form.cleaned_data["page_id"]).first()
    if page is None:
        messages.error(request, _("Valutazione non registrata: la pagina non esiste più."))
        return redirect(tornare_a)
    if not limiti.una_volta(request, "valutazione", page.pk, secondi=24 * 60 * 60):
        messages.info(request, _("Hai già valutato questa pagina oggi: grazie, il tuo parere è stato registrato."))
        return redirect(tornare_a)
    if not limiti.consenti(request, "valutazione", limite=30, secondi=60 * 60):
        messages.error(
            request, _("Valutazione non registrata: hai valutato molte pagine nell'ultima ora, riprova più tardi.")
        )
        return redirect(tornare_a)
    services.registra_valutazione(
        page=page,
        voto=form.cleaned_data["voto"],
        motivo=form.cleaned_data["motivo"],
        commento=form.cleaned_data["commento"],
    )
    messages.success(request, _("Grazie, il tuo parere ci aiuterà a migliorare il servizio."))
    return redirect(tornare_a)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def riepilogo_disiscrizione(request, token):
    """The link of the weekly digest: works without login. GET asks for confirmation (link checkers
    and previews must not unsubscribe anyone); POST turns the digest off. No CSRF token: the one-click
    POST of RFC 8058 comes from the mail provider without cookies, and the signed token is the
    credential; the only thing it can do is stop an email. A tampered token changes nothing."""
    try:
        user = riepilogo.leggi_token_disiscrizione(token)
    except signing.BadSignature:
        return render(request, "cop/riepilogo_disiscrizione.html", {"non_valido": True}, status=400)
    if request.method == "POST":
        services.imposta_riepilogo(user=user, attivo=False)
        return render(request, "cop/riepilogo_disiscrizione.html", {"fatto": True})
    return render(request, "cop/riepilogo_disiscrizione.html", {"token": token})
