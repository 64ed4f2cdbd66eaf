#!/usr/bin/env bash
# Runs a command (the test suite) with ELASTICSEARCH_URL pointing at a real Elasticsearch node.
#
#   scripts/con-elasticsearch.sh COMMAND [ARGS...]
#
# - ELASTICSEARCH_URL already set: the command runs against that cluster, nothing is started.
# - a node of scripts/elasticsearch.sh already running: the command runs against it.
# - otherwise scripts/elasticsearch.sh starts the node (fetched once with Maven, Java 21+) in the
#   background, on the port `elasticsearch.sh check` chose, and the command starts at once with
#   ELASTICSEARCH_URL set and ELASTICSEARCH_AVVIO naming a file where the start's exit code is written
#   when it ends: the tests that use the node wait for it (search/tests/fixtures_elasticsearch.py).
#   The node is stopped afterwards.
# - Java 21+ or Maven missing (exit code 3 of `check`): one line says so and the command runs
#   without ELASTICSEARCH_URL, so the Elasticsearch tests run on osmem-server (they are never skipped).
#   With ELASTICSEARCH_REQUIRED=1 (CI) that is a failure instead.
# - any other failure to start the node is a failure: the reason is on stderr.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPT="$ROOT/scripts/elasticsearch.sh"

# A test node lives for minutes and answers small requests: the JVM's first compiler only
# (`-XX:TieredStopAtLevel=1`) starts it with about half the CPU (16-18 s -> 8-9 s on a 2-core machine,
# ready in 7 s instead of 9-10) and leaves the optimising compiler nothing to do. Exported: the nodes that
# the fault tests start and kill (search/tests/test_elasticsearch_guasti.py) get the same option.
export ELASTICSEARCH_JAVA_OPTS=${ELASTICSEARCH_JAVA_OPTS--XX:TieredStopAtLevel=1}

if [[ -n "${ELASTICSEARCH_URL:-}" ]]; then
    exec "$@"
fi

if url=$("$SCRIPT" status 2>/dev/null); then
    echo "Test Elasticsearch sul nodo reale $url" >&2
    ELASTICSEARCH_URL=$url exec "$@"
fi

errors=$(mktemp)
status=0
port=$("$SCRIPT" check 2>"$errors") || status=$?
if [[ $status -eq 3 && "${ELASTICSEARCH_REQUIRED:-}" != 1 ]]; then
    echo "Elasticsearch reale non disponibile ($(tail -n 1 "$errors" | sed 's/^elasticsearch.sh: //')): i test Elasticsearch girano su osmem-server." >&2
    rm -f "$errors"
    exec "$@"
fi
if [[ $status -ne 0 ]]; then
    cat "$errors" >&2
    rm -f "$errors"
    echo "con-elasticsearch.sh: il nodo Elasticsearch non può partire (exit code $status)" >&2
    exit 1
fi

# The node starts while the command does (the suite's first minutes need no node).
avvio=$(mktemp -d)
(
    ELASTICSEARCH_PORT=$port "$SCRIPT" start >/dev/null 2>"$avvio/stderr"
    echo $? >"$avvio/esito.tmp" && mv "$avvio/esito.tmp" "$avvio/esito"
) &
starter=$!
trap 'kill "$starter" 2>/dev/null; wait "$starter" 2>/dev/null; "$SCRIPT" stop; rm -rf "$avvio" "$errors"' EXIT

url="http://127.0.0.1:$port"
echo "Test Elasticsearch sul nodo reale $url (in avvio accanto ai test)" >&2
ELASTICSEARCH_URL=$url ELASTICSEARCH_AVVIO="$avvio" "$@"
esito=$?

wait "$starter"
avviato=$(cat "$avvio/esito" 2>/dev/null || echo 1)
grep -E 'pronto su' "$avvio/stderr" >&2 || true
if [[ $avviato -ne 0 ]]; then
    cat "$avvio/stderr" >&2
    echo "con-elasticsearch.sh: il nodo Elasticsearch non è partito (exit code $avviato)" >&2
    exit 1
fi
exit $esito
