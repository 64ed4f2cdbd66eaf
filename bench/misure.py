"""What the benchmarks share: timing one page as a web worker would serve it."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


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
    tempi.sort()
    p95 = tempi[min(len(tempi) - 1, int(round(0.95 * len(tempi))) - 1)]
    return statistics.median(tempi), p95, len(ctx.captured_queries)
