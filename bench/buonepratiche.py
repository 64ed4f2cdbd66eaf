"""Benchmark of the library of good practices (issue #4): N published practices with a realistic
spread of zones, themes, vocabularies, partners, years, states, validations and adoptions, then
median and p95 render time and SQL query count of the library (unfiltered, two filters, page 50)
and of a practice page, through Django's test client in this one process.

    .venv/bin/python bench/buonepratiche.py                 # 10,000 practices in var/bench.sqlite3
    .venv/bin/python bench/buonepratiche.py --pratiche 100  # the query counts must not change
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench .venv/bin/python bench/buonepratiche.py

The database is emptied of practices and rebuilt at every run (a SQLite file of its own by default,
never the development db.sqlite3). See bench/README.md."""

import argparse
import datetime
import gc
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

RADICE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RADICE))


def configura(percorso_sqlite):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.test")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(percorso_sqlite)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]


def prepara_database():
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def genera(n, *, seme=4):
    """N practices under the library index, written in bulk: the treebeard paths are computed
    (MP_Node steps of 4 characters under the index), the page rows inserted with bulk_create and the
    BuonaPraticaPage rows with one executemany (bulk_create does not do multi-table inheritance)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag
    from wagtail.models import Locale, Page, Site

    from buonepratiche.models import (
        Adozione,
        BuonaPraticaPage,
        BuonaPraticaTag,
        BuonePraticheIndexPage,
        Destinatario,
        FonteFinanziamento,
        Indicatore,
        Metodologia,
        SoggettoCoinvolto,
    )
    from cop.models import Organizzazione, Tema, Zona

    rnd = random.Random(seme)
    home = Site.objects.get(is_default_site=True).root_page
    indice = BuonePraticheIndexPage.objects.first()
    if indice is None:
        indice = home.add_child(instance=BuonePraticheIndexPage(title="Buone pratiche", slug="buone-pratiche"))
    with transaction.atomic():
        BuonaPraticaPage.objects.all().delete()
        Page.objects.filter(pk=indice.pk).update(numchild=0)
    indice.refresh_from_db()

    zone = list(Zona.objects.toscane().attuali()) or list(Zona.objects.all())
    fuori = list(Zona.objects.exclude(regione="Toscana"))
    temi = list(Tema.objects.all())
    destinatari = list(Destinatario.objects.all())
    fonti = list(FonteFinanziamento.objects.all())
    metodologie = list(Metodologia.objects.all())
    tipi = [t for t, _ in Organizzazione.Tipo.choices]
    # A realistic network: a few hundred bodies, each taking part in several practices.
    organizzazioni = [
        Organizzazione.objects.get_or_create(nome=f"Organizzazione {k}", tipo=tipi[k % len(tipi)])[0]
        for k in range(300)
    ]
    capofila = Organizzazione.objects.get_or_create(nome="Comune capofila", tipo="comune")[0]
    stati = [s for s, _ in BuonaPraticaPage.Stato.choices]
    pesi_zone = [1 / (i + 1) ** 0.6 for i in range(len(zone))]  # some zones share much more than others
    ct = ContentType.objects.get_for_model(BuonaPraticaPage)
    locale = Locale.get_default()
    ora = timezone.now()
    parole = [
        "inclusione", "comunità", "famiglie", "minori", "povertà", "lavoro", "casa", "rete", "servizi",
        "territorio", "progetto", "accompagnamento", "co-progettazione", "terzo", "settore", "budget",
        "salute", "educativa", "orientamento", "mediazione", "scuola",
    ]  # fmt: skip

    pagine, righe = [], []
    for i in range(n):
        anno = rnd.choices(range(2014, 2026), weights=range(1, 13))[0]
        inizio = datetime.date(anno, rnd.randint(1, 12), rnd.randint(1, 28))
        stato = rnd.choices(stati, weights=[1, 5, 4])[0]
        fine = inizio.replace(year=min(anno + rnd.randint(1, 3), 2027)) if stato == "conclusa" else None
        pubblicata = ora - datetime.timedelta(minutes=i * 37 + rnd.randint(0, 30))
        titolo = f"{' '.join(rnd.sample(parole, 4)).capitalize()} {i}"
        slug = f"pratica-{i}"
        pagine.append(
            Page(
                content_type=ct,
                path=indice._get_path(indice.path, indice.depth + 1, i + 1),
                depth=indice.depth + 1,
                numchild=0,
                title=titolo,
                draft_title=titolo,
                slug=slug,
                url_path=f"{indice.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=pubblicata,
                last_published_at=pubblicata,
                live_revision=None,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
        corpo = "<p>" + " ".join(rnd.choices(parole, k=60)) + "</p>"
        righe.append(
            {
                "abstract": " ".join(rnd.choices(parole, k=35)),
                "data_inizio": inizio,
                "data_fine": fine,
                "stato": stato,
                "contesto": corpo,
                "obiettivi": corpo,
                "azioni": corpo * 2,
                "risultati": corpo,
                "difficolta": corpo if rnd.random() < 0.5 else "",
                "trasferibilita": corpo,
                "contatto_nome": "Maria Rossi",
                "contatto_email": "maria.rossi@esempio.it",
                "contatto_telefono": "055 000000",
                "validata": rnd.random() < 0.15,
            }
        )

    with transaction.atomic():
        create = Page.objects.bulk_create(pagine, batch_size=500)
        if create[0].pk is None:  # backends without RETURNING
            create = list(Page.objects.filter(depth=indice.depth + 1, path__startswith=indice.path).order_by("path"))
        ids = [p.pk for p in create]
        Page.objects.filter(pk=indice.pk).update(numchild=n)

        campi = [f for f in BuonaPraticaPage._meta.local_concrete_fields if f.column != "page_ptr_id"]
        colonne = ", ".join(connection.ops.quote_name(f.column) for f in campi)
        segnaposti = ", ".join(["%s"] * (len(campi) + 1))
        tabella = connection.ops.quote_name(BuonaPraticaPage._meta.db_table)
        # table and column names come from the model, the values go as parameters
        sql = f"INSERT INTO {tabella} (page_ptr_id, {colonne}) VALUES ({segnaposti})"  # noqa: S608
        valori = [
            [pk] + [f.get_db_prep_save(r[f.name], connection) for f in campi] for pk, r in zip(ids, righe, strict=True)
        ]
        with connection.cursor() as cursor:
            for inizio_lotto in range(0, len(valori), 1000):
                cursor.executemany(sql, valori[inizio_lotto : inizio_lotto + 1000])

        def m2m(campo, voci, quante):
            field = BuonaPraticaPage._meta.get_field(campo)
            through = field.remote_field.through
            col_p, col_v = field.m2m_column_name(), field.m2m_reverse_name()
            oggetti = []
            for pk in ids:
                scelte = {rnd.choices(voci, weights=pesi_zone)[0]} if campo == "zone" else set()
                k = rnd.choice(quante)
                if campo == "zone" and fuori and rnd.random() < 0.03:
                    scelte = {rnd.choice(fuori)}
                while len(scelte) < min(k, len(voci)):
                    scelte.add(rnd.choice(voci))
                oggetti += [through(**{col_p: pk, col_v: v.pk}) for v in scelte]
            through.objects.bulk_create(oggetti, batch_size=2000)

        m2m("zone", zone, [1, 1, 1, 1, 2, 3])
        m2m("temi", temi, [1, 1, 2, 2, 3])
        m2m("destinatari", destinatari, [0, 1, 1, 2, 3])
        m2m("fonti_finanziamento", fonti, [0, 1, 1, 2])
        m2m("metodologie", metodologie, [0, 1, 2, 2, 3])

        soggetti, indicatori = [], []
        for pk in ids:
            soggetti.append(SoggettoCoinvolto(pratica_id=pk, organizzazione=capofila, ruolo="promotore"))
            for k, partner in enumerate(rnd.sample(organizzazioni, rnd.randint(0, 4))):
                soggetti.append(
                    SoggettoCoinvolto(pratica_id=pk, sort_order=k + 1, organizzazione=partner, ruolo="partner")
                )
            for k in range(rnd.randint(0, 3)):
                indicatori.append(
                    Indicatore(pratica_id=pk, sort_order=k, valore=str(rnd.randint(5, 900)), descrizione="persone")
                )
        SoggettoCoinvolto.objects.bulk_create(soggetti, batch_size=2000)
        Indicatore.objects.bulk_create(indicatori, batch_size=2000)

        etichette = [Tag.objects.get_or_create(name=p, defaults={"slug": p})[0] for p in parole[:12]]
        BuonaPraticaTag.objects.bulk_create(
            [
                BuonaPraticaTag(content_object_id=pk, tag=t)
                for pk in ids
                for t in rnd.sample(etichette, rnd.randint(0, 3))
            ],
            batch_size=2000,
        )
        adozioni = []
        for pk in rnd.sample(ids, k=max(1, n // 12)):
            for z in rnd.sample(zone, k=rnd.randint(1, 3)):
                adozioni.append(Adozione(pratica_id=pk, zona_adottante=z))
        Adozione.objects.bulk_create(adozioni, batch_size=2000, ignore_conflicts=True)

    # treebeard's own consistency check on the index subtree (paths, depth and numchild)
    indice.refresh_from_db()
    if not indice.get_children_count() == n == indice.numchild == BuonaPraticaPage.objects.live().count():
        raise RuntimeError("albero delle pagine incoerente dopo la generazione")
    return indice


def controlla(risposta, url):
    if risposta.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {risposta.status_code}")


def misura(client, url, ripetizioni, *, senza_cache=False):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm-up: templates, site root paths, the database's own caches
        controlla(client.get(url), url)
    tempi, query = [], set()
    from buonepratiche.biblioteca import invalida
    from territori.flusso import CACHE as conteggi_dei_territori

    for _ in range(ripetizioni):
        if senza_cache:
            invalida()  # a new generation: vocabularies and counts computed again
            conteggi_dei_territori.invalida()
        reset_queries()
        with CaptureQueriesContext(connection) as catturate:
            inizio = time.perf_counter()
            risposta = client.get(url)
            tempi.append((time.perf_counter() - inizio) * 1000)
        controlla(risposta, url)
        query.add(len(catturate))
    tempi.sort()
    p95 = tempi[min(len(tempi) - 1, round(0.95 * len(tempi)) - 1)]
    return statistics.median(tempi), p95, sorted(query)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pratiche", type=int, default=10_000)
    parser.add_argument("--ripetizioni", type=int, default=50)
    parser.add_argument("--sqlite", type=Path, default=RADICE / "var" / "bench.sqlite3")
    parser.add_argument("--riusa", action="store_true", help="non rigenerare le pratiche se il numero coincide")
    args = parser.parse_args()

    args.sqlite.parent.mkdir(exist_ok=True)
    configura(args.sqlite)
    from django.db import connection
    from django.test import Client

    from buonepratiche.models import BuonaPraticaPage, BuonePraticheIndexPage

    prepara_database()
    inizio = time.perf_counter()
    if args.riusa and BuonaPraticaPage.objects.live().count() == args.pratiche:
        indice = BuonePraticheIndexPage.objects.get()
        print(f"{args.pratiche} pratiche già presenti, riutilizzate")
    else:
        indice = genera(args.pratiche)
        print(f"{args.pratiche} pratiche generate in {time.perf_counter() - inizio:.1f} s")
    with connection.cursor() as cursor:  # statistics for the planner after the bulk insert
        cursor.execute("ANALYZE")

    from cop.models import Tema, Zona

    zona = Zona.objects.filter(buone_pratiche__isnull=False).first()
    tema = Tema.objects.filter(buone_pratiche__isnull=False).first()
    pratica = BuonaPraticaPage.objects.live().order_by("-first_published_at").first()
    url = indice.url
    casi = {
        "biblioteca senza filtri": url,
        "biblioteca con due filtri": f"{url}?zona={zona.slug}&tema={tema.slug}",
        "biblioteca pagina 50": f"{url}?page=50",
        "scheda di una pratica": pratica.url,
        "mappa delle zone (/zone/)": "/zone/",
        "pagina di una zona, con la mappa": f"/zone/{zona.slug}/",
        "flusso: frecce delle adozioni": "/flusso/",
        "flusso: frecce per tema": f"/flusso/?tema={tema.slug}",
    }
    # Measure a process like a web worker: cop/wsgi.py freezes what start-up allocated (gc.freeze).
    gc.collect()
    gc.freeze()
    client = Client()
    print(f"database: {connection.vendor}, pratiche: {args.pratiche}, ripetizioni: {args.ripetizioni}")
    print(f"{'caso':38} {'mediana ms':>11} {'p95 ms':>8} {'query':>7}")
    for nome, indirizzo in casi.items():
        mediana, p95, query = misura(client, indirizzo, args.ripetizioni)
        print(f"{nome:38} {mediana:11.1f} {p95:8.1f} {'/'.join(map(str, query)):>7}")
    print("dopo una modifica (conteggi e vocabolari da ricalcolare):")
    for nome in (
        "biblioteca senza filtri",
        "biblioteca con due filtri",
        "mappa delle zone (/zone/)",
        "flusso: frecce delle adozioni",
    ):
        mediana, p95, query = misura(client, casi[nome], args.ripetizioni, senza_cache=True)
        print(f"{nome + ' (senza cache)':38} {mediana:11.1f} {p95:8.1f} {'/'.join(map(str, query)):>7}")


if __name__ == "__main__":
    main()
