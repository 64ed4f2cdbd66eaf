"""The members of the community: the directory `/membri/` with its filters in the URL, and what a member's
page shows (who they are and what they did here). Who sees which profile: cop/permissions.py.

    elenco(request)  # -> Elenco(form, pagina, faccette, avvisi)
    attivita(user, viewer)  # -> [SezioneAttivita]: what the apps contribute (`cop_attivita_membro` hooks)

An app adds to a member's page with a `cop_attivita_membro` hook, `fn(user, viewer, limite)` returning a
list of `SezioneAttivita`: only what `viewer` may already see elsewhere, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page as PaginaRisultati
from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from .filtri import FiltriElenco, NumeroField, VoceField, avviso, breve, voci_del_modello, voci_di_scelte
from .models import Organizzazione, Profilo, Tema, Zona

PER_PAGINA = 24
VOCI_PER_SEZIONE = 5


@dataclass
class Voce:
    titolo: str
    url: str
    data: datetime | None = None


@dataclass
class SezioneAttivita:
    chiave: str
    titolo: str
    voci: list = field(default_factory=list)
    totale: int = 0


def attivita(user, viewer, *, limite=VOCI_PER_SEZIONE):
    """The sections of a member's page, in the hooks' order."""
    sezioni = []
    for hook in hooks.get_hooks("cop_attivita_membro"):
        sezioni.extend(hook(user, viewer, limite))
    return sezioni


def _organizzazioni_pubblicate():
    return {o.slug: (o.pk, o.nome) for o in Organizzazione.objects.pubblicate().only("pk", "slug", "nome")}


class FiltriMembriForm(FiltriElenco):
    """The directory's filters and page."""

    zona = VoceField(
        label=gettext_lazy("Zona"),
        help_text=gettext_lazy("Zona-distretto confermata: slug. Ripetibile: basta uno dei valori."),
        voci=voci_del_modello(Zona),
        ripetibile=True,
    )
    ruolo = VoceField(
        label=gettext_lazy("Ruolo"),
        help_text=gettext_lazy("Ruolo professionale. Ripetibile: basta uno dei valori."),
        voci=voci_di_scelte(Profilo.Ruolo.choices),
        elenco=Profilo.Ruolo.values,
        ripetibile=True,
    )
    organizzazione = VoceField(
        label=gettext_lazy("Organizzazione"),
        help_text=gettext_lazy("Organizzazione: slug. Ripetibile: basta uno dei valori."),
        voci=_organizzazioni_pubblicate,
        ripetibile=True,
    )
    tema = VoceField(
        label=gettext_lazy("Tema seguito"),
        help_text=gettext_lazy("Tema: slug. Ripetibile: basta uno dei valori."),
        voci=voci_del_modello(Tema),
        ripetibile=True,
    )
    page = NumeroField(label=gettext_lazy("Pagina"), minimo=1)
    alias = {"pagina": "page"}

    # (parameter, keyword of ProfiloQuerySet.filtra)
    FACCETTE = (("zona", "zone"), ("ruolo", "ruoli"), ("organizzazione", "organizzazioni"), ("tema", "temi"))


@dataclass
class Elenco:
    form: FiltriMembriForm
    pagina: PaginaRisultati
    faccette: list  # as components/pannello_filtri.html wants them
    avvisi: list

    @property
    def totale(self):
        return self.pagina.paginator.count

    @property
    def querystring(self):
        return self.form.querydict().urlencode()


def elenco(request, *, per_pagina=PER_PAGINA):
    """The profiles `request.user` may see, filtered, in a fixed number of queries whatever the number of
    members (the viewer's groups, the vocabularies, one count per facet, the count and the page)."""
    form = FiltriMembriForm(request.GET)
    valori = form.valori
    base = Profilo.objects.visible_to(request.user)
    paginator = Paginator(base.filtra(**form.criteri()).per_elenco(), per_pagina)
    chiesta = valori.get("page", 1)
    pagina = paginator.get_page(chiesta)
    avvisi = [avviso(ignorato) for ignorato in form.ignorati]
    if chiesta != pagina.number:
        avvisi.append(
            _("La pagina %(chiesta)s non esiste: ecco la pagina %(numero)s.")
            % {"chiesta": breve(str(chiesta)), "numero": pagina.number}
        )
    return Elenco(form=form, pagina=pagina, faccette=_faccette(form, base), avvisi=avvisi)


def _vocabolari():
    """{criterio: [(value in the URL, label, primary key or value)]} in the order the panel lists them."""
    zone = Zona.objects.order_by("nome").only("pk", "slug", "nome")
    organizzazioni = Organizzazione.objects.pubblicate().order_by("nome").only("pk", "slug", "nome")
    temi = Tema.objects.order_by("nome").only("pk", "slug", "nome")
    return {
        "zone": [(z.slug, z.nome, z.pk) for z in zone],
        "ruoli": [(valore, etichetta, valore) for valore, etichetta in Profilo.Ruolo.choices],
        "organizzazioni": [(o.slug, o.nome, o.pk) for o in organizzazioni],
        "temi": [(t.slug, t.nome, t.pk) for t in temi],
    }


def _faccette(form, base):
    vocabolari = _vocabolari()
    faccette = []
    for parametro, criterio in form.FACCETTE:
        conteggi = base.filtra(**form.criteri(tranne=parametro)).conteggi(criterio)
        scelti = set(form.scelti.get(parametro, []))
        opzioni = [
            {"valore": valore, "etichetta": etichetta, "n": conteggi.get(chiave, 0), "scelto": valore in scelti}
            for valore, etichetta, chiave in vocabolari[criterio]
            if conteggi.get(chiave) or valore in scelti
        ]
        faccette.append({"parametro": parametro, "etichetta": form.fields[parametro].label, "opzioni": opzioni})
    return faccette
