"""The database engine's own rules, beyond the shared suite: pages of many matches, the title
above the text, phrases above scattered words, facets with the filters, suggestions, and writes of
other processes seen at once (the engine keeps no state of its own in a process)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction

from search.backends.base import Ricerca
from search.backends.database import DatabaseBackend


def documento(i, *, titolo, testo, tipo="pratica", zone=("pisana",), temi=("poverta",), giorni=0):
    data = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=giorni)
    return {
        "id": f"prova.doc:{i}",
        "tipo": tipo,
        "titolo": titolo,
        "testo": testo,
        "sommario": testo[:50],
        "url": f"/prova/{i}/",
        "data": data,
        "anno": data.year,
        "zone": list(zone),
        "temi": list(temi),
        "validata": False,
        "suggerimenti": [titolo],
    }


@pytest.fixture
def motore(_backend_database):
    return _backend_database


@pytest.fixture
def molti(motore):
    """30 documents about poverty: 6 say it in the title (ids 0-5), 24 only in the text, many
    times (a body-only document can outscore a title match on bm25 alone); the even ones are in
    the zone "empolese"."""
    documenti = []
    for i in range(30):
        nel_titolo = i < 6
        titolo = f"Povertà e comunità {i}" if nel_titolo else f"Servizio numero {i}"
        testo = "Un servizio per le famiglie. " + ("povertà povertà povertà " * (3 if not nel_titolo else 0))
        zone = ("empolese",) if i % 2 == 0 else ("pisana",)
        documenti.append(documento(i, titolo=titolo, testo=testo, zone=zone, giorni=i))
    motore.applica(aggiornati=documenti, eliminati=[])
    return documenti


def pagine(motore, **criteri):
    """Every result id of a search, page after page (3 per page), and the totals seen."""
    trovati, totali, pagina = [], set(), 1
    while True:
        risultati = motore.cerca(Ricerca(per_pagina=3, pagina=pagina, **criteri))
        totali.add(risultati.totale)
        if not risultati.risultati:
            return trovati, totali
        trovati += [r.id for r in risultati.risultati]
        pagina += 1


def test_relevance_pages_hold_every_match_once(motore, molti):
    trovati, totali = pagine(motore, q="poverta")
    assert sorted(trovati) == sorted(d["id"] for d in molti[:30] if "overt" in (d["titolo"] + d["testo"]))
    assert len(trovati) == len(set(trovati)) == 30 and totali == {30}

    filtrati, totali = pagine(motore, q="poverta", zona=("empolese",))
    assert sorted(filtrati) == sorted(f"prova.doc:{i}" for i in range(0, 30, 2))
    assert len(filtrati) == len(set(filtrati)) and totali == {15}


def test_title_matches_come_before_documents_that_only_repeat_the_word(motore, molti):
    trovati, _totali = pagine(motore, q="poverta")
    assert set(trovati[:6]) == {f"prova.doc:{i}" for i in range(6)}
    filtrati, _totali = pagine(motore, q="poverta", zona=("empolese",))
    assert set(filtrati[:3]) == {"prova.doc:0", "prova.doc:2", "prova.doc:4"}


def test_the_words_as_a_phrase_come_before_the_same_words_scattered(motore):
    sparse = "La povertà delle famiglie cresce. " + "Parole di servizio. " * 30 + "Un progetto educativo."
    motore.applica(
        aggiornati=[
            documento(1, titolo="Doposcuola e povertà", testo="Progetto educativo. " + sparse, giorni=9),
            documento(2, titolo="Laboratori", testo="Contrastare la povertà educativa nei quartieri.", giorni=1),
        ],
        eliminati=[],
    )
    assert [r.id for r in motore.cerca(Ricerca(q="povertà educativa")).risultati] == ["prova.doc:2", "prova.doc:1"]


def test_a_change_written_by_another_process_is_seen_at_the_next_search(motore, molti):
    motore.cerca(Ricerca(q="poverta"))  # this process has searched before
    altro_processo = DatabaseBackend()
    altro_processo.applica(
        aggiornati=[documento(99, titolo="Povertà educativa", testo="Doposcuola", zone=("lunigiana",))],
        eliminati=["prova.doc:0"],
    )
    risultati = motore.cerca(Ricerca(q="poverta"))
    assert risultati.totale == 30
    assert dict(risultati.facets["zona"])["lunigiana"] == 1
    assert "prova.doc:0" not in [r.id for r in motore.cerca(Ricerca(q="poverta", per_pagina=50)).risultati]


def test_a_rolled_back_write_leaves_no_trace_in_the_picture(motore, molti):
    prima = motore.cerca(Ricerca(q="poverta")).totale
    with pytest.raises(RuntimeError), transaction.atomic():
        DatabaseBackend().applica(aggiornati=[], eliminati=[d["id"] for d in molti])
        assert motore.cerca(Ricerca(q="poverta")).totale == 0
        raise RuntimeError("annullata")
    assert motore.cerca(Ricerca(q="poverta")).totale == prima == 30
    assert motore.cerca(Ricerca()).totale == 30


def test_facets_and_date_order_come_from_the_picture_with_the_filters(motore, molti):
    risultati = motore.cerca(Ricerca(q="poverta", ordina="data", zona=("empolese",), per_pagina=4, pagina=2))
    assert [r.id for r in risultati.risultati] == ["prova.doc:20", "prova.doc:18", "prova.doc:16", "prova.doc:14"]
    assert risultati.totale == 15
    # The zone facet is counted without its own filter; the others with it.
    assert dict(risultati.facets["zona"]) == {"empolese": 15, "pisana": 15}
    assert dict(risultati.facets["tipo"]) == {"pratica": 15}


def test_suggestions_are_the_newest_titles_holding_every_word_typed(motore, molti):
    voci = motore.suggerisci("pover")
    assert [v["testo"] for v in voci] == [f"Povertà e comunità {i}" for i in (5, 4, 3, 2, 1, 0)]
    assert [v["testo"] for v in motore.suggerisci("comunità 3")] == ["Povertà e comunità 3"]
    assert motore.suggerisci("comunita serviz") == []  # no title holds both
    assert [v["testo"] for v in motore.suggerisci("comunita pov")] == [v["testo"] for v in voci]
    motore.applica(aggiornati=[], eliminati=["prova.doc:5"])
    assert "Povertà e comunità 5" not in [v["testo"] for v in motore.suggerisci("pover")]
    # The last word is a prefix: "2" completes to 29, 28, ... 20, newest first.
    assert [v["testo"] for v in motore.suggerisci("servizio numero 2", limite=3)] == [
        "Servizio numero 29",
        "Servizio numero 28",
        "Servizio numero 27",
    ]
    assert motore.suggerisci("servizio numero 29")[0] == {
        "testo": "Servizio numero 29",
        "url": "/prova/29/",
        "tipo": "pratica",
        "id": "prova.doc:29",
    }


def risposte(motore):
    """What a visitor sees for a few searches: ids in order, totals and facets."""
    ricerche = [
        Ricerca(q="poverta", per_pagina=50),
        Ricerca(q="poverta", ordina="data", zona=("empolese",), per_pagina=7, pagina=2),
        Ricerca(ordina="data", per_pagina=50),
        Ricerca(tipo=("evento",), per_pagina=50),
    ]
    return [
        ([r.id for r in risultati.risultati], risultati.totale, risultati.facets)
        for risultati in map(motore.cerca, ricerche)
    ]


def test_writes_of_another_process_are_answered_as_by_a_fresh_engine(motore, molti):
    """Whatever a process has searched before, another process's writes are answered as an engine
    built afresh answers them."""
    motore.cerca(Ricerca(q="poverta"))
    altro_processo = DatabaseBackend()
    scritture = [
        # moved to another zone and to the newest date
        {"aggiornati": [documento(3, titolo="Povertà e comunità 3", testo="x", zone=("lunigiana",), giorni=400)]},
        {"eliminati": ["prova.doc:0", "prova.doc:7"]},
        {
            "aggiornati": [
                documento(i, titolo=f"Evento {i}", testo="povertà", tipo="evento", giorni=i) for i in (40, 41)
            ]
        },
        # a document deleted and written again in the same write, and one that does not exist
        {
            "aggiornati": [documento(8, titolo="Servizio numero 8", testo="povertà", giorni=-5)],
            "eliminati": ["nessuno"],
        },
    ]
    for scrittura in scritture:
        altro_processo.applica(aggiornati=scrittura.get("aggiornati", []), eliminati=scrittura.get("eliminati", []))
        assert risposte(motore) == risposte(DatabaseBackend())
    ultimi = motore.cerca(Ricerca(ordina="data", per_pagina=3)).risultati
    assert [r.id for r in ultimi] == ["prova.doc:3", "prova.doc:41", "prova.doc:40"]
    assert dict(motore.cerca(Ricerca(q="poverta")).facets["zona"])["lunigiana"] == 1


def test_a_rewritten_or_rebuilt_document_is_found_by_its_new_words_only(motore, molti):
    for volta in range(3):
        motore.applica(aggiornati=[{**d, "titolo": f"{d['titolo']} versione{volta}"} for d in molti[:10]], eliminati=[])
    assert motore.cerca(Ricerca(q="versione0")).totale == 0
    assert motore.cerca(Ricerca(q="versione2")).totale == 10
    motore.ricostruisci(iter(molti), totale=len(molti), avanzamento=lambda _n: None)
    motore.applica(aggiornati=[documento(99, titolo="Nuovo", testo="povertà")], eliminati=[])
    assert motore.cerca(Ricerca(q="versione2")).totale == 0
    assert motore.cerca(Ricerca(q="poverta")).totale == motore.conta() == 31
    assert [r.titolo for r in motore.cerca(Ricerca(q="comunita 3")).risultati][:1] == ["Povertà e comunità 3"]


def test_did_you_mean_sees_the_words_of_the_latest_write(motore, molti):
    assert motore.cerca(Ricerca(q="ludotecaa")).alternative == []
    DatabaseBackend().applica(aggiornati=[documento(99, titolo="Ludoteca di quartiere", testo="giochi")], eliminati=[])
    assert motore.cerca(Ricerca(q="ludotecaa")).alternative == ["ludoteca"]
