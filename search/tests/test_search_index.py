"""`manage.py search_index`: --check finds what differs between database and index, --rebuild
puts it right (with a progress bar), --apply runs the pending outbox records (cron)."""

import io

import pytest
from django.core.management import CommandError, call_command

from search.documents import documento
from search.models import Modifica

from .corpus import doc_id


def esegui(*argomenti):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("search_index", *argomenti, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_check_finds_missing_extra_and_stale_documents_and_rebuild_fixes_them(corpus):
    assert "L'indice corrisponde al database." in esegui("--check")[0]

    vecchio = documento(doc_id(corpus.orti)) | {"titolo": "Un titolo di ieri"}
    estraneo = documento(doc_id(corpus.msna)) | {"id": "forum.messaggio:999999"}
    corpus.backend.applica(aggiornati=[vecchio, estraneo], eliminati=[doc_id(corpus.adi)])

    stdout = io.StringIO()
    with pytest.raises(CommandError) as errore:
        call_command("search_index", "--check", stdout=stdout)
    assert errore.value.returncode == 1
    uscita = stdout.getvalue()
    assert f"Mancanti nell'indice: 1\n  {doc_id(corpus.adi)}" in uscita
    assert "Nell'indice ma non più nel database: 1\n  forum.messaggio:999999" in uscita
    assert f"Diversi dal database: 1\n  {doc_id(corpus.orti)}" in uscita

    uscita, barra = esegui("--rebuild")
    totale = corpus.backend.conta()
    assert f"{totale}/{totale} documenti (100%)" in barra and "doc/s" in barra
    assert f"Indice ricostruito ({corpus.backend.nome}): {totale} documenti" in uscita
    assert "L'indice corrisponde al database." in esegui("--check")[0]


def test_a_rebuild_covers_the_pending_records(corpus):
    corpus.orti.unpublish()
    assert Modifica.objects.exists()
    esegui("--rebuild")
    assert not Modifica.objects.exists()
    assert doc_id(corpus.orti) not in corpus.backend.ids_e_impronte()


def test_apply_runs_the_pending_records(corpus):
    corpus.orti.unpublish()
    uscita, _errori = esegui("--apply")
    assert "Modifiche applicate:" in uscita and "0 documenti aggiornati, 1 eliminati" in uscita
    assert not Modifica.objects.exists()
    assert doc_id(corpus.orti) not in corpus.backend.ids_e_impronte()


def test_apply_with_the_engine_down_fails_for_cron_and_keeps_the_records(corpus, settings):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        porta = s.getsockname()[1]
    corpus.orti.unpublish()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{porta}"
    with pytest.raises(CommandError, match="non risponde"):
        esegui("--apply")
    assert Modifica.objects.exists()
