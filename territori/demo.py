"""Demo services of a Tuscan zone (seed_demo): clearly fictional, as the demo organisations are; the
zones' real services come in from the editors."""

from wagtail import hooks

from buonepratiche.models import Destinatario
from cop.models import Tema, Zona

from .models import Servizio

SERVIZI_PISANA = [
    (
        "Sportello per la casa di esempio (fittizio)",
        "Pisa",
        "Ascolto e orientamento per chi rischia lo sfratto o cerca un alloggio temporaneo.",
        "Su appuntamento, il martedì e il giovedì mattina.",
        ["abitare", "poverta"],
        ["nuclei-in-poverta"],
    ),
    (
        "Centro per le famiglie di esempio (fittizio)",
        "Cascina",
        "Sostegno alla genitorialità, mediazione familiare, gruppi di genitori.",
        "Accesso libero nei giorni di apertura; colloqui su appuntamento.",
        ["famiglie-vulnerabili", "minori"],
        ["famiglie-con-minori"],
    ),
    (
        "Pronto intervento sociale di esempio (fittizio)",
        "",
        "Risposta alle emergenze sociali di tutta la zona, anche la sera e nei giorni festivi.",
        "Su segnalazione dei servizi sociali, delle forze dell'ordine o del pronto soccorso.",
        ["marginalita-grave"],
        ["senza-dimora"],
    ),
]


@hooks.register("cop_demo", order=70)
def servizi_del_territorio(esito):
    zona = Zona.objects.filter(slug="pisana").first()
    if zona is None:
        return
    for nome, comune, descrizione, accesso, temi, destinatari in SERVIZI_PISANA:
        servizio, creato = Servizio.objects.get_or_create(
            nome=nome,
            zona=zona,
            defaults={
                "comune": comune,
                "descrizione": descrizione,
                "accesso": accesso,
                "contatto": "servizi@esempio.it",
            },
        )
        if creato:
            servizio.temi.set(Tema.objects.filter(slug__in=temi))
            servizio.destinatari.set(Destinatario.objects.filter(slug__in=destinatari))
        esito.registra(f"Servizio «{nome}»", creato)
