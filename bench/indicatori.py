"""Indicators benchmark: the import of a file of 10,000 rows (and of the same file again, which changes
nothing, and of one that changes every value), then the pages that read them, with 20 imported
indicators × 273 comuni × 15 years (about 82,000 values).

    .venv/bin/python bench/indicatori.py [--ripetizioni 30]

Builds a throw-away test database (settings cop.settings.test; DATABASE_URL for PostgreSQL) and prints
the import's times (read and check, then write) and, for `/dati/`, a zone's page and the API, median and
p95 render time and the query count with the cache filled. Targets (those of the other listings):
median <= 60 ms, p95 <= 150 ms."""

import argparse
import gc
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

from bench.misure import database_di_prova, misura  # noqa: E402

N_INDICATORI, ANNI = 20, range(2010, 2025)


def file_indicatori(codici, anni, *, scarto=0):
    """A CSV of the comuni of today's Tuscan zones: one row per indicator, comune and year."""
    from cop.models import Zona

    comuni = [c for z in Zona.objects.toscane().attuali() for c in z.elenco_comuni]
    righe = ["indicatore;nome;unita;aggregazione;comune;anno;valore"]
    for codice in codici:
        for anno in anni:
            for i, comune in enumerate(comuni):
                righe.append(
                    f"{codice};Indicatore {codice};persone;somma;{comune};{anno};{(i * 7 + anno + scarto) % 500}"
                )
    return ("\n".join(righe) + "\n").encode()


def importa(nome, contenuto):
    from territori import importazione

    inizio = time.perf_counter()
    esito = importazione.leggi("bench.csv", contenuto)
    letto = time.perf_counter()
    if not esito.valido:
        raise RuntimeError(esito.errori[:3])
    importazione.applica(esito)
    scritto = time.perf_counter()
    print(
        f"{nome:<52}{esito.righe:>8}{(letto - inizio) * 1000:>14.0f}{(scritto - letto) * 1000:>14.0f}"
        f"   nuovi {len(esito.nuovi)}, cambiati {len(esito.cambiati)}, invariati {esito.invariati}"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ripetizioni", type=int, default=30)
    args = parser.parse_args()
    with database_di_prova():
        from django.urls import reverse

        print(f"{connection.vendor}, load average {os.getloadavg()[0]:.2f}")
        print(f"{'importazione':<52}{'righe':>8}{'lettura ms':>14}{'scrittura ms':>14}")
        righe = file_indicatori(["mille-a", "mille-b", "mille-c", "mille-d"], range(2017, 2027)).decode().splitlines()
        diecimila = ("\n".join(righe[:10_001]) + "\n").encode()
        importa("10.000 righe nuove", diecimila)
        importa("le stesse 10.000 righe di nuovo (nulla cambia)", diecimila)
        cambiato = diecimila.decode().splitlines()
        cambiato = [cambiato[0]] + [r.rsplit(";", 1)[0] + ";" + str(int(r.rsplit(";", 1)[1]) + 1) for r in cambiato[1:]]
        importa("10.000 righe, ogni valore cambiato", ("\n".join(cambiato) + "\n").encode())
        for n in range(N_INDICATORI):
            from territori import importazione

            esito = importazione.leggi("bench.csv", file_indicatori([f"serie-{n}"], ANNI))
            importazione.applica(esito)
        from territori.models import ValoreIndicatore

        print(f"valori nel database: {ValoreIndicatore.objects.count()}")
        pagine = [
            ("/dati/ (indicatore della piattaforma)", reverse("dati")),
            ("/dati/ (indicatore importato, 2020)", reverse("dati") + "?indicatore=serie-3&anno=2020"),
            ("pagina della zona (22 indicatori)", reverse("zona_detail", args=["pisana"])),
            ("/zone/", reverse("zona_list")),
            ("API: un indicatore", "/api/v1/indicatori/serie-3/?zona=pisana"),
            ("CSV di un indicatore (comuni e zone)", reverse("dati_csv", args=["serie-3"])),
        ]
        print(f"{'pagina':<52}{'mediana ms':>12}{'p95 ms':>10}{'query':>8}")
        gc.collect()
        gc.freeze()  # as a web worker (cop/wsgi.py)
        esito = True
        client = Client()
        for nome, url in pagine:
            mediana, p95, query = misura(client, url, args.ripetizioni)
            esito &= mediana <= 60 and p95 <= 150
            print(f"{nome:<52}{mediana:>12.1f}{p95:>10.1f}{query:>8}")
        print("obiettivi rispettati" if esito else "OBIETTIVI NON RISPETTATI (mediana <= 60 ms, p95 <= 150 ms)")


if __name__ == "__main__":
    main()
