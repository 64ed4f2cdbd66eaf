"""The order of the results, whatever the engine (the `search_backend` fixture runs each test on
the database engine and on Elasticsearch): words typed together found together come first, and
an acronym's expansion is matched as a phrase, not word by word."""

from datetime import UTC, datetime, timedelta

import pytest

from search.backends.base import Ricerca


def documento(i, *, titolo, testo, giorni=0, tipo="pratica"):
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
        "zone": ["pisana"],
        "temi": ["poverta"],
        "validata": False,
        "suggerimenti": [titolo],
    }


@pytest.fixture
def scrivi(search_backend):
    def _scrivi(*documenti):
        search_backend.applica(aggiornati=list(documenti), eliminati=[])
        return search_backend

    return _scrivi


def ids(backend, q, **criteri):
    return [r.id for r in backend.cerca(Ricerca(q=q, **criteri)).risultati]


def test_the_words_as_a_phrase_come_before_the_same_words_scattered(scrivi):
    sparse = "La povertà delle famiglie cresce in tutta la zona. " + "Incontri e servizi di quartiere. " * 20
    backend = scrivi(
        # Newer, and "povertà" in its title: without phrases it would come first.
        documento(1, titolo="Doposcuola contro la povertà", testo=sparse + "Un progetto educativo.", giorni=300),
        documento(2, titolo="Laboratori nei quartieri", testo="Contrastare la povertà educativa dei ragazzi."),
    )
    assert ids(backend, "povertà educativa") == ["prova.doc:2", "prova.doc:1"]
    assert ids(backend, "poverta educativa") == ["prova.doc:2", "prova.doc:1"]  # accents do not matter


def test_an_acronym_finds_its_expansion_as_a_phrase_not_its_words_scattered(scrivi):
    backend = scrivi(
        documento(1, titolo="Rete dei consultori", testo="La Società della Salute coordina i servizi della zona."),
        # "società" and "salute" (as "saluti") both there, not as the expansion: not what SdS means.
        documento(2, titolo="Saluti dalla festa", testo="La società sportiva ringrazia. Saluti a tutti."),
    )
    assert ids(backend, "SdS") == ["prova.doc:1"]
    assert ids(backend, "consultori SdS") == ["prova.doc:1"]
    # Typed in full, the words are still words: both documents hold them.
    assert sorted(ids(backend, "società salute")) == ["prova.doc:1", "prova.doc:2"]


def test_the_service_pages_come_after_the_content_even_with_the_words_in_their_title(scrivi):
    backend = scrivi(
        documento(1, titolo="Trattamento dei dati personali", testo="Dati personali degli utenti.", tipo="servizio"),
        documento(2, titolo="Sportello unico", testo="Una rete che raccoglie dati personali delle famiglie."),
        documento(3, titolo="Dichiarazione di accessibilità", testo="I dati personali.", tipo="servizio", giorni=9),
    )
    assert ids(backend, "dati personali") == ["prova.doc:2", "prova.doc:1", "prova.doc:3"]
    # Asked for by kind, or by date, they are ordered as anything else.
    assert ids(backend, "dati personali", tipo=("servizio",)) == ["prova.doc:1", "prova.doc:3"]
    assert ids(backend, "dati personali", ordina="data")[0] == "prova.doc:3"


def test_with_thousands_of_matches_the_titles_still_come_first(scrivi, monkeypatch):
    # On PostgreSQL, above MOLTI_PER_RANGO matches the order reads the titles only; lowered here.
    monkeypatch.setattr("search.backends.database.MOLTI_PER_RANGO", 1)
    corpo = "Un laboratorio di quartiere per i ragazzi e le famiglie della zona."
    backend = scrivi(
        documento(1, titolo="Laboratori di quartiere", testo="Attività per ragazzi.", giorni=0),
        documento(2, titolo="Centro estivo", testo=corpo, giorni=200),
        documento(3, titolo="Doposcuola", testo=corpo, giorni=100),
        documento(4, titolo="Laboratorio di quartiere per le famiglie", testo="Un laboratorio.", giorni=50),
    )
    trovati = ids(backend, "laboratorio quartiere")
    assert set(trovati[:2]) == {"prova.doc:1", "prova.doc:4"} and set(trovati[2:]) == {"prova.doc:2", "prova.doc:3"}
