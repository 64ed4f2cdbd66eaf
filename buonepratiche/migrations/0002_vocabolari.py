"""The fixed vocabularies of the practice page, taken from the seed documents; editors can add more."""

from django.db import migrations

DESTINATARI = [
    ("famiglie-con-minori", "Famiglie con minori"),
    ("nuclei-in-poverta", "Persone e nuclei in condizione di povertà"),
    ("minori", "Minori e adolescenti"),
    ("giovani-neet", "Giovani (anche NEET)"),
    ("stranieri", "Persone straniere e famiglie migranti"),
    ("msna", "Minori stranieri non accompagnati"),
    ("senza-dimora", "Persone senza dimora"),
    ("disabilita", "Persone con disabilità"),
    ("salute-mentale", "Persone in carico ai servizi di salute mentale"),
    ("non-autosufficienti", "Persone non autosufficienti e caregiver"),
    ("donne-violenza", "Donne vittime di violenza"),
    ("detenuti", "Persone detenute o ex detenute"),
    ("disoccupati", "Persone disoccupate o in cerca di lavoro"),
    ("comunita-locale", "Comunità locale"),
    ("operatori", "Operatori dei servizi"),
]
FONTI = [
    ("pon-inclusione", "PON Inclusione"),
    ("fse", "FSE / PO FSE regionale"),
    ("fondo-poverta", "Fondo Povertà (quota servizi)"),
    ("pnrr", "PNRR"),
    ("regionali", "Risorse regionali"),
    ("proprie", "Risorse proprie dell'ente"),
    ("fondazioni", "Fondazioni"),
    ("altro", "Altro"),
]
METODOLOGIE = [
    ("co-progettazione", "Co-progettazione (art. 55 Codice del Terzo Settore)"),
    ("co-programmazione", "Co-programmazione"),
    ("budget-di-salute", "Budget di Salute"),
    ("lavoro-di-comunita", "Lavoro di comunità"),
    ("presa-in-carico-integrata", "Presa in carico integrata"),
    ("equipe-multidisciplinare", "Équipe multidisciplinare"),
    ("accompagnamento-socio-educativo", "Accompagnamento socio-educativo"),
    ("progettazione-individualizzata", "Progettazione individualizzata"),
    ("valutazione-multidimensionale", "Valutazione multidimensionale"),
    ("tavoli-di-lavoro", "Tavoli o gruppi di lavoro territoriali"),
    ("accordo-operativo", "Accordo operativo tra enti"),
]


def carica(apps, schema_editor):
    for model, voci in (("Destinatario", DESTINATARI), ("FonteFinanziamento", FONTI), ("Metodologia", METODOLOGIE)):
        Model = apps.get_model("buonepratiche", model)
        for ordine, (slug, nome) in enumerate(voci):
            Model.objects.update_or_create(slug=slug, defaults={"nome": nome, "ordine": ordine})


class Migration(migrations.Migration):
    dependencies = [("buonepratiche", "0001_initial")]

    operations = [migrations.RunPython(carica, migrations.RunPython.noop)]
