"""The forum's public pages. Reads through queryset methods, writes through forum.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from . import permissions, services
from .forms import DiscussioneForm, MessaggioForm, MotivoForm, SegnalazioneForm
from .menzioni import collega_menzioni
from .models import Categoria, Discussione, Iscrizione, Lettura, Messaggio

DISCUSSIONI_PER_PAGINA = 30
MESSAGGI_PER_PAGINA = 20


def _intero(valore):
    try:
        numero = int(valore)
    except (TypeError, ValueError):
        return None
    return numero if 0 < numero < 2**63 else None


def _messaggio_o_404(request, pk):
    """A post of a category `request.user` may read (a group's discussions: forum/accesso.py), or 404."""
    messaggio = get_object_or_404(Messaggio.objects.select_related("discussione", "discussione__categoria"), pk=pk)
    if not permissions.can_read(request.user, messaggio.discussione.categoria_id):
        raise Http404
    return messaggio


def _aggiungi_errore(form, errore, campo="testo"):
    for testo in errore.messages:
        form.add_error(campo, testo)


def indice(request):
    categorie = Categoria.objects.leggibili_da(request.user).per_elenco()
    return render(request, "forum/indice.html", {"categorie": categorie})


def categoria(request, slug):
    categoria = get_object_or_404(
        Categoria.objects.leggibili_da(request.user).select_related("tema", "zona"), slug=slug
    )
    pagina = Paginator(Discussione.objects.filter(categoria=categoria).per_elenco(), DISCUSSIONI_PER_PAGINA).get_page(
        request.GET.get("page")
    )
    letture = None
    segue = False
    if permissions.is_member(request.user):
        letture = dict(
            Lettura.objects.filter(user=request.user, discussione__in=[d.pk for d in pagina]).values_list(
                "discussione_id", "ultimo_letto"
            )
        )
        segue = Iscrizione.objects.filter(user=request.user, categoria=categoria).exists()
    for discussione in pagina:
        discussione.non_letta = letture is not None and letture.get(discussione.pk, 0) < (
            discussione.ultimo_messaggio_id_visibile
        )
    return render(
        request,
        "forum/categoria.html",
        {"categoria": categoria, "pagina": pagina, "segue": segue, "puo_scrivere": permissions.can_write(request.user)},
    )


def discussione(request, pk):
    discussione = get_object_or_404(Discussione.objects.leggibili_da(request.user).select_related("categoria"), pk=pk)
    visibili = Messaggio.objects.filter(discussione=discussione).visibili_a(request.user)
    if "post" in request.GET:
        return _vai_al_messaggio(request, discussione, visibili)
    pagina = Paginator(visibili.per_pagina_discussione(request.user), MESSAGGI_PER_PAGINA).get_page(
        request.GET.get("page")
    )
    pagina.object_list = list(pagina.object_list)
    for messaggio in pagina.object_list:  # the permissions of each post read its topic: the one loaded
        messaggio.discussione = discussione
    collega_menzioni(pagina.object_list, request.user)
    contesto = {"discussione": discussione, "categoria": discussione.categoria, "pagina": pagina}
    if permissions.is_member(request.user):
        lettura = Lettura.objects.filter(user=request.user, discussione=discussione).first()
        contesto["ultimo_letto"] = lettura.ultimo_letto if lettura else 0
        contesto["segue"] = Iscrizione.objects.filter(user=request.user, discussione=discussione).exists()
        if pagina.object_list:
            services.segna_letto(discussione=discussione, user=request.user, fino_a=pagina.object_list[-1].pk)
    if permissions.can_reply(request.user, discussione):
        contesto["form"] = MessaggioForm()
    contesto["moderatore"] = permissions.can_moderate(request.user)
    contesto["moderatore_gruppo"] = not contesto["moderatore"] and permissions.can_moderate_in(
        request.user, discussione.categoria_id
    )
    return render(request, "forum/discussione.html", contesto)


def _vai_al_messaggio(request, discussione, visibili):
    """`?post=<id>`: the page that holds the post, and its anchor."""
    post_id = _intero(request.GET.get("post"))
    messaggio = visibili.filter(pk=post_id).first() if post_id else None
    if messaggio is None:
        messages.warning(request, _("Il messaggio richiesto non esiste o non è più visibile."))
        return redirect(discussione.get_absolute_url())
    prima = visibili.filter(pk__lt=messaggio.pk).count()
    numero_pagina = prima // MESSAGGI_PER_PAGINA + 1
    return redirect(f"{discussione.get_absolute_url()}?page={numero_pagina}#m{messaggio.pk}")


@login_required
def nuova_discussione(request, slug):
    categoria = get_object_or_404(Categoria.objects.leggibili_da(request.user), slug=slug)
    if not permissions.can_start_topic(request.user, categoria):
        raise PermissionDenied(_motivo_negato(request.user))
    form = DiscussioneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            nuova = services.crea_discussione(
                categoria=categoria,
                user=request.user,
                titolo=form.cleaned_data["titolo"],
                testo=form.cleaned_data["testo"],
            )
        except ValidationError as errore:
            _aggiungi_errore(form, errore, "titolo" if getattr(errore, "code", "") == "titolo" else "testo")
        else:
            messages.success(request, _("Discussione pubblicata."))
            return redirect(nuova.get_absolute_url())
    return render(request, "forum/nuova_discussione.html", {"categoria": categoria, "form": form})


def _motivo_negato(user):
    sospensione = permissions.sospensione_attiva(user)
    if sospensione is not None:
        return _("Il tuo account è sospeso dal forum fino al %(data)s.") % {
            "data": sospensione.fino_al.strftime("%d/%m/%Y")
        }
    return _("Per scrivere nel forum serve un account verificato della comunità.")


@login_required
def rispondi(request, pk):
    discussione = get_object_or_404(Discussione.objects.leggibili_da(request.user).select_related("categoria"), pk=pk)
    if not permissions.can_reply(request.user, discussione):
        if discussione.chiusa and permissions.can_write(request.user):
            raise PermissionDenied(_("La discussione è chiusa: non si possono aggiungere risposte."))
        raise PermissionDenied(_motivo_negato(request.user))
    visibili = Messaggio.objects.filter(discussione=discussione).visibili_a(request.user)
    if request.method == "POST":
        form = MessaggioForm(request.POST)
        if form.is_valid():
            cita_id = form.cleaned_data.get("cita")
            cita = visibili.filter(pk=cita_id).first() if cita_id else None
            try:
                messaggio = services.rispondi(
                    discussione=discussione, user=request.user, testo=form.cleaned_data["testo"], cita=cita
                )
            except ValidationError as errore:
                _aggiungi_errore(form, errore)
            else:
                return redirect(messaggio.get_absolute_url())
    else:
        cita = visibili.filter(pk=_intero(request.GET.get("cita")) or 0, stato=Messaggio.Stato.VISIBILE).first()
        iniziale = {}
        if cita is not None:
            iniziale = {"cita": cita.pk, "testo": "\n".join(f"> {riga}" for riga in cita.testo.splitlines()) + "\n\n"}
        form = MessaggioForm(initial=iniziale)
    return render(request, "forum/rispondi.html", {"discussione": discussione, "form": form})


@login_required
def modifica(request, pk):
    messaggio = _messaggio_o_404(request, pk)
    if not permissions.can_edit(request.user, messaggio):
        raise PermissionDenied(_("Puoi modificare solo i tuoi messaggi, finché la discussione è aperta."))
    form = MessaggioForm(request.POST or None, initial={"testo": messaggio.testo})
    if request.method == "POST" and form.is_valid():
        try:
            services.modifica_messaggio(messaggio=messaggio, user=request.user, testo=form.cleaned_data["testo"])
        except ValidationError as errore:
            _aggiungi_errore(form, errore)
        else:
            messages.success(request, _("Messaggio modificato."))
            return redirect(messaggio.get_absolute_url())
    return render(request, "forum/modifica.html", {"messaggio": messaggio, "form": form})


@login_required
@require_POST
def elimina(request, pk):
    messaggio = _messaggio_o_404(request, pk)
    if not permissions.can_delete(request.user, messaggio):
        raise PermissionDenied(_("Puoi eliminare solo i tuoi messaggi."))
    services.elimina_messaggio(messaggio=messaggio, user=request.user)
    messages.success(request, _("Messaggio rimosso. Le risposte restano nella discussione."))
    return redirect(messaggio.get_absolute_url())


@login_required
@require_POST
def utile(request, pk):
    messaggio = _messaggio_o_404(request, pk)
    if not permissions.can_react(request.user, messaggio):
        raise PermissionDenied(_("Non puoi segnare questo messaggio come utile."))
    valore = request.POST.get("valore")
    if valore not in ("aggiungi", "rimuovi"):
        messages.error(request, _("Richiesta non valida: usa il pulsante «Utile» sotto il messaggio."))
        return redirect(messaggio.get_absolute_url())
    services.imposta_utile(messaggio=messaggio, user=request.user, utile=valore == "aggiungi")
    return redirect(messaggio.get_absolute_url())


@login_required
def segnala(request, pk):
    messaggio = _messaggio_o_404(request, pk)
    if not permissions.can_report(request.user, messaggio):
        raise PermissionDenied(_("Non puoi segnalare questo messaggio."))
    form = SegnalazioneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.segnala(messaggio=messaggio, user=request.user, motivo=form.cleaned_data["motivo"])
        except ValidationError as errore:
            _aggiungi_errore(form, errore, "motivo")
        else:
            messages.success(request, _("Grazie: la redazione esaminerà la segnalazione."))
            return redirect(messaggio.get_absolute_url())
    return render(request, "forum/segnala.html", {"messaggio": messaggio, "form": form})


def _richiedi_moderazione(user, categoria_id):
    if not permissions.can_moderate_in(user, categoria_id):
        raise PermissionDenied(_("Moderano queste discussioni i coordinatori del gruppo e la redazione."))


@login_required
def modera_messaggio(request, pk):
    """A group's coordinators hide a post of its discussions, or restore it, with a reason that goes in
    the moderation log (the forum's moderators do the same in the admin)."""
    messaggio = _messaggio_o_404(request, pk)
    _richiedi_moderazione(request.user, messaggio.discussione.categoria_id)
    if messaggio.is_rimosso:
        messages.info(request, _("Il messaggio è stato rimosso dal suo autore: non c'è nulla da moderare."))
        return redirect(messaggio.get_absolute_url())
    servizio = services.ripristina_messaggio if messaggio.is_nascosto else services.nascondi_messaggio
    form = MotivoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            servizio(messaggio=messaggio, moderatore=request.user, motivo=form.cleaned_data["motivo"])
        except ValidationError as errore:
            _aggiungi_errore(form, errore, "motivo")
        else:
            if messaggio.is_nascosto:
                messages.success(request, _("Messaggio nascosto: lo vedono solo il suo autore e chi modera."))
            else:
                messages.success(request, _("Messaggio di nuovo visibile a tutti."))
            return redirect(messaggio.get_absolute_url())
    return render(request, "forum/modera_messaggio.html", {"messaggio": messaggio, "form": form})


AZIONI_DISCUSSIONE = {
    "chiudi": (services.imposta_chiusura, {"chiusa": True}),
    "riapri": (services.imposta_chiusura, {"chiusa": False}),
    "fissa": (services.imposta_evidenza, {"fissata": True}),
    "sfissa": (services.imposta_evidenza, {"fissata": False}),
}


@login_required
def modera_discussione(request, pk):
    """A group's coordinators close or reopen a topic of its discussions, pin or unpin it."""
    discussione = get_object_or_404(Discussione.objects.leggibili_da(request.user).select_related("categoria"), pk=pk)
    _richiedi_moderazione(request.user, discussione.categoria_id)
    form = MotivoForm(request.POST or None)
    if request.method == "POST":
        azione = AZIONI_DISCUSSIONE.get(request.POST.get("azione"))
        if azione is None:
            form.add_error(None, _("Scegli una delle azioni qui sotto."))
        elif form.is_valid():
            servizio, valore = azione
            try:
                servizio(discussione=discussione, moderatore=request.user, motivo=form.cleaned_data["motivo"], **valore)
            except ValidationError as errore:
                _aggiungi_errore(form, errore, "motivo")
            else:
                messages.success(request, _("Fatto: l'azione è nel registro della moderazione."))
                return redirect(discussione.get_absolute_url())
    return render(request, "forum/modera_discussione.html", {"discussione": discussione, "form": form})


@login_required
@require_POST
def segui_discussione(request, pk):
    discussione = get_object_or_404(Discussione.objects.leggibili_da(request.user), pk=pk)
    if not permissions.can_follow(request.user):
        raise PermissionDenied(_motivo_negato(request.user))
    attiva = request.POST.get("attiva") == "1"
    services.segui(user=request.user, discussione=discussione, attiva=attiva)
    messages.success(request, _("Segui questa discussione.") if attiva else _("Non segui più questa discussione."))
    return redirect(discussione.get_absolute_url())


@login_required
@require_POST
def segui_categoria(request, slug):
    categoria = get_object_or_404(Categoria.objects.leggibili_da(request.user), slug=slug)
    if not permissions.can_follow(request.user):
        raise PermissionDenied(_motivo_negato(request.user))
    attiva = request.POST.get("attiva") == "1"
    services.segui(user=request.user, categoria=categoria, attiva=attiva)
    messages.success(request, _("Segui questa categoria.") if attiva else _("Non segui più questa categoria."))
    return redirect(categoria.get_absolute_url())


def disiscrizione(request, token):
    """The link of the emails: works without login; a tampered token is refused."""
    try:
        user, discussione = services.leggi_token_disiscrizione(token)
    except signing.BadSignature:
        return render(request, "forum/disiscrizione.html", {"non_valido": True}, status=400)
    if request.method == "POST":
        services.disiscrivi_con_token(token=token)
        return render(request, "forum/disiscrizione.html", {"fatto": True, "discussione": discussione})
    return render(request, "forum/disiscrizione.html", {"discussione": discussione, "token": token})


def discuti(request, page_id):
    """The "Discuti" button of practice and event pages: goes to the page's topic, or opens it."""
    oggetto_page = get_object_or_404(Page.objects.live().public(), pk=page_id)
    esistente = Discussione.objects.filter(pagina=oggetto_page).first()
    if esistente is not None:
        return redirect(esistente.get_absolute_url())
    if request.method != "POST":
        return render(request, "forum/discuti.html", {"oggetto_page": oggetto_page})
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    if not permissions.can_open_discussion_for_page(request.user, oggetto_page):
        raise PermissionDenied(_motivo_negato(request.user))
    try:
        nuova = services.discussione_per(oggetto_page=oggetto_page, user=request.user)
    except ValidationError as errore:
        messages.error(request, " ".join(errore.messages))
        return render(request, "forum/discuti.html", {"oggetto_page": oggetto_page}, status=409)
    return redirect(nuova.get_absolute_url())
