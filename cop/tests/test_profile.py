"""The personal area: profile page, editing, data export (GDPR art. 15/20), account deletion (art. 17)."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from wagtail.models import Page

from cop import roles
from cop.models import SegnalazioneAccessibilita, nome_autore
from cop.tests.factories import (
    PASSWORD,
    OperatoreFactory,
    PaginaSempliceFactory,
    ProfiloFactory,
    TemaFactory,
    ZonaFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def zona():
    return ZonaFactory(nome="Zona Alfa", slug="zona-alfa")


@pytest.fixture
def profilo(zona):
    user = OperatoreFactory(first_name="Anna", last_name="Verdi", email="anna.verdi@esempio.it")
    profilo = ProfiloFactory(user=user, ente="Comune di Prova", zona=zona)
    profilo.zone_seguite.add(zona)
    profilo.temi_seguiti.add(TemaFactory(nome="Povertà educativa", slug="poverta-educativa"))
    return profilo


@pytest.fixture
def logged_in(client, profilo):
    client.force_login(profilo.user)
    return client


def profilo_data(**overrides):
    data = {
        "first_name": "Anna",
        "last_name": "Verdi",
        "ente": "Comune di Prova",
        "ruolo_professionale": "educatore",
        "zona": "",
        "zone_seguite": [],
        "temi_seguiti": [],
    }
    data.update(overrides)
    return data


# --- Profile page ----------------------------------------------------------------------------


def test_profile_shows_the_users_data_and_the_account_links(logged_in, profilo, zona):
    response = logged_in.get(reverse("profilo"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Anna Verdi" in html
    assert "anna.verdi@esempio.it" in html
    assert "Comune di Prova" in html
    assert "Assistente sociale" in html
    assert f'<a href="{zona.get_absolute_url()}">Zona Alfa</a>' in html
    assert "Povertà educativa" in html
    assert roles.OPERATORI in html
    for url in [
        reverse("profilo_modifica"),
        reverse("account_change_password"),
        reverse("account_email"),
        reverse("profilo_esporta"),
        reverse("profilo_elimina"),
    ]:
        assert f'href="{url}"' in html


def test_profile_page_queries_do_not_grow_with_followed_zones_and_themes(
    logged_in, profilo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        logged_in.get(reverse("profilo"))
    for _n in range(6):
        profilo.zone_seguite.add(ZonaFactory())
        profilo.temi_seguiti.add(TemaFactory())

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = logged_in.get(reverse("profilo"))
    assert response.content.decode().count('<a href="/zone/zona-di-prova-') >= 6


def test_profile_page_works_for_a_user_without_profile_yet(client):
    user = OperatoreFactory()
    client.force_login(user)

    response = client.get(reverse("profilo"))

    assert response.status_code == 200
    assert "Non segui ancora nessuna zona." in response.content.decode()


# --- Editing ---------------------------------------------------------------------------------


def test_edit_form_shows_followed_zones_and_themes_as_checkboxes_in_a_fieldset(logged_in, profilo, zona):
    response = logged_in.get(reverse("profilo_modifica"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<legend class="h6 fw-semibold">Zone che segui</legend>' in html
    assert '<legend class="h6 fw-semibold">Temi che segui</legend>' in html
    assert f'type="checkbox" name="zone_seguite" value="{zona.pk}"' in html
    assert 'value="Comune di Prova"' in html


def test_editing_saves_the_followed_zones_and_themes(logged_in, profilo, zona):
    altra = ZonaFactory(nome="Zona Beta", slug="zona-beta")
    tema = TemaFactory(nome="Minori", slug="minori")

    response = logged_in.post(
        reverse("profilo_modifica"),
        profilo_data(zona=altra.pk, zone_seguite=[zona.pk, altra.pk], temi_seguiti=[tema.pk], ente="SdS Pisana"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("profilo")
    profilo.refresh_from_db()
    assert profilo.zona == altra
    assert profilo.ente == "SdS Pisana"
    assert profilo.ruolo_professionale == "educatore"
    assert set(profilo.zone_seguite.all()) == {zona, altra}
    assert list(profilo.temi_seguiti.all()) == [tema]
    assert "Profilo aggiornato." in logged_in.get(response["Location"]).content.decode()


def test_an_invalid_zone_is_refused_and_what_was_typed_is_kept(logged_in, profilo, zona):
    response = logged_in.post(
        reverse("profilo_modifica"), profilo_data(ente="Ente scritto ora", zona=999999, zone_seguite=[zona.pk])
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_zona_error"' in html
    assert "Scegli un&#x27;opzione valida" in html
    assert 'value="Ente scritto ora"' in html
    checked = re.findall(r'name="zone_seguite" value="(\d+)" id="id_zone_seguite_\d+" checked', html)
    assert checked == [str(zona.pk)]
    profilo.refresh_from_db()
    assert profilo.ente == "Comune di Prova"
    assert profilo.zona == zona


def test_a_ceased_zone_cannot_be_followed(logged_in, profilo):
    cessata = ZonaFactory(nome="Zona cessata", slug="zona-cessata", dal_anno=2000, al_anno=2017)

    response = logged_in.post(reverse("profilo_modifica"), profilo_data(zone_seguite=[cessata.pk]))

    assert response.status_code == 400
    assert 'id="id_zone_seguite_error"' in response.content.decode()
    assert cessata not in profilo.zone_seguite.all()


# --- Export ----------------------------------------------------------------------------------


def test_data_export_is_a_json_attachment_with_account_profile_and_followed_zones(logged_in, profilo):
    SegnalazioneAccessibilita.objects.create(
        email="anna.verdi@esempio.it", messaggio="Il modulo non si legge", user=profilo.user
    )

    response = logged_in.get(reverse("profilo_esporta"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cop-inclusione-dati-')
    dati = json.loads(response.content)
    assert dati["account"]["email"] == "anna.verdi@esempio.it"
    assert dati["account"]["ruoli"] == [roles.OPERATORI]
    assert dati["account"]["indirizzi_email"] == [
        {"email": "anna.verdi@esempio.it", "verificato": True, "principale": True}
    ]
    assert dati["profilo"]["ente"] == "Comune di Prova"
    assert dati["profilo"]["zona"] == "Zona Alfa"
    assert dati["profilo"]["zone_seguite"] == ["Zona Alfa"]
    assert dati["profilo"]["temi_seguiti"] == ["Povertà educativa"]
    assert [s["messaggio"] for s in dati["segnalazioni_accessibilita"]] == ["Il modulo non si legge"]


# --- Deletion --------------------------------------------------------------------------------


def test_delete_page_explains_what_is_deleted_and_what_stays(logged_in):
    response = logged_in.get(reverse("profilo_elimina"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "«utente rimosso»" in html
    assert '<label for="id_password"' in html
    assert 'type="checkbox" name="conferma"' in html


def test_delete_with_a_wrong_password_keeps_the_account(logged_in, profilo):
    response = logged_in.post(reverse("profilo_elimina"), {"password": "non-e-la-mia", "conferma": "on"})

    assert response.status_code == 400
    assert "La password non è corretta." in response.content.decode()
    assert User.objects.filter(pk=profilo.user.pk).exists()


def test_delete_without_the_confirmation_keeps_the_account(logged_in, profilo):
    response = logged_in.post(reverse("profilo_elimina"), {"password": PASSWORD})

    assert response.status_code == 400
    assert "Conferma di aver compreso che l&#x27;eliminazione è definitiva." in response.content.decode()
    assert User.objects.filter(pk=profilo.user.pk).exists()


def test_deleting_the_account_removes_the_person_and_keeps_what_they_wrote(client, logged_in, profilo, home_page):
    user = profilo.user
    pagina = PaginaSempliceFactory(parent=home_page, title="Pagina scritta da Anna", owner=user)
    segnalazione = SegnalazioneAccessibilita.objects.create(
        email="anna.verdi@esempio.it", messaggio="Contrasto insufficiente", user=user
    )

    response = logged_in.post(reverse("profilo_elimina"), {"password": PASSWORD, "conferma": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="anna.verdi@esempio.it").exists()
    assert "_auth_user_id" not in client.session
    pagina = Page.objects.get(pk=pagina.pk)
    assert pagina.owner is None
    segnalazione.refresh_from_db()
    assert (segnalazione.user, segnalazione.email, segnalazione.nome) == (None, "", "")
    assert segnalazione.messaggio == "Contrasto insufficiente"
    assert "Il tuo account è stato eliminato." in client.get("/").content.decode()

    login = client.post(reverse("account_login"), {"login": "anna.verdi@esempio.it", "password": PASSWORD})
    assert login.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_deleted_author_is_shown_as_utente_rimosso(home_page):
    pagina = PaginaSempliceFactory(parent=home_page, owner=None)

    html = Template("{% load cop_tags %}{{ pagina.owner|autore }}").render(Context({"pagina": pagina}))

    assert html == "utente rimosso"
    assert nome_autore(None) == "utente rimosso"
    assert nome_autore(OperatoreFactory(first_name="Anna", last_name="Verdi")) == "Anna Verdi"


def test_profile_and_header_link_the_personal_area_of_every_app(client, home_page):
    from buonepratiche.tests.factories import BuonePraticheIndexPageFactory
    from cop.tests.factories import OperatoreFactory
    from eventi.tests.factories import EventiIndexPageFactory

    BuonePraticheIndexPageFactory(parent=home_page)
    indice_eventi = EventiIndexPageFactory(parent=home_page)
    client.force_login(OperatoreFactory())

    html = client.get(reverse("profilo")).content.decode()

    assert html.count(f'href="{reverse("buonepratiche:proponi")}"') == 2  # header menu and profile
    assert html.count(f'href="{reverse("buonepratiche:mie_pratiche")}"') == 2
    assert html.count(f'href="{indice_eventi.url}miei/"') == 2
