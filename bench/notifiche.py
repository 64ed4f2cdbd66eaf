"""Notifications benchmark: a reply in a topic followed by 10 and by 1,000 members, and the pages a
member with 5,000 notifications reads.

    .venv/bin/python bench/notifiche.py [--ripetizioni 30]

Builds a throw-away test database (settings cop.settings.test; DATABASE_URL for PostgreSQL), then:
- posts replies through the forum's form (POST /forum/t/<pk>/rispondi/) in a topic with 10 and with
  1,000 followers, median and p95 ms and the queries of one post: the post writes one task row,
  whatever the followers, and should cost the same;
- runs the worker on the queued fan-out of one post with 1,000 followers (the notifications in the
  site and the forum's emails of who chose email), and prints how long it took;
- renders /notifiche/ and the home page (the bell) for a member with 5,000 notifications, 4,000 of
  them unread. Targets: median <= 60 ms, p95 <= 150 ms."""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.misure import database_di_prova, mediana_e_p95, misura  # noqa: E402


def _seguaci(discussione, quanti, prefisso):
    from django.contrib.auth import get_user_model

    from forum.models import Iscrizione

    User = get_user_model()
    utenti = User.objects.bulk_create(
        [User(username=f"{prefisso}-{i}", email=f"{prefisso}-{i}@esempio.it") for i in range(quanti)]
    )
    Iscrizione.objects.bulk_create([Iscrizione(user=u, discussione=discussione) for u in utenti])


def prepara():
    from cop.tests.factories import OperatoreFactory
    from forum.models import ImpostazioniForum
    from forum.tests.conftest import veterano
    from forum.tests.factories import CategoriaFactory, DiscussioneFactory
    from notifiche.models import Notifica
    from notifiche.tipi import Tipo

    impostazioni = ImpostazioniForum.load()
    impostazioni.secondi_tra_messaggi = 0
    impostazioni.secondi_tra_messaggi_nuovi = 0
    impostazioni.save()
    categoria = CategoriaFactory(slug="generale")
    autore = veterano(username="autrice")
    piccola = DiscussioneFactory(categoria=categoria, autore=autore, titolo="Seguita da 10")
    grande = DiscussioneFactory(categoria=categoria, autore=autore, titolo="Seguita da 1000")
    _seguaci(piccola, 10, "dieci")
    _seguaci(grande, 1000, "mille")
    lettrice = OperatoreFactory(username="lettrice")
    Notifica.objects.bulk_create(
        [
            Notifica(
                user=lettrice,
                tipo=Tipo.RISPOSTA,
                titolo=f"Qualcuno ha scritto in «Discussione {i}»",
                url="/forum/",
                testo="Un messaggio di prova. " * 5,
                letta_il=None if i >= 1000 else autore.date_joined,
            )
            for i in range(5000)
        ]
    )
    return {"scrive": veterano(username="chi-scrive"), "piccola": piccola, "grande": grande, "lettrice": lettrice}


def posta(client, discussione, ripetizioni):
    from django.urls import reverse

    url = reverse("forum:rispondi", args=[discussione.pk])
    tempi = []
    for i in range(ripetizioni):
        with CaptureQueriesContext(connection) as ctx:
            inizio = time.perf_counter()
            risposta = client.post(url, {"testo": f"Risposta numero {i} con qualche parola in più."})
            tempi.append((time.perf_counter() - inizio) * 1000)
        if risposta.status_code != 302:
            raise RuntimeError(f"{url}: HTTP {risposta.status_code}")
    return *mediana_e_p95(tempi), len(ctx.captured_queries)


def svuota_coda():
    from django.core.management import call_command

    inizio = time.perf_counter()
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    return time.perf_counter() - inizio


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ripetizioni", type=int, default=30)
    args = parser.parse_args()
    with database_di_prova():
        from notifiche.models import Notifica

        dati = prepara()
        client = Client()
        client.force_login(dati["scrive"])
        print(f"{'':46} {'mediana':>9} {'p95':>9} {'query':>6}")
        for nome, discussione in (
            ("risposta, 10 iscritti", dati["piccola"]),
            ("risposta, 1.000 iscritti", dati["grande"]),
        ):
            mediana, p95, query = posta(client, discussione, args.ripetizioni)
            print(f"{nome:46} {mediana:8.1f}ms {p95:8.1f}ms {query:6d}")
        svuota_coda()
        client.post(f"/forum/t/{dati['grande'].pk}/rispondi/", {"testo": "Una risposta per mille."})
        prima = Notifica.objects.count()
        secondi = svuota_coda()
        print(f"worker: una risposta a 1.000 iscritti, {Notifica.objects.count() - prima} notifiche in {secondi:.2f} s")
        client.force_login(dati["lettrice"])
        for nome, url in (
            ("/notifiche/ (5.000, 4.000 da leggere)", "/notifiche/"),
            ("/notifiche/?quali=da-leggere&page=50", "/notifiche/?quali=da-leggere&page=50"),
            ("home con la campanella", "/"),
        ):
            mediana, p95, query = misura(client, url, args.ripetizioni)
            print(f"{nome:46} {mediana:8.1f}ms {p95:8.1f}ms {query:6d}")


if __name__ == "__main__":
    main()
