import pytest
from wagtail import hooks

from cop import home

pytestmark = pytest.mark.django_db


def test_sections_without_anything_to_show_say_so(client):
    html = client.get("/").content.decode()
    assert "Non ci sono eventi in programma." in html
    assert "Il forum non ha ancora discussioni." in html


def test_every_section_has_a_provider_from_its_app():
    assert set(home.fornitori()) == set(home.SEZIONI)


def test_a_hook_fills_its_home_section(client):
    class Evento:
        title = "A sostegno delle fragilità"
        url = "/eventi/a-sostegno-delle-fragilita/"
        sottotitolo = "Evento annuale del PO FSE Basilicata"

    with hooks.register_temporarily("cop_sezioni_home", lambda: {"prossimi_eventi": lambda request: [Evento()]}):
        html = client.get("/").content.decode()
    assert 'href="/eventi/a-sostegno-delle-fragilita/"' in html
    assert "Non ci sono eventi in programma." not in html


def test_an_unknown_section_is_refused():
    with (
        hooks.register_temporarily("cop_sezioni_home", lambda: {"meteo": lambda request: []}),
        pytest.raises(ValueError, match="meteo"),
    ):
        home.fornitori()
