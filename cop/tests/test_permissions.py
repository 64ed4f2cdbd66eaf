"""Who may open what: the three roles (and anonymous visitors) against the personal area and the
Wagtail admin. Every cell pins the exact answer, so a permission granted or lost by mistake fails
its own row."""

import pytest
from django.urls import reverse

from cop.tests.factories import OperatoreFactory, RedattoreFactory, ReferenteFactory, ZonaFactory

pytestmark = pytest.mark.django_db

ROLES = {
    "anonimo": None,
    "operatore": OperatoreFactory,
    "referente": ReferenteFactory,
    "redattore": RedattoreFactory,
}

# How each protected view is reached: (URL name, arguments built from the home page and a zone).
VIEWS = {
    "profilo": ("profilo", lambda home, zona: []),
    "profilo_modifica": ("profilo_modifica", lambda home, zona: []),
    "profilo_esporta": ("profilo_esporta", lambda home, zona: []),
    "profilo_elimina": ("profilo_elimina", lambda home, zona: []),
    "admin_home": ("wagtailadmin_home", lambda home, zona: []),
    "zone_elenco": ("wagtailsnippets_cop_zona:list", lambda home, zona: []),
    "zona_modifica": ("wagtailsnippets_cop_zona:edit", lambda home, zona: [zona.pk]),
    "segnalazioni_elenco": ("wagtailsnippets_cop_segnalazioneaccessibilita:list", lambda home, zona: []),
    "valutazioni_elenco": ("wagtailsnippets_cop_valutazionepagina:list", lambda home, zona: []),
    "home_modifica": ("wagtailadmin_pages:edit", lambda home, zona: [home.pk]),
    "home_ritira": ("wagtailadmin_pages:unpublish", lambda home, zona: [home.pk]),  # needs publish_page
    "profili_elenco": ("wagtailsnippets_cop_profilo:list", lambda home, zona: []),  # personal data: the redazione only
}
PERSONAL_AREA = ["profilo", "profilo_modifica", "profilo_esporta", "profilo_elimina"]

# Expected answers.
OK = "200"
LOGIN = "login del sito"  # 302 to allauth's login, coming back here afterwards
LOGIN_ADMIN = "login dell'admin"  # 302 via the admin gate to allauth's login, coming back here afterwards
NO_ADMIN = "niente admin"  # signed in without admin access: the admin gate answers 403 with an explanation
DENIED = "negato"  # 302 to the admin dashboard, with Wagtail's "permission denied" message

EXPECTED = {
    "anonimo": {view: LOGIN if view in PERSONAL_AREA else LOGIN_ADMIN for view in VIEWS},
    "operatore": {view: OK if view in PERSONAL_AREA else NO_ADMIN for view in VIEWS},
    "referente": {
        **dict.fromkeys(PERSONAL_AREA, OK),
        "admin_home": OK,
        "zone_elenco": DENIED,
        "zona_modifica": DENIED,
        "segnalazioni_elenco": DENIED,
        "valutazioni_elenco": DENIED,
        "home_modifica": DENIED,  # a referente edits only their zone's pages (cop/permessi_pagine.py)
        "home_ritira": DENIED,
        "profili_elenco": DENIED,
    },
    # the redazione confirms the zones members declare: it sees who is waiting (migration 0009)
    "redattore": dict.fromkeys(VIEWS, OK),
}


def test_the_matrix_has_an_answer_for_every_role_and_view():
    assert {role: set(answers) for role, answers in EXPECTED.items()} == {role: set(VIEWS) for role in ROLES}


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("role", list(ROLES))
def test_role_can_open_view_only_when_allowed(client, home_page, role, view):
    if ROLES[role] is not None:
        client.force_login(ROLES[role]())
    url_name, args = VIEWS[view]
    url = reverse(url_name, args=args(home_page, ZonaFactory()))

    response = client.get(url)

    expected = EXPECTED[role][view]
    if expected == OK:
        assert response.status_code == 200
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={url}"
    elif expected in (LOGIN_ADMIN, NO_ADMIN):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accesso_redazione')}?next={url}"
        gate = client.get(response["Location"])
        if expected == LOGIN_ADMIN:
            assert gate.status_code == 302
            assert gate["Location"] == f"{reverse('account_login')}?next={url}"
        else:
            assert gate.status_code == 403
            assert "Non hai accesso all'area redazione" in gate.content.decode()
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.parametrize(
    ("role", "can_edit", "can_publish"),
    # a referente edits only the practices, events and updates of their zone (cop/permessi_pagine.py)
    [("operatore", False, False), ("referente", False, False), ("redattore", True, True)],
)
def test_who_can_edit_and_publish_the_home_page(client, home_page, role, can_edit, can_publish):
    user = ROLES[role]()
    permissions = home_page.permissions_for_user(user)

    assert permissions.can_edit() is can_edit
    assert permissions.can_publish() is can_publish
    assert permissions.can_add_subpage() is can_edit
    if can_edit:
        client.force_login(user)
        edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk])).content.decode()
        assert ('name="action-publish"' in edit_page) is can_publish
