#!/usr/bin/env bash
# A real Elasticsearch node for the tests, the benchmarks and local development.
#
#   scripts/elasticsearch.sh start    fetch (once), start, wait for the cluster; print its URL
#   scripts/elasticsearch.sh status   print the URL of the running node, or exit 1
#   scripts/elasticsearch.sh stop     stop the node started here
#   scripts/elasticsearch.sh check    exit code 3 if Java 21+ or Maven is missing; print the port `start` takes
#
# The distribution is Elastic's integ-test-zip from Maven Central (the server without a bundled JDK),
# fetched with `mvn` into Maven's local repository, copied to var/elasticsearch/ and unpacked there;
# data, logs, pid file and URL live under var/elasticsearch/ too. It runs on the first Java 21+ found
# (ES_JAVA_HOME, the Temurin 25 JDK, the other JDKs under /usr/lib/jvm, `java` on PATH) as an
# unprivileged user when started by root (Elasticsearch refuses root), with a 1 GB heap, one node,
# bound to 127.0.0.1 on ELASTICSEARCH_PORT (default 9200, or a free port if 9200 is taken).
# `start` on a running node prints its URL and starts nothing.
#
# Exit codes: 0 ok; 1 failure (the reason on stderr); 3 Java 21+ or Maven missing (one line on stderr:
# `make test` then runs the Elasticsearch tests on osmem-server).
#
# Environment: ELASTICSEARCH_VERSION (default below), ELASTICSEARCH_PORT, ELASTICSEARCH_VAR (instead of
# var/elasticsearch: another node with its own data), ELASTICSEARCH_INSTALL (where the distribution is
# fetched and unpacked, default ELASTICSEARCH_VAR: another node's, to start without unpacking), ES_JAVA_HOME,
# ELASTICSEARCH_HEAP (default 1g), ELASTICSEARCH_USER (default copes, used when run as root),
# ELASTICSEARCH_JAVA_OPTS (more options for the node's JVM and its launcher, default none; the test nodes
# get `-XX:TieredStopAtLevel=1` from scripts/con-elasticsearch.sh: see there).
set -euo pipefail

VERSION=${ELASTICSEARCH_VERSION:-9.2.4}
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$VERSION:zip"
# maven-dependency-plugin: the version Maven 3.8 picks by default cannot `copy` a zip without a POM.
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
HEAP=${ELASTICSEARCH_HEAP:-1g}
ES_USER=${ELASTICSEARCH_USER:-copes}
JAVA_OPTS=${ELASTICSEARCH_JAVA_OPTS:-}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BASE=${ELASTICSEARCH_VAR:-$ROOT/var/elasticsearch}
# The installation (distribution, analysis plugin) may be another node's: only data, logs and pid differ.
INSTALL=${ELASTICSEARCH_INSTALL:-$BASE}
HOME_DIR="$INSTALL/elasticsearch-$VERSION"
DATA_DIR="$BASE/data"
LOG_DIR="$BASE/logs"
RUN_DIR="$BASE/run"
PID_FILE="$RUN_DIR/elasticsearch.pid"
URL_FILE="$BASE/url"
STARTUP_TIMEOUT=${ELASTICSEARCH_STARTUP_TIMEOUT:-180}

die() {
    echo "elasticsearch.sh: $*" >&2
    exit 1
}

missing() {
    echo "elasticsearch.sh: $*" >&2
    exit 3
}

# The major version of a java binary ("25" for 25.0.3, "1" never: Java 8 is not a candidate anyway).
java_major() {
    "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

# The JAVA_HOME of the first Java 21 or newer.
find_java_home() {
    local candidates=() home major
    [[ -n "${ES_JAVA_HOME:-}" ]] && candidates+=("$ES_JAVA_HOME")
    candidates+=(/usr/lib/jvm/temurin-25-jdk-amd64)
    for home in /usr/lib/jvm/*; do candidates+=("$home"); done
    if command -v java >/dev/null; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for home in "${candidates[@]}"; do
        [[ -x "$home/bin/java" ]] || continue
        major=$(java_major "$home/bin/java")
        if [[ -n "$major" && "$major" -ge 21 ]]; then
            echo "$home"
            return 0
        fi
    done
    return 1
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
    local port
    if [[ -n "${ELASTICSEARCH_PORT:-}" ]]; then
        port_free "$ELASTICSEARCH_PORT" || die "la porta $ELASTICSEARCH_PORT (ELASTICSEARCH_PORT) è occupata"
        echo "$ELASTICSEARCH_PORT"
        return
    fi
    for port in 9200 $(seq 9201 9299); do
        if port_free "$port"; then
            echo "$port"
            return
        fi
    done
    die "nessuna porta libera tra 9200 e 9299 (scegline una con ELASTICSEARCH_PORT)"
}

# The cluster's health, or nothing when it does not answer.
health() {
    # Nothing (not a failure) while the node answers an error: a node restarted after SIGKILL
    # recovers its shards red, and health answers 408 until they are yellow.
    { curl -fsS --max-time 5 "$1/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null || true; } |
        sed -n 's/.*"status":"\([a-z]*\)".*/\1/p'
}

running_pid() {
    local pid
    [[ -f "$PID_FILE" ]] || return 1
    pid=$(cat "$PID_FILE")
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

cmd_status() {
    local url status
    running_pid >/dev/null || return 1
    url=$(cat "$URL_FILE" 2>/dev/null) || return 1
    status=$(health "$url")
    [[ "$status" == green || "$status" == yellow ]] || return 1
    echo "$url"
}

fetch() {
    local zip="$INSTALL/dist/elasticsearch-$VERSION.zip"
    if [[ ! -f "$zip" ]]; then
        command -v mvn >/dev/null || missing "manca Maven (mvn): serve per scaricare Elasticsearch $VERSION da Maven Central"
        mkdir -p "$INSTALL/dist"
        echo "Scarico $ARTIFACT con Maven..." >&2
        local output
        if ! output=$(mvn -B -q "$DEPENDENCY_PLUGIN:copy" -Dartifact="$ARTIFACT" -DoutputDirectory="$INSTALL/dist" 2>&1); then
            echo "$output" | grep -E 'ERROR' | head -n 5 >&2
            die "mvn non ha scaricato $ARTIFACT"
        fi
        [[ -f "$zip" ]] || die "mvn non ha lasciato $zip"
    fi
    if [[ ! -x "$HOME_DIR/bin/elasticsearch" ]]; then
        echo "Estraggo $zip in $INSTALL..." >&2
        rm -rf "$HOME_DIR" "$INSTALL/unpack"
        mkdir -p "$INSTALL/unpack"
        (cd "$INSTALL/unpack" && jar_or_unzip "$zip")
        mv "$INSTALL/unpack/elasticsearch-$VERSION" "$HOME_DIR"
        rm -rf "$INSTALL/unpack"
    fi
}

# The integ-test-zip of Elasticsearch 8 and 9 has no analysis-common module (only apm, transport-netty4,
# x-pack-core and x-pack-security): no `elision`, `stemmer`, `edge_ngram` or `asciifolding` filter, which
# the index settings of search/backends/elasticsearch.py use and every full distribution has.
# scripts/elasticsearch-analisi/ is a stable plugin that registers those names, with the settings the site
# uses, on the same Lucene classes the module builds (the Lucene jar is in the distribution's lib/);
# it is compiled here with the JDK's javac against the distribution's own jars. A distribution that has
# the module gets no plugin.
ANALYSIS_SRC="$ROOT/scripts/elasticsearch-analisi"
build_analysis_plugin() {
    local java_home=$1 plugin="$HOME_DIR/plugins/cop-analisi" build="$INSTALL/build-analisi"
    [[ -d "$HOME_DIR/modules/analysis-common" ]] && return 0
    if [[ -f "$plugin/cop-analisi.jar" && -z $(find "$ANALYSIS_SRC" -newer "$plugin/cop-analisi.jar" -type f) ]]; then
        return 0
    fi
    [[ -x "$java_home/bin/javac" && -x "$java_home/bin/jar" ]] ||
        die "$java_home non ha javac e jar (serve un JDK, non solo un JRE) per il plugin di analisi"
    rm -rf "$build" "$plugin"
    mkdir -p "$build/classes" "$plugin"
    # shellcheck disable=SC2046 # the source files, no spaces in their names
    "$java_home/bin/javac" --release 21 -nowarn -cp "$HOME_DIR/lib/*" -d "$build/classes" \
        $(find "$ANALYSIS_SRC/src" -name '*.java') >"$build/javac.log" 2>&1 || {
        cat "$build/javac.log" >&2
        die "il plugin di analisi (scripts/elasticsearch-analisi) non compila"
    }
    "$java_home/bin/jar" --create --file "$plugin/cop-analisi.jar" -C "$build/classes" .
    cp "$ANALYSIS_SRC/named_components.json" "$plugin/"
    {
        echo "description=elision, stemmer (light_italian), edge_ngram and asciifolding filters (Lucene) for the integ-test-zip distribution"
        echo "version=$VERSION"
        echo "name=cop-analisi"
        echo "java.version=21"
        echo "elasticsearch.version=$VERSION"
    } >"$plugin/stable-plugin-descriptor.properties"
    rm -rf "$build"
}

jar_or_unzip() {
    if command -v unzip >/dev/null; then
        unzip -q "$1"
    else
        python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall()' "$1"
        chmod +x elasticsearch-*/bin/* elasticsearch-*/jdk/bin/* 2>/dev/null || true
    fi
}

# Elasticsearch refuses to run as root: as root, run it as an unprivileged user made for it.
run_as() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u "$ES_USER" -- "$@"
    else
        "$@"
    fi
}

prepare_user() {
    [[ $(id -u) -eq 0 ]] || return 0
    if ! id -u "$ES_USER" >/dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
    fi
    chown -R "$ES_USER:" "$HOME_DIR" "$DATA_DIR" "$LOG_DIR" "$RUN_DIR"
    runuser -u "$ES_USER" -- test -x "$HOME_DIR/bin/elasticsearch" ||
        die "l'utente $ES_USER non raggiunge $HOME_DIR (una cartella sopra non è attraversabile da altri utenti)"
}

cmd_start() {
    local url java_home port settings=() pid status launcher begun=$SECONDS
    if url=$(cmd_status); then
        echo "$url"
        return 0
    fi
    if pid=$(running_pid); then
        die "il processo $pid di $PID_FILE è vivo ma il cluster non risponde: scripts/elasticsearch.sh stop"
    fi
    java_home=$(find_java_home) ||
        missing "manca Java 21 o più recente (Elasticsearch $VERSION non parte con Java $(java_major java 2>/dev/null || echo '?')): impostare ES_JAVA_HOME"
    fetch
    build_analysis_plugin "$java_home"
    mkdir -p "$DATA_DIR" "$LOG_DIR" "$RUN_DIR"
    prepare_user
    port=$(pick_port)
    url="http://127.0.0.1:$port"

    settings+=(-Ecluster.name=cop-test -Enode.name=cop-test)
    settings+=(-Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port="$port")
    settings+=(-Epath.data="$DATA_DIR" -Epath.logs="$LOG_DIR")
    # A full disk must not turn the indices read-only in the middle of a test run.
    settings+=(-Ecluster.routing.allocation.disk.threshold_enabled=false)
    # Only settings this distribution knows: Elasticsearch refuses unknown ones.
    if [[ -d "$HOME_DIR/modules/x-pack-security" ]]; then
        settings+=(-Expack.security.enabled=false)
    fi
    if [[ -d "$HOME_DIR/modules/x-pack-ml" ]]; then
        settings+=(-Expack.ml.enabled=false)
    fi
    if [[ -d "$HOME_DIR/modules/ingest-geoip" ]]; then
        settings+=(-Eingest.geoip.downloader.enabled=false)
    fi

    rm -f "$PID_FILE" "$URL_FILE"
    echo "Avvio Elasticsearch $VERSION su $url (Java: $java_home)..." >&2
    # The launcher runs in the background and stays (it is the node's parent; stopping the node ends it);
    # -p: the node's pid file. Not `-d`: on some machines its launcher never returns, waiting for an
    # end of the node's stderr that does not come once the node has started (seen with 9.2 on Java 25).
    # All three streams are redirected: a caller that captures the script's output is not held open.
    run_as env ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP $JAVA_OPTS" CLI_JAVA_OPTS="$JAVA_OPTS" \
        "$HOME_DIR/bin/elasticsearch" -p "$PID_FILE" "${settings[@]}" </dev/null >"$LOG_DIR/launcher.log" 2>&1 &
    launcher=$!
    echo "$url" >"$URL_FILE"
    while ((SECONDS - begun < STARTUP_TIMEOUT)); do
        running_pid >/dev/null || kill -0 "$launcher" 2>/dev/null || {
            tail -n 20 "$LOG_DIR/launcher.log" >&2 2>/dev/null || true
            die "Elasticsearch si è fermato durante l'avvio (log: $LOG_DIR)"
        }
        status=$(health "$url")
        if [[ "$status" == green || "$status" == yellow ]]; then
            echo "Elasticsearch $VERSION pronto su $url in $((SECONDS - begun)) s (stato $status)" >&2
            echo "$url"
            return 0
        fi
        sleep 0.25
    done
    die "Elasticsearch non risponde su $url dopo $STARTUP_TIMEOUT s (log: $LOG_DIR)"
}

cmd_stop() {
    local pid
    if ! pid=$(running_pid); then
        rm -f "$PID_FILE" "$URL_FILE"
        return 0
    fi
    kill "$pid"
    for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || {
            rm -f "$PID_FILE" "$URL_FILE"
            return 0
        }
        sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$PID_FILE" "$URL_FILE"
}

# What `start` needs before it fetches anything (exit code 3 when missing), and the port it would take:
# printed, so that a caller can start the node in the background with ELASTICSEARCH_PORT set to it and
# know its URL at once.
cmd_check() {
    find_java_home >/dev/null ||
        missing "manca Java 21 o più recente: impostare ES_JAVA_HOME"
    [[ -f "$INSTALL/dist/elasticsearch-$VERSION.zip" ]] || command -v mvn >/dev/null ||
        missing "manca Maven (mvn): serve per scaricare Elasticsearch $VERSION da Maven Central"
    pick_port
}

case "${1:-}" in
start) cmd_start ;;
status) cmd_status ;;
stop) cmd_stop ;;
check) cmd_check ;;
*)
    echo "uso: $0 start|stop|status|check" >&2
    exit 2
    ;;
esac
