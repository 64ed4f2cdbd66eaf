"""The Elasticsearch engine against a real server process (osmem, or ELASTICSEARCH_URL): index
versions and alias, rebuild while searching, bulk loading, Italian analysis, facets, highlights,
suggestions, and what a visitor gets when the server is down or slow. No mocked client."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from search.backends.base import Ricerca, SearchUnavailable, impronta
from search.backends.elasticsearch import BLOCCO_BULK, ElasticsearchBackend

GIORNO = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)


def documento(id_, titolo="Titolo", testo="", **altro):
    data = altro.pop("data", GIORNO)
    doc = {
        "id": id_,
        "tipo": "pratica",
        "titolo": titolo,
        "testo": testo,
        "sommario": testo[:80],
        "url": f"/d/{id_.replace(':', '-')}/",
        "data": data,
        "anno": data.year,
        "zone": [],
        "temi": [],
        "validata": False,
        "suggerimenti": [titolo],
    }
    doc.update(altro)
    return doc


def molti(n, inizio=0, parola="inclusione"):
    for i in range(inizio, inizio + n):
        yield documento(
            f"buonepratiche.pratica:{i}",
            f"Pratica {i} di {parola}",
            f"Un progetto di {parola} sociale numero {i} con le famiglie del territorio.",
            data=GIORNO + timedelta(minutes=i),
            zone=[f"zona-{i % 7}"],
            temi=[f"tema-{i % 3}"],
        )


@pytest.fixture
def backend(_backend_elasticsearch, db):
    """The engine; the database is there for the synonyms of the comuni (the zones)."""
    return _backend_elasticsearch


# --- index, versions, alias -----------------------------------------------------------------------


def test_first_write_creates_a_versioned_index_behind_the_alias(backend):
    assert backend.indici() == {}
    assert backend.conta() == 0
    assert backend.cerca(Ricerca()).totale == 0

    backend.applica(aggiornati=[documento("a:1", "Casa")], eliminati=[])

    indici = backend.indici()
    assert len(indici) == 1
    (nome, con_alias) = indici.popitem()
    assert con_alias
    assert re.fullmatch(re.escape(backend.prefisso) + r"-documenti-v\d+-\d+", nome)
    assert backend.conta() == 1


def test_apply_replaces_by_id_and_deleting_a_missing_id_is_not_an_error(backend):
    backend.applica(aggiornati=[documento("a:1", "Vecchio titolo"), documento("a:2")], eliminati=[])
    backend.applica(aggiornati=[documento("a:1", "Nuovo titolo")], eliminati=["a:2", "a:mai-esistito"])

    assert backend.conta() == 1
    assert [r.titolo for r in backend.cerca(Ricerca()).risultati] == ["Nuovo titolo"]


def test_fingerprints_are_stored_with_the_documents(backend):
    docs = [documento("a:1", "Uno"), documento("a:2", "Due", zone=["b", "a"])]
    backend.applica(aggiornati=docs, eliminati=[])

    assert backend.ids_e_impronte() == {doc["id"]: impronta(doc) for doc in docs}


def test_rebuild_loads_a_new_version_swaps_the_alias_and_drops_the_old_index(backend):
    backend.applica(aggiornati=[documento("vecchio:1", "Da togliere")], eliminati=[])
    (vecchio,) = backend.indici()
    passi = []

    backend.ricostruisci(molti(2_500), totale=2_500, avanzamento=passi.append)

    (nuovo,) = backend.indici()
    assert nuovo != vecchio
    assert backend.indici()[nuovo] is True
    assert backend.conta() == 2_500
    assert "vecchio:1" not in backend.ids_e_impronte()
    assert sum(passi) == 2_500  # documents done since the previous call
    assert len(passi) >= 2


def test_searches_keep_answering_during_a_rebuild_and_changes_made_meanwhile_survive(backend):
    backend.applica(aggiornati=list(molti(50, parola="casa")), eliminati=[])
    # The site's view of the same index. osmem answers one request at a time, so a search waits
    # for the bulk request in flight: a longer timeout than the site's keeps this test about the
    # alias, not about the machine's load.
    sito = ElasticsearchBackend(timeout=15)
    visti = []

    def documenti():
        for i, doc in enumerate(molti(3_000, parola="lavoro")):
            if i == 1_500:
                # Halfway: the site still answers from the old index...
                visti.append(sito.cerca(Ricerca(q="casa")).totale)
                visti.append(sito.cerca(Ricerca(q="lavoro")).totale)
                # ...and a change applied now (the outbox task) reaches the index being built too.
                backend.applica(
                    aggiornati=[documento("buonepratiche.pratica:10", "Modificata durante la ricostruzione")],
                    eliminati=[],
                )
            yield doc

    backend.ricostruisci(documenti(), totale=3_000, avanzamento=lambda n: None)

    assert visti == [50, 0]
    assert backend.cerca(Ricerca(q="lavoro")).totale == 2_999
    assert backend.cerca(Ricerca(q="modificata ricostruzione")).totale == 1
    assert backend.conta() == 3_000


def test_a_failed_rebuild_leaves_the_live_index_alone(backend):
    backend.applica(aggiornati=[documento("a:1", "Resta")], eliminati=[])
    prima = backend.indici()

    def rotto():
        yield from molti(1_200)
        raise RuntimeError("database sparito")

    with pytest.raises(RuntimeError):
        backend.ricostruisci(rotto(), totale=2_000, avanzamento=lambda n: None)

    assert backend.indici() == prima
    assert backend.conta() == 1


def test_a_rebuild_of_several_blocks_loads_every_document(backend):
    """Four blocks and a part of one (BLOCCO_BULK), each sent while the next is read: none is lost or
    doubled. How fast it loads is measured by bench/search.py, not here."""
    n = 4 * BLOCCO_BULK + 7
    avanzamenti = []
    backend.ricostruisci(molti(n), totale=n, avanzamento=avanzamenti.append)
    assert backend.conta() == n
    assert len(backend.ids_e_impronte()) == n
    assert avanzamenti == [BLOCCO_BULK] * 4 + [7]  # the progress bar moves once a block


# --- Italian analysis, facets, highlights, suggestions ----------------------------------------------


@pytest.fixture
def corpus(backend):
    backend.applica(
        aggiornati=[
            documento(
                "p:1",
                "Sostegno alle famiglie in povertà",
                "Con l'Assegno di inclusione le famiglie <b>fragili</b> hanno un progetto.",
                zone=["firenze", "prato"],
                temi=["poverta"],
                validata=True,
            ),
            documento(
                "e:2",
                "Abitare in città",
                "Un incontro sulla casa e sui minori stranieri non accompagnati.",
                tipo="evento",
                zone=["prato"],
                temi=["casa"],
                data=datetime(2023, 5, 1, tzinfo=UTC),
            ),
            documento(
                "p:3",
                "Città solidale",
                "Povertà educativa e famiglia.",
                zone=["pisa"],
                temi=["poverta", "casa"],
                data=datetime(2022, 5, 1, tzinfo=UTC),
            ),
        ],
        eliminati=[],
    )
    return backend


def ids(risultati):
    return sorted(r.id for r in risultati.risultati)


def test_italian_stemming_elision_and_folding(corpus):
    assert ids(corpus.cerca(Ricerca(q="famiglia"))) == ["p:1", "p:3"]
    assert ids(corpus.cerca(Ricerca(q="poverta"))) == ["p:1", "p:3"]
    assert ids(corpus.cerca(Ricerca(q="citta"))) == ["e:2", "p:3"]
    assert ids(corpus.cerca(Ricerca(q="assegno"))) == ["p:1"]


def test_title_matches_rank_first_and_every_word_is_required(corpus):
    assert [r.id for r in corpus.cerca(Ricerca(q="famiglie")).risultati] == ["p:1", "p:3"]
    assert ids(corpus.cerca(Ricerca(q="città casa"))) == ["e:2"]
    assert ids(corpus.cerca(Ricerca(q="città famiglie"))) == ["p:3"]


def test_acronyms_find_their_expansion_and_back(corpus):
    assert ids(corpus.cerca(Ricerca(q="ADI"))) == ["p:1"]
    assert ids(corpus.cerca(Ricerca(q="MSNA prato"))) == []  # every word still counts
    assert ids(corpus.cerca(Ricerca(q="MSNA abitare"))) == ["e:2"]
    corpus.applica(aggiornati=[documento("p:4", "Il nuovo ADI in Toscana")], eliminati=[])
    assert ids(corpus.cerca(Ricerca(q="assegno di inclusione"))) == ["p:1", "p:4"]


def test_each_facet_is_counted_without_its_own_filter(corpus):
    risultati = corpus.cerca(Ricerca(tipo=("pratica",), zona=("prato",)))

    assert ids(risultati) == ["p:1"]
    assert risultati.totale == 1
    assert dict(risultati.facets["tipo"]) == {"pratica": 1, "evento": 1}  # zona=prato, any tipo
    assert dict(risultati.facets["zona"]) == {"firenze": 1, "prato": 1, "pisa": 1}  # tipo=pratica
    assert dict(risultati.facets["tema"]) == {"poverta": 1}
    assert dict(risultati.facets["anno"]) == {"2024": 1}
    assert dict(risultati.facets["validata"]) == {"true": 1}


WORKER = """
import json, sys
import django
django.setup()
from datetime import datetime
from search.backends.elasticsearch import BLOCCO_BULK, ElasticsearchBackend
url, prefisso, json_semplice, aggiornati, eliminati = json.loads(sys.argv[1])
for doc in aggiornati:
    doc["data"] = datetime.fromisoformat(doc["data"])
ElasticsearchBackend(url, prefisso=prefisso, refresh=True, json_semplice=json_semplice).applica(
    aggiornati=aggiornati, eliminati=eliminati
)
"""


def scrive_il_worker(backend, *, aggiornati=(), eliminati=()):
    """The outbox worker's write, made by another Python process (its own memory and cache)."""
    argomenti = [backend.url, backend.prefisso, backend.json_semplice, list(aggiornati), list(eliminati)]
    subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", WORKER, json.dumps(argomenti, default=str)],
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cop.settings.test"},
        cwd=settings.BASE_DIR,
        timeout=120,
    )


def test_after_the_worker_writes_the_next_search_and_suggestions_are_right(backend):
    """The web process asks, the worker (another process) publishes and unpublishes, and the web
    side's very next answers count, list and suggest what the index now holds: no "3 risultati"
    above 2 cards, no page missing, no unpublished title in the suggestions."""
    backend.applica(aggiornati=[documento("a:1", "Casa comune", testo="inclusione", zone=["nord"])], eliminati=[])
    prima = backend.cerca(Ricerca(q="inclusione"))
    assert prima.totale == 1 and dict(prima.facets["zona"]) == {"nord": 1}
    assert [s["testo"] for s in backend.suggerisci("cas")] == ["Casa comune"]

    scrive_il_worker(
        backend,
        aggiornati=[documento("a:2", "Casa aperta", testo="inclusione", zone=["sud"])],
        eliminati=["a:1"],
    )

    dopo = backend.cerca(Ricerca(q="inclusione"))
    assert dopo.totale == len(dopo.risultati) == 1 and [r.id for r in dopo.risultati] == ["a:2"]
    assert dict(dopo.facets["zona"]) == {"sud": 1}
    assert [s["testo"] for s in backend.suggerisci("cas")] == ["Casa aperta"]
    seconda_pagina = backend.cerca(Ricerca(q="inclusione", ordina="data", per_pagina=1, pagina=1))
    assert seconda_pagina.totale == 1 and dict(seconda_pagina.facets["zona"]) == {"sud": 1}


def test_filters_on_year_and_validated(corpus):
    assert ids(corpus.cerca(Ricerca(anno=(2023, 2022)))) == ["e:2", "p:3"]
    assert ids(corpus.cerca(Ricerca(validata=True))) == ["p:1"]
    assert ids(corpus.cerca(Ricerca(validata=False, tema=("casa",)))) == ["e:2", "p:3"]


def test_highlights_are_escaped_html_with_mark(corpus):
    (risultato,) = corpus.cerca(Ricerca(q="fragili")).risultati

    assert "<mark>fragili</mark>" in risultato.estratto
    assert "&lt;b&gt;" in risultato.estratto
    assert "<b>" not in risultato.estratto


def test_without_a_highlight_the_summary_is_escaped(corpus):
    corpus.applica(aggiornati=[documento("x:1", "Titolo speciale", sommario="a < b")], eliminati=[])

    (risultato,) = corpus.cerca(Ricerca(q="speciale")).risultati

    assert risultato.estratto == "a &lt; b"


def test_sort_by_date_and_pagination(corpus):
    assert [r.id for r in corpus.cerca(Ricerca(ordina="data")).risultati] == ["p:1", "e:2", "p:3"]
    pagina = corpus.cerca(Ricerca(ordina="data", pagina=2, per_pagina=2))
    assert pagina.totale == 3
    assert [r.id for r in pagina.risultati] == ["p:3"]
    assert pagina.risultati[0].data == datetime(2022, 5, 1, tzinfo=UTC)


def test_no_results_offer_alternative_spellings(corpus):
    risultati = corpus.cerca(Ricerca(q="solidle"))

    assert risultati.totale == 0
    assert "solidale" in risultati.alternative


def test_suggestions_complete_titles_ignoring_accents(corpus):
    voci = corpus.suggerisci("citt")  # any word of a title: the shorter title, where it weighs more, first
    assert voci[0] == {"testo": "Città solidale", "url": "/d/p-3/", "tipo": "pratica", "id": "p:3"}
    assert [v["testo"] for v in voci] == ["Città solidale", "Abitare in città"]
    assert [s["testo"] for s in corpus.suggerisci("Sostegno alle fam")] == ["Sostegno alle famiglie in povertà"]
    assert corpus.suggerisci("abitare in citta")[0]["tipo"] == "evento"
    assert corpus.suggerisci("") == []


# --- failures ----------------------------------------------------------------------------------------


def porta_chiusa():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "chiamata",
    [
        lambda b: b.cerca(Ricerca(q="casa")),
        lambda b: b.suggerisci("cas"),
        lambda b: b.conta(),
        lambda b: b.ids_e_impronte(),
        lambda b: b.applica(aggiornati=[documento("a:1")], eliminati=[]),
        lambda b: b.ricostruisci(molti(10), totale=10, avanzamento=lambda n: None),
    ],
    ids=["cerca", "suggerisci", "conta", "ids_e_impronte", "applica", "ricostruisci"],
)
def test_a_stopped_server_is_unavailable_at_once(es_settings, db, chiamata):
    backend = ElasticsearchBackend(f"http://127.0.0.1:{porta_chiusa()}")

    inizio = time.perf_counter()
    with pytest.raises(SearchUnavailable):
        chiamata(backend)
    assert time.perf_counter() - inizio < 1


def test_a_server_that_does_not_answer_times_out(es_settings, db):
    with socket.socket() as muto:  # accepts connections (backlog) and never answers
        muto.bind(("127.0.0.1", 0))
        muto.listen(8)
        backend = ElasticsearchBackend(f"http://127.0.0.1:{muto.getsockname()[1]}", timeout=0.5)

        inizio = time.perf_counter()
        with pytest.raises(SearchUnavailable):
            backend.cerca(Ricerca(q="casa"))
        assert time.perf_counter() - inizio < 2


def test_a_server_stopped_between_requests(es_server, backend):
    if es_server is None:
        pytest.skip("needs the osmem server of the tests")
    backend.applica(aggiornati=[documento("a:1", "Casa")], eliminati=[])
    clone = es_server.clone()
    altro = ElasticsearchBackend(clone.url)
    altro.applica(aggiornati=[documento("a:1", "Casa")], eliminati=[])
    assert altro.cerca(Ricerca(q="casa")).totale == 1

    clone.close()

    with pytest.raises(SearchUnavailable):
        altro.cerca(Ricerca(q="casa"))
    assert backend.cerca(Ricerca(q="casa")).totale == 1
