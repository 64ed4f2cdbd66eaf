#!/usr/bin/env bash
# Runs a command (the test suite) with ELASTICSEARCH_URL pointing at a real Elasticsearch node.
#
#   scripts/con-elasticsearch.sh COMMAND [ARGS...]
#
# - ELASTICSEARCH_URL already set: the command runs against that cluster, nothing is started.
# - otherwise scripts/elasticsearch.sh starts the node (fetched once with Maven, Java 21+); the command
#   runs with ELASTICSEARCH_URL set and the node is stopped afterwards if it was started here.
# - Java 21+ or Maven missing (exit code 3 of elasticsearch.sh): one line says so and the command runs
#   without ELASTICSEARCH_URL, so the Elasticsearch tests run on osmem-server (they are never skipped).
#   With ELASTICSEARCH_REQUIRED=1 (CI) that is a failure instead.
# - any other failure to start the node is a failure: the reason is on stderr.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPT="$ROOT/scripts/elasticsearch.sh"

if [[ -n "${ELASTICSEARCH_URL:-}" ]]; then
    exec "$@"
fi

started_here=1
if url=$("$SCRIPT" status 2>/dev/null); then
    started_here=0
fi
if [[ $started_here -eq 1 ]]; then
    errors=$(mktemp)
    status=0
    url=$("$SCRIPT" start 2>"$errors") || status=$?
    if [[ $status -eq 3 && "${ELASTICSEARCH_REQUIRED:-}" != 1 ]]; then
        echo "Elasticsearch reale non disponibile ($(tail -n 1 "$errors" | sed 's/^elasticsearch.sh: //')): i test Elasticsearch girano su osmem-server." >&2
        rm -f "$errors"
        exec "$@"
    fi
    if [[ $status -ne 0 ]]; then
        cat "$errors" >&2
        rm -f "$errors"
        echo "con-elasticsearch.sh: il nodo Elasticsearch non è partito (exit code $status)" >&2
        exit 1
    fi
    grep -E 'pronto su' "$errors" >&2 || true
    rm -f "$errors"
    trap '"$SCRIPT" stop' EXIT
fi
echo "Test Elasticsearch sul nodo reale $url" >&2
ELASTICSEARCH_URL=$url "$@"
