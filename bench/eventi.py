"""Benchmark of the events (issue #5): the listing with 2,000 events (half upcoming, half in the
archive, with themes and zones) and an event page with 1,000 attendees (and a waiting list), through
Django's test client in this one process. Prints median and p95 render time and the SQL query count.

    .venv/bin/python bench/eventi.py                      # 2,000 events in var/bench-eventi.sqlite3
    .venv/bin/python bench/eventi.py --eventi 50 --iscritti 10   # the query counts must not change
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench .venv/bin/python bench/eventi.py

The events are rebuilt at every run, in a SQLite file of their own by default (never db.sqlite3)."""

import argparse
import gc
import os
import random
import statistics
import sys
import time
from datetime import timedelta
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


def genera(n_eventi, n_iscritti, *, seme=5):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page, Site

    from cop.models import Tema, Zona
    from eventi.models import EventiIndexPage, EventoPage, Iscrizione

    call_command("migrate", verbosity=0, interactive=False)
    rnd = random.Random(seme)
    home = Site.objects.get(is_default_site=True).root_page
    indice = EventiIndexPage.objects.first()
    if indice is None:
        indice = home.add_child(instance=EventiIndexPage(title="Eventi", slug="eventi"))
    with transaction.atomic():
        EventoPage.objects.all().delete()
        Page.objects.filter(pk=indice.pk).update(numchild=0)
        get_user_model().objects.filter(username__startswith="bench-").delete()
    indice.refresh_from_db()

    temi, zone = list(Tema.objects.all()), list(Zona.objects.toscane().attuali())
    adesso = timezone.now().replace(microsecond=0)
    tipi = [valore for valore, _etichetta in EventoPage.Tipo.choices]
    with transaction.atomic():
        for i in range(n_eventi):
            inizio = adesso + timedelta(days=rnd.randint(1, 700) * (1 if i % 2 else -1), hours=rnd.randint(0, 8))
            evento = EventoPage(
                title=f"Seminario {i}: inclusione e servizi di zona",
                slug=f"bench-seminario-{i}",
                intro="Un incontro della Comunità di pratica sulle esperienze delle zone-distretto.",
                tipo=rnd.choice(tipi),
                inizio=inizio,
                fine=inizio + timedelta(minutes=90),
                posti=rnd.choice([None, 50, 100]),
                registrazione_url="https://youtu.be/dQw4w9WgXcQ" if i % 2 == 0 else "",
                programma=[
                    ("voce", {"ora": "10:00", "titolo": "Apertura", "tipo": "saluti", "relatori": []}),
                    ("voce", {"ora": "10:30", "titolo": "Tavola rotonda", "tipo": "tavola-rotonda", "relatori": []}),
                ],
            )
            evento.temi = rnd.sample(temi, k=min(2, len(temi)))
            evento.zone = rnd.sample(zone, k=min(2, len(zone)))
            indice.add_child(instance=evento)

    grande = EventoPage(
        title="Evento con mille iscritti",
        slug="bench-mille-iscritti",
        inizio=adesso + timedelta(days=3),
        fine=adesso + timedelta(days=3, hours=2),
        posti=n_iscritti,
    )
    indice.add_child(instance=grande)
    User = get_user_model()
    utenti = User.objects.bulk_create(
        [User(username=f"bench-{i}", email=f"bench-{i}@esempio.it") for i in range(n_iscritti + 100)]
    )
    Iscrizione.objects.bulk_create(
        [Iscrizione(evento=grande, user=u, stato="confermata", posto=i + 1) for i, u in enumerate(utenti[:n_iscritti])]
        + [Iscrizione(evento=grande, user=u, stato="in-attesa") for u in utenti[n_iscritti:]]
    )
    return indice, grande, utenti[0]


def misura(client, url, ripetizioni):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm-up: templates, site root paths
        if client.get(url).status_code != 200:
            raise RuntimeError(url)
    tempi, query = [], set()
    for _ in range(ripetizioni):
        with CaptureQueriesContext(connection) as catturate:
            inizio = time.perf_counter()
            risposta = client.get(url)
            tempi.append((time.perf_counter() - inizio) * 1000)
        if risposta.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {risposta.status_code}")
        query.add(len(catturate))
    tempi.sort()
    p95 = tempi[min(len(tempi) - 1, round(0.95 * len(tempi)) - 1)]
    return statistics.median(tempi), p95, sorted(query)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eventi", type=int, default=2_000)
    parser.add_argument("--iscritti", type=int, default=1_000)
    parser.add_argument("--ripetizioni", type=int, default=50)
    parser.add_argument("--sqlite", type=Path, default=RADICE / "var" / "bench-eventi.sqlite3")
    args = parser.parse_args()

    args.sqlite.parent.mkdir(exist_ok=True)
    configura(args.sqlite)
    from django.db import connection
    from django.test import Client

    inizio = time.perf_counter()
    indice, grande, iscritto = genera(args.eventi, args.iscritti)
    print(f"{args.eventi} eventi e {args.iscritti} iscritti generati in {time.perf_counter() - inizio:.1f} s")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # Measure a process like a web worker: cop/wsgi.py freezes what start-up allocated (gc.freeze).
    gc.collect()
    gc.freeze()
    anonimo, connesso = Client(), Client()
    connesso.force_login(iscritto)
    casi = [
        ("elenco (anonimo)", anonimo, indice.url),
        ("elenco, pagina 40", anonimo, indice.url + "?pagina=40"),
        ("elenco filtrato (tipo)", anonimo, indice.url + "?tipo=formazione"),
        ("evento con 1.000 iscritti (anonimo)", anonimo, grande.url),
        ("evento con 1.000 iscritti (iscritto)", connesso, grande.url),
    ]
    print(f"database: {connection.vendor}; {args.ripetizioni} richieste per caso")
    print(f"{'caso':40} {'mediana':>9} {'p95':>9}  query")
    for nome, client, url in casi:
        mediana, p95, query = misura(client, url, args.ripetizioni)
        print(f"{nome:40} {mediana:7.1f}ms {p95:7.1f}ms  {','.join(map(str, query))}")


if __name__ == "__main__":
    main()
