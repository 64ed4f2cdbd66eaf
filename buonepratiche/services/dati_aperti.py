"""Open data: the filtered listing exported as CSV or JSON (UTF-8, one header row, ISO 8601 dates) and
the same file imported into another instance (`manage.py importa_pratiche FILE`).

One record per practice with the fields the page shows, vocabularies by slug. Left out on purpose:
the contact person (the page shows it to logged-in members only). Attachments are exported as
title and URL; the import downloads them from the exporting instance (see `importa_pratiche`)."""

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import urlopen

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from buonepratiche.models import (
    Adozione,
    Allegato,
    BuonaPraticaPage,
    Destinatario,
    FonteFinanziamento,
    Indicatore,
    Metodologia,
    SoggettoCoinvolto,
)
from cop import esportazione_csv
from cop.models import Tema, Zona
from cop.services import organizzazione_per_nome

CAMPI = [
    "slug",
    "titolo",
    "abstract",
    "url",
    "zone",
    "temi",
    "destinatari",
    "fonti_finanziamento",
    "metodologie",
    "soggetti",
    "stato",
    "data_inizio",
    "data_fine",
    "contesto",
    "obiettivi",
    "azioni",
    "risultati",
    "indicatori",
    "difficolta",
    "trasferibilita",
    "etichette",
    "allegati",
    "validata",
    "adozioni",
    "pubblicata_il",
    "aggiornata_il",
]
LISTE = ["zone", "temi", "destinatari", "fonti_finanziamento", "metodologie", "etichette"]
STRUTTURATI = ["soggetti", "indicatori", "allegati", "adozioni"]
TESTI = ["abstract", "contesto", "obiettivi", "azioni", "risultati", "difficolta", "trasferibilita"]
VOCABOLARI = {
    "zone": Zona,
    "temi": Tema,
    "destinatari": Destinatario,
    "fonti_finanziamento": FonteFinanziamento,
    "metodologie": Metodologia,
}
SEPARATORE = "|"


# --- Export ---------------------------------------------------------------------------------------------


def per_esportazione(pratiche):
    """Everything a record needs, in a fixed number of queries."""
    return pratiche.prefetch_related(
        "zone",
        "temi",
        "destinatari",
        "fonti_finanziamento",
        "metodologie",
        "tags",
        Prefetch(
            "soggetti", queryset=SoggettoCoinvolto.objects.select_related("organizzazione").order_by("sort_order", "pk")
        ),
        Prefetch("indicatori", queryset=Indicatore.objects.order_by("sort_order", "pk")),
        "allegati__documento",
        Prefetch("adozioni", queryset=Adozione.objects.select_related("zona_adottante").order_by("creata_il", "pk")),
    )


def _iso(valore):
    if valore is None:
        return None
    if hasattr(valore, "tzinfo"):
        return timezone.localtime(valore).isoformat()
    return valore.isoformat()


def record(pratica, *, request):
    return {
        "slug": pratica.slug,
        "titolo": pratica.title,
        "abstract": pratica.abstract,
        "url": request.build_absolute_uri(pratica.get_url(request)),
        "zone": [z.slug for z in pratica.zone.all()],
        "temi": [t.slug for t in pratica.temi.all()],
        "destinatari": [d.slug for d in pratica.destinatari.all()],
        "fonti_finanziamento": [f.slug for f in pratica.fonti_finanziamento.all()],
        "metodologie": [m.slug for m in pratica.metodologie.all()],
        "soggetti": [{"nome": s.nome, "tipo": s.tipo, "ruolo": s.ruolo} for s in pratica.soggetti.all()],
        "stato": pratica.stato,
        "data_inizio": _iso(pratica.data_inizio),
        "data_fine": _iso(pratica.data_fine),
        "contesto": pratica.contesto,
        "obiettivi": pratica.obiettivi,
        "azioni": pratica.azioni,
        "risultati": pratica.risultati,
        "indicatori": [{"valore": i.valore, "descrizione": i.descrizione} for i in pratica.indicatori.all()],
        "difficolta": pratica.difficolta,
        "trasferibilita": pratica.trasferibilita,
        "etichette": sorted(t.name for t in pratica.tags.all()),
        "allegati": [
            {"titolo": a.titolo_visualizzato, "url": request.build_absolute_uri(a.documento.url)}
            for a in pratica.allegati.all()
        ],
        "validata": pratica.validata,
        "adozioni": [{"zona": a.zona_adottante.slug, "data": _iso(a.creata_il)} for a in pratica.adozioni.all()],
        "pubblicata_il": _iso(pratica.first_published_at),
        "aggiornata_il": _iso(pratica.last_published_at),
    }


def scrivi_csv(records):
    testo = io.StringIO()
    writer = esportazione_csv.scrittore_dict(testo, CAMPI, lineterminator="\r\n")
    writer.writeheader()
    for r in records:
        riga = dict(r)
        for campo in LISTE:
            riga[campo] = SEPARATORE.join(r[campo])
        for campo in STRUTTURATI:
            riga[campo] = json.dumps(r[campo], ensure_ascii=False) if r[campo] else ""
        riga["validata"] = "true" if r["validata"] else "false"
        writer.writerow({k: "" if v is None else v for k, v in riga.items()})
    return testo.getvalue()


def scrivi_json(records):
    return json.dumps({"campi": CAMPI, "pratiche": list(records)}, ensure_ascii=False, indent=1)


def esporta(pratiche, *, request, formato):
    """The text of the export of `pratiche` (a queryset, in its order) as "csv" or "json"."""
    records = (record(p, request=request) for p in per_esportazione(pratiche))
    return scrivi_csv(records) if formato == "csv" else scrivi_json(records)


# --- Import ---------------------------------------------------------------------------------------------


class ErroreImportazione(ValueError):
    pass


def leggi(testo, *, formato=None):
    """Records from the text of an export (format guessed from the first character if not given)."""
    testo = testo.lstrip("\ufeff")
    if formato is None:
        formato = "json" if testo.lstrip().startswith("{") else "csv"
    if formato == "json":
        dati = json.loads(testo)
        return list(dati["pratiche"] if isinstance(dati, dict) else dati)
    righe = list(csv.DictReader(io.StringIO(testo)))
    records = []
    for riga in righe:
        mancanti = set(CAMPI) - set(riga)
        if mancanti:
            raise ErroreImportazione(_("Colonne mancanti: %(c)s") % {"c": ", ".join(sorted(mancanti))})
        r = {k: esportazione_csv.valore_letto(riga[k]) for k in CAMPI}
        for campo in LISTE:
            r[campo] = [v for v in riga[campo].split(SEPARATORE) if v]
        for campo in STRUTTURATI:
            r[campo] = json.loads(riga[campo]) if riga[campo] else []
        r["validata"] = riga["validata"].lower() == "true"
        for campo in ("data_inizio", "data_fine", "pubblicata_il", "aggiornata_il"):
            r[campo] = riga[campo] or None
        records.append(r)
    return records


@dataclass
class EsitoImportazione:
    create: int = 0
    aggiornate: int = 0
    voci_aggiunte: list = field(default_factory=list)
    allegati_copiati: int = 0
    allegati_non_copiati: list = field(default_factory=list)


def _voci(campo, slugs, esito):
    modello = VOCABOLARI[campo]
    trovate = {v.slug: v for v in modello.objects.filter(slug__in=slugs)}
    for slug in slugs:
        if slug in trovate:
            continue
        if modello in (Zona, Tema):
            raise ErroreImportazione(
                _("%(campo)s: «%(slug)s» non esiste in questa istanza.") % {"campo": campo, "slug": slug}
            )
        trovate[slug] = modello.objects.create(slug=slug, nome=slug.replace("-", " ").capitalize())
        esito.voci_aggiunte.append(f"{campo}:{slug}")
    return [trovate[s] for s in slugs]


LIMITE_ALLEGATO = 20 * 1024 * 1024


def scarica_url(url, *, limite=LIMITE_ALLEGATO, timeout=30):
    """Download an attachment of the exporting instance (http/https only, at most `limite` bytes)."""
    if urlparse(url).scheme not in ("http", "https"):
        raise ValueError(_("indirizzo non valido: %(url)s") % {"url": url})
    with urlopen(url, timeout=timeout) as risposta:  # noqa: S310 - the scheme is checked above
        dati = risposta.read(limite + 1)
    if len(dati) > limite:
        raise ValueError(_("file oltre i 20 MB: %(url)s") % {"url": url})
    return dati


def _scarica_allegati(*, pratica, allegati, scarica, esito):
    """The attachments of the export that this practice does not have yet (same title), downloaded from
    the exporting instance as new Documents. A file that cannot be fetched is reported, the import goes on."""
    from .proposte import collezione_allegati

    gia_presenti = {a.titolo_visualizzato for a in pratica.allegati.all()}
    nuovi = []
    Document = get_document_model()
    for voce in allegati:
        if voce["titolo"] in gia_presenti:
            continue
        try:
            dati = scarica(voce["url"])
        except (OSError, ValueError) as errore:
            esito.allegati_non_copiati.append(f"{voce['titolo']} ({errore})")
            continue
        nome_file = Path(unquote(urlparse(voce["url"]).path)).name or "allegato"
        documento = Document(
            title=voce["titolo"], file=ContentFile(dati, name=nome_file), collection=collezione_allegati()
        )
        documento._set_document_file_metadata()
        documento.save()
        nuovi.append(Allegato(documento=documento, titolo=voce["titolo"]))
        esito.allegati_copiati += 1
    return nuovi


@transaction.atomic
def importa_pratiche(*, records, indice, scarica=None):
    """Create or update (by slug, under `indice`) the practices of an export and publish them, keeping
    their publication dates, "validata", adoptions and (with `scarica`, a function url -> bytes) their
    attachments. All or nothing, except attachments that cannot be downloaded, which are reported."""
    esito = EsitoImportazione()
    for r in records:
        pratica = BuonaPraticaPage.objects.child_of(indice).filter(slug=r["slug"]).first()
        nuova = pratica is None
        if nuova:
            pratica = BuonaPraticaPage(slug=r["slug"] or slugify(r["titolo"]))
        pratica.title = r["titolo"]
        for campo in TESTI:
            setattr(pratica, campo, r[campo] or "")
        pratica.stato = r["stato"]
        pratica.data_inizio = parse_date(r["data_inizio"]) if r["data_inizio"] else None
        pratica.data_fine = parse_date(r["data_fine"]) if r["data_fine"] else None
        for campo in VOCABOLARI:
            getattr(pratica, campo).set(_voci(campo, r[campo], esito))
        zone = list(pratica.zone.all())
        pratica.soggetti = [
            SoggettoCoinvolto(
                organizzazione=organizzazione_per_nome(nome=s["nome"], tipo=s["tipo"], pubblica=True, zone=zone),
                ruolo=s["ruolo"],
            )
            for s in r["soggetti"]
        ]
        pratica.indicatori = [Indicatore(**i) for i in r["indicatori"]]
        pratica.tags.set(r["etichette"], clear=True)
        if scarica is None:
            esito.allegati_non_copiati.extend(voce["titolo"] for voce in r["allegati"])
        else:
            nuovi = _scarica_allegati(pratica=pratica, allegati=r["allegati"], scarica=scarica, esito=esito)
            if nuovi:
                pratica.allegati = list(pratica.allegati.all()) + nuovi
        pratica.full_clean(exclude=["path", "depth"])
        if nuova:
            indice.add_child(instance=pratica)
            esito.create += 1
        else:
            pratica.save()
            esito.aggiornate += 1
        pratica.save_revision().publish()
        BuonaPraticaPage.objects.filter(pk=pratica.pk).update(
            validata=bool(r["validata"]),
            first_published_at=parse_datetime(r["pubblicata_il"]) if r["pubblicata_il"] else timezone.now(),
            last_published_at=parse_datetime(r["aggiornata_il"]) if r["aggiornata_il"] else timezone.now(),
        )
        zone_adottanti = {z.slug: z for z in Zona.objects.filter(slug__in=[a["zona"] for a in r["adozioni"]])}
        for a in r["adozioni"]:
            if a["zona"] not in zone_adottanti:
                raise ErroreImportazione(_("adozioni: la zona «%(slug)s» non esiste.") % {"slug": a["zona"]})
            Adozione.objects.update_or_create(
                pratica=pratica,
                zona_adottante=zone_adottanti[a["zona"]],
                defaults={"creata_il": parse_datetime(a["data"]) if a["data"] else timezone.now()},
            )
    return esito
