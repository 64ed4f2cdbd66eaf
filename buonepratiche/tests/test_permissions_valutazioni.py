"""Who may evaluate a practice and who may declare "L'abbiamo adottata": the four roles against the
rule in permissions.py, the admin screens and the public form. Every cell pins its answer."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from buonepratiche import permissions
from buonepratiche.models import Adozione, Criterio, ImpostazioniBuonePratiche, ValutazionePratica
from buonepratiche.tests.aiuti_scambi import con_zona
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.tests.factories import OperatoreFactory, RedattoreFactory, ReferenteFactory, ZonaFactory

pytestmark = pytest.mark.django_db

ROLES = {
    "anonimo": None,
    "operatore": OperatoreFactory,
    "referente": ReferenteFactory,
    "redattore": RedattoreFactory,
}

# Members belong to another zone than the practice's (the same zone is tested in test_adozioni.py).
PUO_VALUTARE = {"anonimo": False, "operatore": False, "referente": False, "redattore": True}
PUO_ADOTTARE = {"anonimo": False, "operatore": True, "referente": True, "redattore": True}

OK = "200"
LOGIN_ADMIN = "login dell'admin"
NO_ADMIN = "niente admin"  # the admin gate: 403 for members without admin access
DENIED = "negato"  # Wagtail's "permission denied": back to the dashboard

ADMIN_VIEWS = {
    "valuta": lambda pratica: reverse("buonepratiche_valuta_pratica", args=[pratica.pk]),
    "valutazioni_elenco": lambda pratica: reverse("wagtailsnippets_buonepratiche_valutazionepratica:list"),
    "adozioni_elenco": lambda pratica: reverse("wagtailsnippets_buonepratiche_adozione:list"),
    "metodologie_elenco": lambda pratica: reverse("wagtailsnippets_buonepratiche_metodologia:list"),
    "destinatari_nuovo": lambda pratica: reverse("wagtailsnippets_buonepratiche_destinatario:add"),
    "fonti_elenco": lambda pratica: reverse("wagtailsnippets_buonepratiche_fontefinanziamento:list"),
    "impostazioni": lambda pratica: reverse(
        "wagtailsettings:edit", args=["buonepratiche", "impostazionibuonepratiche", ImpostazioniBuonePratiche.load().pk]
    ),
}
EXPECTED_ADMIN = {
    "anonimo": dict.fromkeys(ADMIN_VIEWS, LOGIN_ADMIN),
    "operatore": dict.fromkeys(ADMIN_VIEWS, NO_ADMIN),
    "referente": dict.fromkeys(ADMIN_VIEWS, DENIED),
    "redattore": dict.fromkeys(ADMIN_VIEWS, OK),
}


@pytest.fixture
def zona_pratica():
    return ZonaFactory()


@pytest.fixture
def pratica(home_page, zona_pratica):
    return BuonaPraticaPageFactory(parent=BuonePraticheIndexPageFactory(parent=home_page), zone=[zona_pratica])


def membro(role):
    """A member of `role` in a zone other than the practice's (None for the anonymous visitor)."""
    if ROLES[role] is None:
        return None
    return con_zona(ROLES[role], ZonaFactory())


def test_the_matrices_have_an_answer_for_every_role():
    assert set(PUO_VALUTARE) == set(PUO_ADOTTARE) == set(EXPECTED_ADMIN) == set(ROLES)
    assert all(set(risposte) == set(ADMIN_VIEWS) for risposte in EXPECTED_ADMIN.values())


@pytest.mark.parametrize("role", list(ROLES))
def test_who_may_evaluate_and_declare_an_adoption(pratica, role):
    user = membro(role) or AnonymousUser()

    assert permissions.can_evaluate(user, pratica) is PUO_VALUTARE[role]
    assert permissions.can_declare_adoption(user, pratica) is PUO_ADOTTARE[role]


@pytest.mark.parametrize("view", list(ADMIN_VIEWS))
@pytest.mark.parametrize("role", list(ROLES))
def test_role_can_open_the_admin_screens_of_the_library_only_when_allowed(client, pratica, role, view):
    user = membro(role)
    if user is not None:
        client.force_login(user)
    url = ADMIN_VIEWS[view](pratica)

    response = client.get(url)

    expected = EXPECTED_ADMIN[role][view]
    if expected == OK:
        assert response.status_code == 200
    elif expected in (LOGIN_ADMIN, NO_ADMIN):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accesso_redazione')}?next={url}"
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize("role", list(ROLES))
def test_posting_an_evaluation_works_only_for_redattori(client, pratica, role):
    user = membro(role)
    if user is not None:
        client.force_login(user)
    dati = {f"punteggio_{criterio}": 4 for criterio in Criterio.values}

    client.post(reverse("buonepratiche_valuta_pratica", args=[pratica.pk]), dati)

    assert ValutazionePratica.objects.exists() is PUO_VALUTARE[role]


@pytest.mark.parametrize("role", list(ROLES))
def test_posting_an_adoption_works_only_for_members_of_another_zone(client, pratica, role):
    user = membro(role)
    if user is not None:
        client.force_login(user)

    client.post(reverse("buonepratiche:dichiara_adozione", args=[pratica.pk]), {})

    assert Adozione.objects.exists() is PUO_ADOTTARE[role]


def test_the_valuta_button_is_only_for_redattori(client, pratica):
    url_valuta = reverse("buonepratiche_valuta_pratica", args=[pratica.pk])
    for role, vede in (("referente", False), ("redattore", True)):
        client.force_login(membro(role))
        html = client.get(reverse("wagtailadmin_pages:edit", args=[pratica.pk])).content.decode()
        assert (url_valuta in html) is vede, role
