import pytest

from cop import home

pytestmark = pytest.mark.django_db


@pytest.fixture
def fornitori_puliti(monkeypatch):
    monkeypatch.setattr(home, "_fornitori", {})


def test_sections_without_a_provider_show_their_empty_state(client, fornitori_puliti):
    html = client.get("/").content.decode()
    assert "Non ci sono eventi in programma." in html
    assert "Il forum non ha ancora discussioni." in html


def test_a_registered_provider_fills_its_home_section(client, fornitori_puliti):
    class Evento:
        title = "A sostegno delle fragilità"
        url = "/eventi/a-sostegno-delle-fragilita/"
        sottotitolo = "Evento annuale del PO FSE Basilicata"

    home.registra_sezione("prossimi_eventi", lambda request: [Evento()])

    html = client.get("/").content.decode()
    assert 'href="/eventi/a-sostegno-delle-fragilita/"' in html
    assert "Non ci sono eventi in programma." not in html


def test_an_unknown_section_is_refused(fornitori_puliti):
    with pytest.raises(ValueError):
        home.registra_sezione("meteo", lambda request: [])
