"""Benchmark of the site search (issue #7): N documents in the database (100,000 by default), then

- bulk indexing into Elasticsearch end to end from the database (`search.documents` streamed into
  `ElasticsearchBackend.ricostruisci`), in documents per second (target >= 1,000/s), and the same
  rebuild into the database engine;
- the search page (/cerca/) median and p95 with Elasticsearch and with the database engine
  (targets: <= 80 ms median with Elasticsearch; <= 150 ms with the database engine at 20,000
  documents, its size: above it, Elasticsearch), over a rotation of queries, filters and sortings;
- suggestions while typing (/cerca/suggerimenti/), median (target <= 30 ms).

    .venv/bin/python bench/search.py                          # 100,000 in var/bench-search.sqlite3
    .venv/bin/python bench/search.py --documenti 10000 --riusa
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/search.py   # a real cluster
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench .venv/bin/python bench/search.py

Elasticsearch is osmem-server (the in-memory server of the tests, started here on 127.0.0.1) unless
ELASTICSEARCH_URL is set. The documents are good practices generated in bulk as in
bench/buonepratiche.py, whose texts are then rewritten with Italian sentences made by a word-chain
over the seeds in shared/seeds and the names of zones and themes. See bench/README.md."""

import argparse
import gc
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path

RADICE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RADICE))

from bench.buonepratiche import configura, genera, prepara_database  # noqa: E402

SEMI = [RADICE.parent / "shared" / "seeds", RADICE / "shared" / "seeds", Path("/work/shared/seeds")]

RICERCHE = [
    {"q": "povertà"},
    {"q": "inclusione sociale"},
    {"q": "famiglie fragili"},
    {"q": "ADI"},
    {"q": "lavoro", "ordina": "data"},
    {"q": "servizi sociali", "page": "3"},
    {"q": "comunità", "tipo": "pratica"},
    {"q": "percorsi di accompagnamento"},
    {"q": "welfare di comunita"},
    {"q": ""},
    {"q": "progetto", "validata": "1"},
    {"q": "minori stranieri"},
]
PREFISSI = ["inc", "pov", "fam", "serv", "lav", "comu", "acco", "pro", "wel", "cas"]


class Catena:
    """Word-chain (bigrams) over a corpus: plausible Italian sentences of any length."""

    def __init__(self, testo, rnd):
        parole = testo.split()
        self.seguiti = defaultdict(list)
        for a, b in zip(parole, parole[1:], strict=False):
            self.seguiti[a].append(b)
        self.inizi = [p for p in self.seguiti if p[:1].isupper()] or list(self.seguiti)
        self.rnd = rnd

    def frase(self, lunghezza):
        parola = self.rnd.choice(self.inizi)
        parole = [parola]
        while len(parole) < lunghezza:
            seguiti = self.seguiti.get(parola)
            parola = self.rnd.choice(seguiti) if seguiti else self.rnd.choice(self.inizi)
            parole.append(parola)
        return " ".join(parole).rstrip(".,;:") + "."


def corpus_dei_semi():
    from cop.models import Tema, Zona

    cartella = next((c for c in SEMI if c.is_dir()), None)
    testo = ""
    if cartella is not None:
        testo = " ".join(f.read_text(encoding="utf-8", errors="ignore") for f in sorted(cartella.glob("*.txt")))
    nomi = [z.nome for z in Zona.objects.all()] + [t.nome for t in Tema.objects.all()]
    # Keep sentences and words; drop the seeds' page furniture (bullets, very long capital lines).
    testo = re.sub(r"[●•“”\"«»]", " ", testo)
    testo = " ".join(r for r in testo.splitlines() if not (r.isupper() and len(r) > 40))
    return testo + " " + " ".join(f"Nella zona {n} il progetto coinvolge le famiglie." for n in nomi)


def riscrivi_testi(rnd):
    """Replace the generated practices' words with sentences from the seeds (one executemany)."""
    from django.db import connection, transaction

    from buonepratiche.models import BuonaPraticaPage

    catena = Catena(corpus_dei_semi(), rnd)
    tabella = BuonaPraticaPage._meta.db_table

    def paragrafi(n):
        return "".join(f"<p>{' '.join(catena.frase(rnd.randint(8, 25)) for _ in range(3))}</p>" for _ in range(n))

    righe = [
        (" ".join(catena.frase(rnd.randint(10, 20)) for _ in range(2)), paragrafi(2), paragrafi(3), paragrafi(1), pk)
        for pk in BuonaPraticaPage.objects.values_list("pk", flat=True)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {tabella} SET abstract = %s, contesto = %s, azioni = %s, risultati = %s "  # noqa: S608
            "WHERE page_ptr_id = %s",
            righe,
        )


def documenti_sintetici(n, rnd):
    """N `Documento` dicts made directly (no pages): the same word-chain Italian text as the practices
    (about 3,800 characters each, sentences drawn from a pool of 20,000 made by the chain), kinds,
    zones, themes, years and validation spread as on the site. For the database engine at 100,000
    documents, where building 100,000 practice pages takes too long."""
    from datetime import UTC, datetime, timedelta

    from cop.models import Tema, Zona

    catena = Catena(corpus_dei_semi(), rnd)
    frasi = [catena.frase(rnd.randint(8, 25)) for _ in range(20_000)]
    zone = list(Zona.objects.values_list("slug", flat=True)) or [f"zona-{i}" for i in range(28)]
    temi = list(Tema.objects.values_list("slug", flat=True)) or [f"tema-{i}" for i in range(12)]
    tipi = ["pratica"] * 6 + ["evento", "discussione", "messaggio", "aggiornamento"]
    inizio = datetime(2014, 1, 1, tzinfo=UTC)
    for i in range(n):
        tipo = rnd.choice(tipi)
        titolo = catena.frase(rnd.randint(5, 11)).rstrip(".")
        testo = " ".join(rnd.choices(frasi, k=24))
        data = inizio + timedelta(days=rnd.triangular(0, 4300, 4300), seconds=rnd.randint(0, 86399))
        yield {
            "id": f"bench.{tipo}:{i}",
            "tipo": tipo,
            "titolo": titolo,
            "testo": testo,
            "sommario": testo[:200],
            "url": f"/bench/{tipo}/{i}/",
            "data": data,
            "anno": data.year,
            "zone": rnd.sample(zone, 1 if rnd.random() < 0.9 else 2),
            "temi": rnd.sample(temi, rnd.randint(1, 3)),
            "validata": tipo == "pratica" and rnd.random() < 0.15,
            "suggerimenti": [titolo],
        }


def ricostruisci(backend, nome):
    """`search_index --rebuild` without its progress bar: documents from the database to the engine."""
    from search.indice import ricostruisci_indice

    ultimo = [time.perf_counter()]

    def avanzamento(fatti, totale):
        if time.perf_counter() - ultimo[0] > 10:
            ultimo[0] = time.perf_counter()
            print(f"  {nome}: {fatti}/{totale}", flush=True)

    inizio = time.perf_counter()
    ricostruisci_indice(backend=backend, avanzamento=avanzamento)
    durata = time.perf_counter() - inizio
    n = backend.conta()
    print(f"{nome:38} {n:>8} documenti in {durata:6.1f} s: {n / durata:8.0f} doc/s")
    return n


def percentili(tempi):
    tempi = sorted(tempi)
    return statistics.median(tempi), tempi[min(len(tempi) - 1, round(0.95 * len(tempi)) - 1)]


def misura(client, url, parametri, ripetizioni):
    """(median ms, p95 ms, answers that said "temporarily unavailable": the engine's timeout)."""
    for p in parametri[:3]:  # warm-up
        client.get(url, p)
    tempi, non_disponibile = [], 0
    for i in range(ripetizioni):
        p = parametri[i % len(parametri)]
        inizio = time.perf_counter()
        risposta = client.get(url, p)
        tempi.append((time.perf_counter() - inizio) * 1000)
        if risposta.status_code != 200:
            raise RuntimeError(f"{url} {p}: HTTP {risposta.status_code}")
        non_disponibile += b"temporaneamente non disponibile" in risposta.content or b'"non_disponibile": true' in (
            risposta.content
        )
    return (*percentili(tempi), non_disponibile)


def punta_elasticsearch(url_esterno, *, prefisso, timeout_scrittura):
    """Point the settings at the cluster of ELASTICSEARCH_URL, or at an osmem-server started here
    (returned, to be closed; None for an external cluster)."""
    from django.conf import settings

    server = None
    if url_esterno:
        settings.ELASTICSEARCH_URL = url_esterno
    else:
        from osmem_server import OsmemServer

        server = OsmemServer.start(japanese=False)
        settings.ELASTICSEARCH_URL = server.url
        settings.ELASTICSEARCH_COMPAT_JSON = True
    settings.ELASTICSEARCH_INDEX_PREFIX = prefisso
    settings.ELASTICSEARCH_WRITE_TIMEOUT = timeout_scrittura
    return server


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documenti", type=int, default=100_000)
    parser.add_argument("--ripetizioni", type=int, default=60)
    parser.add_argument("--volte", type=int, default=2, help="giri di misure, uno dopo l'altro (default 2)")
    parser.add_argument("--sqlite", type=Path, default=RADICE / "var" / "bench-search.sqlite3")
    parser.add_argument("--riusa", action="store_true", help="non rigenerare se il numero di pratiche coincide")
    parser.add_argument("--senza-database", action="store_true", help="salta l'indice del motore database")
    parser.add_argument(
        "--senza-elasticsearch",
        action="store_true",
        help="solo il motore database (niente osmem-server né ELASTICSEARCH_URL): ricostruzione dal database, "
        "pagina di ricerca e suggerimenti",
    )
    parser.add_argument(
        "--solo-lettura", action="store_true", help="fermati dopo la lettura dei documenti dal database"
    )
    parser.add_argument(
        "--sintetici",
        type=int,
        metavar="N",
        help="solo motore database: N documenti generati e scritti direttamente nel motore (niente pagine, "
        "niente Elasticsearch), poi pagina di ricerca e suggerimenti",
    )
    parser.add_argument(
        "--elasticsearch-sintetici",
        type=int,
        metavar="N",
        help="solo Elasticsearch: N documenti generati e scritti direttamente nell'indice (niente pagine), poi "
        "pagina di ricerca e suggerimenti a cache vuota e in rotazione",
    )
    args = parser.parse_args()

    args.sqlite.parent.mkdir(exist_ok=True)
    url_esterno = os.environ.pop("ELASTICSEARCH_URL", "")  # the settings must start on the database engine
    configura(args.sqlite)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from buonepratiche.models import BuonaPraticaPage
    from search.backends import get_backend, reset_backend

    prepara_database()
    rnd = random.Random(7)
    if args.sintetici:
        return misura_sintetici(args, rnd)
    if args.elasticsearch_sintetici:
        return misura_elasticsearch_sintetici(args, rnd, url_esterno)
    inizio = time.perf_counter()
    if args.riusa and BuonaPraticaPage.objects.live().count() == args.documenti:
        print(f"{args.documenti} pratiche già presenti, riutilizzate")
    else:
        genera(args.documenti)
        riscrivi_testi(rnd)
        print(f"{args.documenti} pratiche generate in {time.perf_counter() - inizio:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    from search.documents import tutti_i_documenti

    inizio = time.perf_counter()
    n = sum(1 for _ in tutti_i_documenti())
    durata = time.perf_counter() - inizio
    print(f"{'lettura dal database (solo documenti)':38} {n:>8} documenti in {durata:6.1f} s: {n / durata:8.0f} doc/s")
    if args.solo_lettura:
        return

    server = (
        None if args.senza_elasticsearch else punta_elasticsearch(url_esterno, prefisso="bench", timeout_scrittura=120)
    )
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    setup_test_environment()
    try:
        motori = {}
        if not args.senza_elasticsearch:
            reset_backend()
            ricostruisci(get_backend(), "Elasticsearch, dal database")
            motori["Elasticsearch"] = settings.ELASTICSEARCH_URL
        if not args.senza_database:
            settings.ELASTICSEARCH_URL = ""
            reset_backend()
            ricostruisci(get_backend(), "motore database, dal database")
            motori["database"] = ""

        gc.collect()
        gc.freeze()  # as cop/wsgi.py does in a web worker
        client = Client()
        print(f"database: {connection.vendor}, documenti: {n}, ripetizioni: {args.ripetizioni}")
        for giro in range(1, args.volte + 1):
            print(f"giro {giro} di {args.volte}, carico medio (1, 5, 15 min): {carico()}")
            print(f"{'caso':38} {'mediana ms':>11} {'p95 ms':>8}")
            for motore, url in motori.items():
                settings.ELASTICSEARCH_URL = url
                reset_backend()
                for nome, url, parametri in (
                    ("pagina di ricerca", "/cerca/", RICERCHE),
                    ("suggerimenti", "/cerca/suggerimenti/", [{"q": p} for p in PREFISSI]),
                ):
                    mediana, p95, falliti = misura(client, url, parametri, args.ripetizioni)
                    nota = f"  ({falliti} oltre il timeout di {settings.ELASTICSEARCH_TIMEOUT:g} s)" if falliti else ""
                    print(f"{nome + ', ' + motore:38} {mediana:11.1f} {p95:8.1f}{nota}", flush=True)
                mediana, p95 = dopo_una_modifica(client, get_backend(), rnd)
                print(f"{'prima ricerca dopo una modifica, ' + motore:38} {mediana:11.1f} {p95:8.1f}", flush=True)
    finally:
        if server is not None:
            server.close()


def carica_sintetici(backend, n, rnd, *, riusa, motore):
    """Write N synthetic documents into `backend` (kept when it already holds N and `riusa`),
    printing the documents per second of that write (no reading from the database)."""
    if riusa and backend.conta() == n:
        print(f"{n} documenti sintetici già nel {motore}, riutilizzati")
        return
    inizio = time.perf_counter()
    backend.ricostruisci(documenti_sintetici(n, rnd), totale=n, avanzamento=lambda _n: None)
    durata = time.perf_counter() - inizio
    nome = f"{motore}, documenti sintetici"
    print(f"{nome:38} {n:>8} documenti in {durata:6.1f} s: {n / durata:8.0f} doc/s (senza lettura dal database)")


def misura_sintetici(args, rnd):
    """The database engine alone over N generated documents (see `documenti_sintetici`)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from search.backends import get_backend, reset_backend

    settings.ELASTICSEARCH_URL = ""
    reset_backend()
    backend = get_backend()
    carica_sintetici(backend, args.sintetici, rnd, riusa=args.riusa, motore="motore database")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    setup_test_environment()
    gc.collect()
    gc.freeze()
    client = Client()
    print(f"database: {connection.vendor}, documenti SINTETICI nel motore database: {backend.conta()}")
    print(f"{'caso':38} {'mediana ms':>11} {'p95 ms':>8} {'query':>6}")
    for nome, url, parametri in (
        ("pagina di ricerca", "/cerca/", RICERCHE),
        ("suggerimenti", "/cerca/suggerimenti/", [{"q": p} for p in PREFISSI]),
    ):
        mediana, p95, _falliti = misura(client, url, parametri, args.ripetizioni)
        query = conta_query(client, url, parametri)
        print(f"{nome + ', database (sintetici)':38} {mediana:11.1f} {p95:8.1f} {query:>6}")
    from search.models import DocumentoIndicizzato

    campi = ("id", "tipo", "titolo", "testo", "sommario", "url", "data", "anno", "zone", "temi", "validata")
    documenti = list(DocumentoIndicizzato.objects.values(*campi, "suggerimenti")[:200])
    mediana, p95 = dopo_una_modifica(client, backend, rnd, documenti)
    print(f"{'pagina di ricerca, dopo una modifica':38} {mediana:11.1f} {p95:8.1f}")


def carico():
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def dopo_una_modifica(client, backend, rnd, documenti=None, volte=10):
    """The first search page after a change: one document rewritten through the engine, then one
    search. The write goes through another instance of the engine, as the worker's process does on
    a site; on Elasticsearch with the site's settings (no refresh on write) the change is visible
    after the index's refresh interval, and the search does not wait for it."""
    from search.documents import tutti_i_documenti

    scrittore = type(backend)()
    documenti = documenti or list(islice(tutti_i_documenti(), 200))
    tempi = []
    for i, documento in enumerate(rnd.sample(documenti, volte)):
        scrittore.applica(aggiornati=[{**documento, "titolo": f"{documento['titolo']} ({i})"}], eliminati=[])
        inizio = time.perf_counter()
        client.get("/cerca/", RICERCHE[i % len(RICERCHE)])
        tempi.append((time.perf_counter() - inizio) * 1000)
    return percentili(tempi)


def misura_elasticsearch_sintetici(args, rnd, url_esterno):
    """Elasticsearch alone over N generated documents (see `documenti_sintetici`), written with
    `ElasticsearchBackend.ricostruisci` under the prefix "bench-sintetici" (reused with --riusa when
    the count matches, e.g. on a cluster given by ELASTICSEARCH_URL). The page and the suggestions
    are measured twice: "a freddo" empties Django's cache before every request (a search nobody made
    since the index changed), "in rotazione" keeps it (the rotation repeats its searches, as visitors
    paging through results or typing the same prefixes do)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import setup_test_environment

    from search.backends import get_backend, reset_backend

    server = punta_elasticsearch(url_esterno, prefisso="bench-sintetici", timeout_scrittura=600)
    try:
        reset_backend()
        backend = get_backend()
        carica_sintetici(backend, args.elasticsearch_sintetici, rnd, riusa=args.riusa, motore="Elasticsearch")
        setup_test_environment()
        gc.collect()
        gc.freeze()
        client = Client()
        print(f"documenti SINTETICI in Elasticsearch: {backend.conta()}, ripetizioni: {args.ripetizioni}")
        print(f"{'caso':38} {'mediana ms':>11} {'p95 ms':>8}")
        for nome, url, parametri in (
            ("pagina di ricerca", "/cerca/", RICERCHE),
            ("suggerimenti", "/cerca/suggerimenti/", [{"q": p} for p in PREFISSI]),
        ):
            for modo, prima in (("a freddo", cache.clear), ("in rotazione", lambda: None)):
                cache.clear()
                tempi, falliti = [], 0
                for i in range(args.ripetizioni):
                    p = parametri[i % len(parametri)]
                    prima()
                    inizio = time.perf_counter()
                    risposta = client.get(url, p)
                    tempi.append((time.perf_counter() - inizio) * 1000)
                    falliti += b"temporaneamente non disponibile" in risposta.content or (
                        b'"non_disponibile": true' in risposta.content
                    )
                mediana, p95 = percentili(tempi)
                nota = f"  ({falliti} oltre il timeout di {settings.ELASTICSEARCH_TIMEOUT:g} s)" if falliti else ""
                print(f"{nome + ', ' + modo:38} {mediana:11.1f} {p95:8.1f}{nota}", flush=True)
    finally:
        if server is not None:
            server.close()


def conta_query(client, url, parametri):
    """Most SQL queries of one answer over the rotation."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    massimo = 0
    for p in parametri:
        with CaptureQueriesContext(connection) as catturate:
            client.get(url, p)
        massimo = max(massimo, len(catturate))
    return massimo


if __name__ == "__main__":
    main()
