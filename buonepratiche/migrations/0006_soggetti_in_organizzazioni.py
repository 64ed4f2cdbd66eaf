"""The promoters and partners written as free text become organisations, by name: nothing is lost.

- One organisation per name and type (names compared without regard to case and spacing): "Comune di
  Fano" named by three practices is one organisation; the same name given two different types stays two
  organisations, as the practices wrote it, for an editor to merge if they are one body.
- It belongs to the zones of the practices that name it, and is published (the practices were reviewed).
- The page revisions of practices (drafts, proposals under review, history) get the organisation too, so
  that publishing or reverting to one of them keeps its partners.
"""

from anyascii import anyascii
from django.db import migrations
from django.utils.text import slugify

BLOCCO = 500
TIPI = {
    "comune", "sds", "asl", "regione", "ets", "cooperativa", "associazione", "oo-ss",
    "tribunale-minorenni", "formazione", "scuola", "impresa", "altro",
}  # fmt: skip


def _normalizza(nome):
    return " ".join((nome or "").split()) or "(senza nome)"


class Organizzazioni:
    def __init__(self, apps):
        self.Organizzazione = apps.get_model("cop", "Organizzazione")
        self.per_chiave = {}
        self.slug_usati = set(self.Organizzazione.objects.values_list("slug", flat=True))
        self.zone_da_aggiungere = {}

    def _slug(self, nome):
        base = slugify(anyascii(nome))[:116].strip("-") or "organizzazione"
        slug, n = base, 2
        while slug in self.slug_usati:
            slug, n = f"{base}-{n}", n + 1
        self.slug_usati.add(slug)
        return slug

    def per_nome(self, nome, tipo, zone=()):
        nome = _normalizza(nome)
        tipo = tipo if tipo in TIPI else "altro"
        chiave = (nome.lower(), tipo)
        organizzazione = self.per_chiave.get(chiave)
        if organizzazione is None:
            organizzazione = self.Organizzazione.objects.filter(nome__iexact=nome, tipo=tipo).first()
            if organizzazione is None:
                organizzazione = self.Organizzazione.objects.create(
                    nome=nome, slug=self._slug(nome), tipo=tipo, stato="pubblicata"
                )
            self.per_chiave[chiave] = organizzazione
        self.zone_da_aggiungere.setdefault(organizzazione.pk, set()).update(zone)
        return organizzazione

    def salva_zone(self):
        for pk, zone in self.zone_da_aggiungere.items():
            if zone:
                self.Organizzazione.objects.get(pk=pk).zone.add(*zone)


def in_organizzazioni(apps, schema_editor):
    Soggetto = apps.get_model("buonepratiche", "SoggettoCoinvolto")
    Pratica = apps.get_model("buonepratiche", "BuonaPraticaPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    organizzazioni = Organizzazioni(apps)

    zone_della_pratica = {}
    for pratica_id, zona_id in Pratica.objects.filter(zone__isnull=False).values_list("pk", "zone"):
        zone_della_pratica.setdefault(pratica_id, set()).add(zona_id)

    da_salvare = []
    for soggetto in Soggetto.objects.filter(organizzazione__isnull=True).order_by("pk").iterator(chunk_size=BLOCCO):
        zone = zone_della_pratica.get(soggetto.pratica_id, ())
        soggetto.organizzazione = organizzazioni.per_nome(soggetto.nome, soggetto.tipo, zone)
        da_salvare.append(soggetto)
        if len(da_salvare) >= BLOCCO:
            Soggetto.objects.bulk_update(da_salvare, ["organizzazione"])
            da_salvare = []
    Soggetto.objects.bulk_update(da_salvare, ["organizzazione"])

    tipo = ContentType.objects.filter(app_label="buonepratiche", model="buonapraticapage").first()
    if tipo is not None:
        revisioni = []
        for revisione in Revision.objects.filter(content_type=tipo).order_by("pk").iterator(chunk_size=BLOCCO):
            soggetti = (revisione.content or {}).get("soggetti") or []
            cambiata = False
            for voce in soggetti:
                if isinstance(voce, dict) and voce.get("organizzazione") is None and "nome" in voce:
                    zone = zone_della_pratica.get(int(revisione.object_id), ())
                    voce["organizzazione"] = organizzazioni.per_nome(voce["nome"], voce.get("tipo"), zone).pk
                    cambiata = True
            if cambiata:
                revisioni.append(revisione)
            if len(revisioni) >= BLOCCO:
                Revision.objects.bulk_update(revisioni, ["content"])
                revisioni = []
        Revision.objects.bulk_update(revisioni, ["content"])
    organizzazioni.salva_zone()


def di_nuovo_testo(apps, schema_editor):
    """Back: each promoter and partner takes the name and type of its organisation again."""
    Soggetto = apps.get_model("buonepratiche", "SoggettoCoinvolto")
    soggetti = list(Soggetto.objects.filter(organizzazione__isnull=False).select_related("organizzazione"))
    for soggetto in soggetti:
        soggetto.nome, soggetto.tipo = soggetto.organizzazione.nome, soggetto.organizzazione.tipo
    Soggetto.objects.bulk_update(soggetti, ["nome", "tipo"], batch_size=BLOCCO)


class Migration(migrations.Migration):
    dependencies = [
        ("buonepratiche", "0005_soggettocoinvolto_organizzazione"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(in_organizzazioni, di_nuovo_testo)]
