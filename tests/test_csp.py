"""Content-Security-Policy: a script that slipped into a page (through a sanitiser bug, a compromised
template or a stored value) does not run, and nothing is loaded from a third party.

Every page type of the demo site is asked for as a visitor, a member and an editor would: each answer
carries the policy, the policy allows no inline script or style and no host but the site's own (and the
YouTube player a visitor chooses to load), and the HTML the site writes needs nothing more (no <script>
without src, no onclick=, no style=). The browser tests add the other half: every page they open is
watched for refused content (tests/conftest.py, `page`), and here an injected inline script is shown not
to run in Chromium.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from buonepratiche.models import BuonaPraticaPage, BuonePraticheIndexPage
from cop.models import AggiornamentiIndexPage, Zona
from cop.tests.factories import OperatoreFactory, RedattoreFactory
from eventi.models import EventiIndexPage, EventoPage
from forum.models import Categoria, Discussione

pytestmark = pytest.mark.django_db


def politica(risposta):
    """{'script-src': ["'self'"], ...} from the response's Content-Security-Policy header."""
    intestazione = risposta.headers.get("Content-Security-Policy")
    assert intestazione, f"{risposta.wsgi_request.path}: nessuna Content-Security-Policy"
    direttive = {}
    for parte in intestazione.split(";"):
        nome, *valori = parte.split()
        direttive[nome] = valori
    return direttive


class ContenutoInLinea(HTMLParser):
    """What a policy without 'unsafe-inline' would refuse in a page: inline scripts, event-handler
    attributes, javascript: URLs, style attributes and <style> elements."""

    def __init__(self):
        super().__init__()
        self.trovati = []
        self._script_in_linea = False

    def handle_starttag(self, tag, attrs):
        attributi = dict(attrs)
        if tag == "script" and not attributi.get("src") and attributi.get("type") != "application/json":
            self._script_in_linea = True
        if tag == "style":
            self.trovati.append("<style>")
        for nome, valore in attrs:
            if nome.startswith("on"):
                self.trovati.append(f"<{tag} {nome}={valore!r}>")
            if nome == "style":
                self.trovati.append(f"<{tag} style={valore!r}>")
            if nome in {"href", "src", "action"} and (valore or "").strip().lower().startswith("javascript:"):
                self.trovati.append(f"<{tag} {nome}={valore!r}>")

    def handle_data(self, data):
        if self._script_in_linea and data.strip():
            self.trovati.append(f"<script>{data.strip()[:80]}</script>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_in_linea = False


def contenuto_in_linea(html):
    parser = ContenutoInLinea()
    parser.feed(html)
    return parser.trovati


def assert_politica_rigorosa(risposta):
    direttive = politica(risposta)
    percorso = risposta.wsgi_request.get_full_path()
    assert direttive["script-src"] == ["'self'"], percorso
    assert direttive["style-src"] == ["'self'"], percorso
    assert direttive["object-src"] == ["'none'"], percorso
    assert direttive["base-uri"] == ["'self'"], percorso
    assert direttive["frame-src"] == ["https://www.youtube-nocookie.com"], percorso
    for nome, valori in direttive.items():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:"} & set(valori), (percorso, nome, valori)


def pagine_del_sito():
    pratica = BuonaPraticaPage.objects.live().public().first()
    evento = EventoPage.objects.live().public().first()
    return {
        "home": "/",
        "biblioteca": BuonePraticheIndexPage.objects.live().get().url,
        "biblioteca filtrata": BuonePraticheIndexPage.objects.live().get().url + "?q=povertà&ordine=recenti",
        "pratica": pratica.url,
        "eventi": EventiIndexPage.objects.live().get().url,
        "evento": evento.url,
        "forum": reverse("forum:indice"),
        "discussione": Discussione.objects.first().get_absolute_url(),
        "ricerca": reverse("search:cerca") + "?q=budget",
        "ricerca senza risultati": reverse("search:cerca") + "?q=zzzzqqq",
        "zone": reverse("zona_list"),
        "zona": Zona.objects.order_by("pk").first().get_absolute_url(),
        "flusso": "/flusso/",
        "aggiornamenti": AggiornamentiIndexPage.objects.live().get().url,
        "api": "/api/",
        "accesso": reverse("account_login"),
        "iscrizione": reverse("account_signup"),
        "pagina che non esiste": "/questa-pagina-non-esiste/",
    }


def pagine_dei_membri():
    return {
        "profilo": reverse("profilo"),
        "modifica profilo": reverse("profilo_modifica"),
        "proposta": reverse("buonepratiche:proponi"),
        "le mie pratiche": reverse("buonepratiche:mie_pratiche"),
        "i miei eventi": EventiIndexPage.objects.live().get().url + "miei/",
        "nuova discussione": reverse("forum:nuova_discussione", args=[Categoria.objects.first().slug]),
    }


@pytest.mark.usefixtures("demo")
def test_every_public_page_type_refuses_inline_scripts_and_third_parties(client):
    for nome, percorso in pagine_del_sito().items():
        risposta = client.get(percorso)
        assert risposta.status_code in (200, 404), (nome, percorso, risposta.status_code)
        assert_politica_rigorosa(risposta)
        assert contenuto_in_linea(risposta.content.decode()) == [], (nome, percorso)


@pytest.mark.usefixtures("demo")
def test_member_pages_refuse_inline_scripts_too(client):
    client.force_login(OperatoreFactory())
    for nome, percorso in pagine_dei_membri().items():
        risposta = client.get(percorso)
        assert risposta.status_code == 200, (nome, percorso, risposta.status_code)
        assert_politica_rigorosa(risposta)
        assert contenuto_in_linea(risposta.content.decode()) == [], (nome, percorso)


@pytest.mark.usefixtures("demo")
def test_the_admin_has_a_policy_with_no_third_party_and_no_eval(client):
    client.force_login(RedattoreFactory())
    pratica = BuonaPraticaPage.objects.live().first()
    for percorso in ["/admin/", f"/admin/pages/{pratica.pk}/edit/", "/admin/pages/search/?q=povert"]:
        risposta = client.get(percorso)
        assert risposta.status_code == 200, percorso
        direttive = politica(risposta)
        # Wagtail's own widgets are inline scripts: the admin allows inline code, never eval.
        assert direttive["script-src"] == ["'self'", "'unsafe-inline'"]
        assert direttive["object-src"] == ["'none'"]
        for valori in direttive.values():
            assert not {"*", "https:", "http:"} & set(valori), (percorso, valori)


def test_the_checker_finds_what_the_policy_would_refuse():
    """The HTML check is not vacuous: each kind of inline content is found."""
    html = (
        '<script>alert(1)</script><script src="/static/x.js"></script>'
        '<script type="application/json">{"a": 1}</script>'
        '<button onclick="go()">x</button><div style="color:red"></div>'
        '<a href="javascript:go()">y</a><style>p{}</style>'
    )
    assert contenuto_in_linea(html) == [
        "<script>alert(1)</script>",
        "<button onclick='go()'>",
        "<div style='color:red'>",
        "<a href='javascript:go()'>",
        "<style>",
    ]
