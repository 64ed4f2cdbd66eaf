"""Schemathesis generates requests from the API's own OpenAPI document and sends them to a live server:
whatever it sends, valid or not, the API never fails (no 5xx), always answers JSON, and its answers
match the document (status codes, headers, bodies).

One check is left out: `positive_data_acceptance`. Slugs of zones, themes and the other vocabularies
are data, not part of the document (which is static: /api/v1/vocabolari/ lists them), so a well-formed
slug that names no zone is a 400 by design."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as ipotesi
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.tests.test_api import ESEMPI
from cop.tests.factories import TemaFactory, ZonaFactory
from eventi.tests.factories import EventoPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ESEMPI_PER_OPERAZIONE = 30


def test_generated_requests_never_break_the_api(live_server, home_page, settings):
    settings.API_LIMITE_RICHIESTE = None
    zona, tema = ZonaFactory(slug="pisana"), TemaFactory(slug="poverta")
    for crea in ESEMPI.values():
        crea(home_page, zona, tema)
    EventoPageFactory(passato=True)

    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", timeout=30)
    base = f"{live_server.url}/api/v1"
    operazioni = [risultato.ok() for risultato in schema.get_all_operations()]
    assert len(operazioni) >= 5

    for operazione in operazioni:

        @given(case=operazione.as_strategy())
        @ipotesi(
            max_examples=ESEMPI_PER_OPERAZIONE,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def prova(case):
            response = case.call_and_validate(base_url=base, excluded_checks=[positive_data_acceptance], timeout=30)
            assert response.headers["content-type"][0].startswith("application/json")  # lowercase keys, lists
            assert response.headers["access-control-allow-origin"] == ["*"]

        prova()
