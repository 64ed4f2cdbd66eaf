"""A Referente di zona sees and edits in the Wagtail admin only the practices and events of their own
(confirmed) zone (issue 13, item 3): every admin view that shows a page × every kind of user.

The attack it stops: a referente of another zone opened and saved a private draft of this zone (with
the author's personal contact) and found it in the admin page search."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from wagtail.fields import StreamField
from wagtail.models import Revision, TaskState
from wagtail.search.index import insert_or_update_object

from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import bozza, proposta_inviata
from cop.models import AggiornamentoPage
from cop.tests.factories import AggiornamentiIndexPageFactory, AggiornamentoPageFactory, UserFactory
from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory

pytestmark = pytest.mark.django_db

VEDE = "vede e modifica"
NON_VEDE = "non vede"
NO_ADMIN = "niente admin"

ATTESO = {
    "operatore": NO_ADMIN,
    "referente della zona": VEDE,
    "referente di altra zona": NON_VEDE,
    "redattore": VEDE,
    "account non verificato": NO_ADMIN,
}
VISTE = ["explorer", "modifica GET", "modifica POST", "ricerca admin", "selettore di pagine", "azione del workflow"]
TITOLI = {"pratica": "Sportello riservato Pisana", "evento": "Seminario riservato Pisana"}


@pytest.fixture
def utenti(operatore, referente, referente_altra_zona, redattore):
    return {
        "operatore": operatore,
        "referente della zona": referente,
        "referente di altra zona": referente_altra_zona,
        "redattore": redattore,
        "account non verificato": UserFactory(verified=False),
    }


@pytest.fixture
def pagine(home_page, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema, title=TITOLI["pratica"], contatto_email="privata@esempio.it")
    eventi = EventiIndexPageFactory(parent=home_page)
    evento = EventoPageFactory(parent=eventi, title=TITOLI["evento"], live=False, zone=[zona])
    for pagina in (pratica, evento):
        insert_or_update_object(pagina)  # what the index does after the commit (never, inside a test)
    return {"pratica": pratica, "evento": evento}


class _DatiDelForm(HTMLParser):
    """What the browser would post from the edit form as the server rendered it."""

    def __init__(self):
        super().__init__()
        self.dati, self._textarea, self._select, self._dentro = [], None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "page-edit-form":
            self._dentro = True
        if not self._dentro or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                self.dati.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.dati.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.dati.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._dentro = False


def _dati_modifica(client, pagina):
    """The edit form's data, or {} when the user cannot open it."""
    form = client.get(reverse("wagtailadmin_pages:edit", args=[pagina.pk]))
    if form.status_code != 200:
        return {}
    parser = _DatiDelForm()
    parser.feed(form.content.decode())
    dati = {}
    for nome, valore in parser.dati:
        dati.setdefault(nome, []).append(valore)
    for campo in type(pagina)._meta.fields:
        if isinstance(campo, StreamField):
            dati.setdefault(f"{campo.name}-count", ["0"])  # an empty StreamField renders no inputs
    return dati


def _revisioni(pagina):
    return Revision.page_revisions.filter(object_id=str(pagina.pk)).count()


def _apri(client, vista, pagina, titolo):
    """The response of `vista` for `pagina`, and whether it showed or changed the page."""
    if vista == "explorer":
        response = client.get(reverse("wagtailadmin_explore", args=[pagina.get_parent().pk]))
        return response, response.status_code == 200 and titolo in response.content.decode()
    if vista == "modifica GET":
        response = client.get(reverse("wagtailadmin_pages:edit", args=[pagina.pk]))
        return response, response.status_code == 200 and titolo in response.content.decode()
    if vista == "modifica POST":
        dati = _dati_modifica(client, pagina) or {"title": [titolo]}
        dati["title"] = [f"{titolo} (rivista)"]
        prima = _revisioni(pagina)
        response = client.post(reverse("wagtailadmin_pages:edit", args=[pagina.pk]), dati)
        return response, _revisioni(pagina) > prima
    if vista == "ricerca admin":
        response = client.get(reverse("wagtailadmin_pages:search"), {"q": "riservato"})
        return response, response.status_code == 200 and titolo in response.content.decode()
    if vista == "selettore di pagine":
        response = client.get(reverse("wagtailadmin_choose_page_child", args=[pagina.get_parent().pk]))
        return response, response.status_code == 200 and titolo in response.content.decode()
    raise AssertionError(vista)


@pytest.mark.parametrize("tipo", ["pratica", "evento"])
@pytest.mark.parametrize("vista", VISTE[:-1])
@pytest.mark.parametrize("ruolo", list(ATTESO))
def test_who_sees_and_edits_a_draft_of_the_zone_in_the_admin(client, utenti, pagine, ruolo, vista, tipo):
    client.force_login(utenti[ruolo])
    pagina = pagine[tipo]

    response, visibile = _apri(client, vista, pagina, TITOLI[tipo])

    atteso = ATTESO[ruolo]
    assert visibile is (atteso == VEDE)
    if atteso == NO_ADMIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accesso_redazione"))
    if atteso == NON_VEDE and vista.startswith("modifica"):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    if atteso != VEDE:
        assert "privata@esempio.it" not in response.content.decode()


AZIONE = {
    "operatore": False,
    "referente della zona": True,
    "referente di altra zona": False,
    "redattore": False,  # the referente's step; the redazione has its own
    "account non verificato": False,
}


@pytest.mark.parametrize("ruolo", list(AZIONE))
def test_who_approves_through_the_workflow_action_url(client, indice, utenti, zona, tema, ruolo):
    pratica = proposta_inviata(utenti["operatore"], indice, zona, tema)
    task_state = pratica.current_workflow_task_state
    client.force_login(utenti[ruolo])

    client.post(reverse("wagtailadmin_pages:workflow_action", args=[pratica.pk, "approve", task_state.pk]))

    task_state.refresh_from_db()
    assert (task_state.status == TaskState.STATUS_APPROVED) is AZIONE[ruolo]


def test_a_referente_of_another_zone_still_sees_the_way_to_their_own_pages(client, utenti, pagine, indice):
    """The explorer opens for them, without the pages of this zone."""
    client.force_login(utenti["referente di altra zona"])
    response = client.get(reverse("wagtailadmin_explore", args=[indice.pk]))
    assert response.status_code == 200
    assert TITOLI["pratica"] not in response.content.decode()


def test_a_zone_update_is_edited_by_the_referenti_of_its_zone_only(home_page, utenti, zona):
    """The zone's updates («Aggiornamenti» di zona) follow the same rule as practices and events."""
    indice = AggiornamentiIndexPageFactory(parent=home_page)
    notizia = AggiornamentoPageFactory(
        parent=indice, live=False, ambito=AggiornamentoPage.Ambito.ZONALE, zone=[zona], title="Notizia di zona"
    )
    chi_modifica = {ruolo for ruolo, user in utenti.items() if notizia.permissions_for_user(user).can_edit()}
    assert chi_modifica == {"referente della zona", "redattore"}
    assert indice.permissions_for_user(utenti["referente di altra zona"]).can_add_subpage()
