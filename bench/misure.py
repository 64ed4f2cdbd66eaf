"""What the benchmarks share: a throw-away database, timing one page as a web worker would serve it."""

import contextlib
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment


@contextlib.contextmanager
def database_di_prova():
    """A throw-away test database (settings cop.settings.test; DATABASE_URL for PostgreSQL), dropped at the end."""
    setup_test_environment()
    vecchio_nome = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(vecchio_nome, verbosity=0)


def misura(client, url, ripetizioni):
    """(median ms, p95 ms, queries of the last request) of `ripetizioni` GETs of `url`, after a warm-up."""
    client.get(url)  # warm-up (and the read marker for members)
    tempi = []
    for _ in range(ripetizioni):
        with CaptureQueriesContext(connection) as ctx:
            inizio = time.perf_counter()
            risposta = client.get(url)
            tempi.append((time.perf_counter() - inizio) * 1000)
        if risposta.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {risposta.status_code}")
    return *mediana_e_p95(tempi), len(ctx.captured_queries)


def mediana_e_p95(tempi):
    """(median, 95th percentile) of a list of times."""
    tempi = sorted(tempi)
    return statistics.median(tempi), tempi[min(len(tempi) - 1, int(round(0.95 * len(tempi))) - 1)]
