"""Demo content of the forum: the four working groups of ATS 6 Fano (Marche) and one category per
Tuscan theme, plus a few topics written through the services. Idempotent."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page

from cop import roles
from cop.models import Profilo, Tema, Zona

from . import services
from .models import Categoria, Discussione, Messaggio

GRUPPI_ATS6 = [
    (
        "ats6-inclusione",
        "ATS 6 Fano · Inclusione",
        "Il gruppo di lavoro sull'inclusione sociale dell'Ambito Territoriale Sociale n. 6.",
    ),
    (
        "ats6-salute-mentale",
        "ATS 6 Fano · Salute mentale",
        "Il tavolo sulla salute mentale con le realtà del territorio.",
    ),
    ("ats6-non-autosufficienza", "ATS 6 Fano · Non autosufficienza", "Il tavolo sulla non autosufficienza."),
    ("ats6-famiglia", "ATS 6 Fano · Famiglia", "Il tavolo sulla famiglia e la genitorialità."),
]

DISCUSSIONI = [
    (
        "ats6-inclusione",
        "Come avete organizzato il tavolo con gli ETS?",
        "A Fano abbiamo riunito **25 realtà associative** per mappare i bisogni del territorio.\n\n"
        "Voi come avete costruito il tavolo con il Terzo Settore? Ogni quanto vi incontrate?",
        "Da noi il tavolo si riunisce ogni due mesi, con un verbale condiviso e una mappa dei servizi aggiornata.",
    ),
    (
        "poverta",
        "Assegno di Inclusione: presa in carico dei nuclei",
        "Quali strumenti usate per il patto di inclusione con i nuclei beneficiari?",
        "> Quali strumenti usate?\n\nUna scheda di pre-assessment comune a tutti i comuni della zona.",
    ),
]


def _demo_user(username, nome, cognome):
    User = get_user_model()
    user, creato = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": nome,
            "last_name": cognome,
            "email": f"{username}@esempio.it",
            "date_joined": timezone.now() - timedelta(days=30),
        },
    )
    if creato:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=roles.OPERATORI))
    Profilo.objects.get_or_create(user_id=user.pk)  # as every account with a role has one (attiva_operatore)
    return user


def _come_un_minuto_fa(*utenti):
    """The demo writes as if a minute had passed between posts (the services apply the limits)."""
    prima = timezone.now() - timedelta(minutes=1)
    Messaggio.objects.filter(autore__in=utenti, creato_il__gt=prima).update(creato_il=prima)
    Discussione.objects.filter(autore__in=utenti, creata_il__gt=prima).update(creata_il=prima)


@hooks.register("cop_demo", order=60)
def categorie_forum(esito):
    ambito = Zona.objects.filter(tipo=Zona.Tipo.AMBITO, nome__icontains="Fano").first()
    for ordine, (slug, nome, descrizione) in enumerate(GRUPPI_ATS6):
        categoria, creata = Categoria.objects.get_or_create(
            slug=slug, defaults={"nome": nome, "descrizione": descrizione, "zona": ambito, "ordine": ordine}
        )
        esito.registra(f"categoria del forum «{categoria}»", creata)
    for ordine, tema in enumerate(Tema.objects.order_by("nome"), start=10):
        categoria, creata = Categoria.objects.get_or_create(
            slug=tema.slug,
            defaults={"nome": tema.nome, "descrizione": tema.descrizione[:500], "tema": tema, "ordine": ordine},
        )
        esito.registra(f"categoria del forum «{categoria}»", creata)


# Topics opened with "Discuti" on demo practices (buonepratiche/demo.py, seeded before): they reach the
# practice's zones in the zone pages and in the "Flusso" (search/flusso.py).
DISCUSSIONI_SU_PAGINE = [
    (
        "equipe-rdc-adi-pisana",
        "poverta",
        "Équipe multidisciplinari per l'ADI: come le avete composte?",
        "Nella zona pisana l'équipe per l'Assegno di Inclusione unisce servizio sociale, centro per l'impiego "
        "e servizi sanitari. Chi ha esperienze simili? Come gestite i tempi dei patti?",
        "Da noi ci vediamo ogni due settimane con il centro per l'impiego: i patti si chiudono in un mese.",
    ),
    (
        "poverta-educativa-doposcuola-comunita-valdinievole",
        "minori",
        "Doposcuola di comunità: come coinvolgete le famiglie?",
        "Il doposcuola della Valdinievole lavora con le associazioni del territorio. "
        "Quali strumenti usate per tenere le famiglie dentro il percorso?",
        "Un incontro al mese con i genitori, a scuola, con la mediatrice quando serve.",
    ),
]


def _apri(esito, *, categoria, titolo, testo, risposta, pagina=None):
    chiara = _demo_user("chiara.demo", "Chiara", "Bianchi")
    marco = _demo_user("marco.demo", "Marco", "Rossi")
    if categoria is None or Discussione.objects.filter(titolo=titolo).exists():
        esito.presente()
        return
    _come_un_minuto_fa(chiara, marco)
    discussione = services.crea_discussione(categoria=categoria, user=chiara, titolo=titolo, testo=testo, pagina=pagina)
    _come_un_minuto_fa(chiara, marco)
    services.rispondi(discussione=discussione, user=marco, testo=risposta, cita=discussione.messaggi.first())
    esito.creato(f"discussione del forum «{titolo}»")


@hooks.register("cop_demo", order=61)
def discussioni_forum(esito):
    for slug, titolo, testo, risposta in DISCUSSIONI:
        categoria = Categoria.objects.filter(slug=slug).first()
        _apri(esito, categoria=categoria, titolo=titolo, testo=testo, risposta=risposta)


@hooks.register("cop_demo", order=62)
def discussioni_sulle_pagine(esito):
    for slug_pagina, slug_categoria, titolo, testo, risposta in DISCUSSIONI_SU_PAGINE:
        pagina = Page.objects.live().filter(slug=slug_pagina).first()
        if pagina is None or Discussione.objects.filter(pagina=pagina).exists():
            esito.presente()
            continue
        categoria = Categoria.objects.filter(slug=slug_categoria).first()
        _apri(esito, categoria=categoria, titolo=titolo, testo=testo, risposta=risposta, pagina=pagina)
