"""Forum benchmark: a topic with 5,000 posts and a category with 10,000 topics.

    .venv/bin/python bench/forum.py [--ripetizioni 30]

Builds a throw-away test database (settings cop.settings.test; DATABASE_URL for PostgreSQL), then
renders the first, a middle and the last page of each as an anonymous visitor and as a member, and
prints median and p95 render time and the query count. Targets: median <= 60 ms, p95 <= 150 ms."""

import argparse
import gc
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.misure import database_di_prova, misura  # noqa: E402

N_MESSAGGI = 5_000
N_DISCUSSIONI = 10_000


def prepara():
    from cop.tests.factories import OperatoreFactory
    from forum.menzioni import rendi_messaggio
    from forum.models import Categoria, Discussione, Messaggio, Reazione
    from forum.services import _ricalcola

    autori = [OperatoreFactory(username=f"bench{i}") for i in range(20)]
    html = rendi_messaggio("Un messaggio con **grassetto**, un [link](https://esempio.it) e\n\n> una citazione.")
    grande = Categoria.objects.create(nome="Bench discussioni", slug="bench-discussioni")
    Discussione.objects.bulk_create(
        [
            Discussione(categoria=grande, titolo=f"Discussione {i}", autore=autori[i % 20], fissata=i % 1000 == 0)
            for i in range(N_DISCUSSIONI)
        ],
        batch_size=2000,
    )
    d = Discussione.objects.create(categoria=Categoria.objects.create(nome="Bench", slug="bench"), titolo="Lunga")
    messaggi = Messaggio.objects.bulk_create(
        [Messaggio(discussione=d, autore=autori[i % 20], testo="x", html=html) for i in range(N_MESSAGGI)],
        batch_size=2000,
    )
    Reazione.objects.bulk_create([Reazione(messaggio=m, user=autori[0]) for m in messaggi[1::3]], batch_size=2000)
    _ricalcola(d)
    _ricalcola(Discussione.objects.filter(categoria=grande).first())
    return grande, d, autori[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ripetizioni", type=int, default=30)
    args = parser.parse_args()
    with database_di_prova():
        from forum.views import DISCUSSIONI_PER_PAGINA, MESSAGGI_PER_PAGINA

        categoria, discussione, membro = prepara()
        pagine_t = (N_MESSAGGI - 1) // MESSAGGI_PER_PAGINA + 1
        pagine_c = (N_DISCUSSIONI - 1) // DISCUSSIONI_PER_PAGINA + 1
        casi = [
            (f"discussione {N_MESSAGGI} messaggi", discussione.get_absolute_url(), pagine_t),
            (f"categoria {N_DISCUSSIONI} discussioni", categoria.get_absolute_url(), pagine_c),
        ]
        print(f"{connection.vendor}, {args.ripetizioni} ripetizioni per pagina")
        print(f"{'pagina':<52}{'mediana ms':>12}{'p95 ms':>10}{'query':>8}")
        # Measure a process like a web worker: cop/wsgi.py freezes what start-up allocated (gc.freeze).
        gc.collect()
        gc.freeze()
        esito = True
        for chi in ("anonimo", "membro"):
            client = Client()
            if chi == "membro":
                client.force_login(membro)
            for nome, url, ultima in casi:
                for numero in (1, ultima // 2, ultima):
                    mediana, p95, query = misura(client, f"{url}?page={numero}", args.ripetizioni)
                    esito &= mediana <= 60 and p95 <= 150
                    print(
                        f"{chi + ' · ' + nome + f' · p. {numero}/{ultima}':<52}{mediana:>12.1f}{p95:>10.1f}{query:>8}"
                    )
        print("obiettivi rispettati" if esito else "OBIETTIVI NON RISPETTATI (mediana <= 60 ms, p95 <= 150 ms)")


if __name__ == "__main__":
    main()
