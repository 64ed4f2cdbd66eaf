"""Role and zone of a member in the admin (issue 12, Wagtail admin; issue 13, item 2): one place, the
user form, where a redattore sets both and confirms the zone; the profile list shows who is waiting;
"Aggiungi profilo" is gone (it was a 500); an account created by an editor is activated by the
invitation's set-password link, which also verifies the address."""

import importlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cop import roles
from cop.models import Profilo, Zona
from cop.tests.factories import OperatoreFactory, ProfiloFactory, RedattoreFactory, ReferenteFactory, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def casentino():
    return Zona.objects.get(slug="casentino")


@pytest.fixture
def redattore(client):
    user = RedattoreFactory(first_name="Rita", last_name="Redattrice")
    client.force_login(user)
    return user


def dati_utente(**extra):
    return {
        "username": "marta.neri",
        "email": "marta.neri@esempio.it",
        "first_name": "Marta",
        "last_name": "Neri",
        "groups": [Group.objects.get(name=roles.REFERENTI).pk],
        **extra,
    }


def test_adding_a_profile_without_an_account_is_not_offered(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    listing = client.get(reverse("wagtailsnippets_cop_profilo:list"))
    risposta = client.post(reverse("wagtailsnippets_cop_profilo:add"), {"ente": "Comune di Prova"})

    assert listing.status_code == 200
    assert reverse("wagtailsnippets_cop_profilo:add") not in listing.content.decode()
    assert risposta.status_code in (302, 403)
    assert not Profilo.objects.filter(ente="Comune di Prova").exists()

    profilo = ProfiloFactory(user=OperatoreFactory())
    modifica = client.get(reverse("wagtailsnippets_cop_profilo:edit", args=[profilo.pk]))
    assert modifica.status_code == 200
    assert "Impostazioni → Utenti" in modifica.content.decode()
    salvata = client.post(
        reverse("wagtailsnippets_cop_profilo:edit", args=[profilo.pk]),
        {"ente": "Unione dei Comuni del Casentino", "ruolo_professionale": "responsabile"},
    )
    assert salvata.status_code == 302
    assert Profilo.objects.get(pk=profilo.pk).ente == "Unione dei Comuni del Casentino"


def test_an_editor_creates_a_referente_with_role_and_zone_and_the_invitation_activates_the_account(
    client, redattore, casentino, run_tasks
):
    form = client.get(reverse("wagtailusers_users:add"))
    assert form.status_code == 200
    assert 'name="zona_confermata"' in form.content.decode()
    assert 'name="password1"' not in form.content.decode()
    assert 'name="is_superuser"' not in form.content.decode()

    risposta = client.post(reverse("wagtailusers_users:add"), dati_utente(zona_confermata=casentino.pk))

    assert risposta.status_code == 302
    user = User.objects.get(email="marta.neri@esempio.it")
    assert roles.is_referente(user)
    assert not user.has_usable_password()
    profilo = Profilo.objects.get(user=user)
    assert (profilo.zona, profilo.zona_confermata, profilo.zona_confermata_da) == (casentino, casentino, redattore)
    assert ModelLogEntry.objects.filter(action="cop.zona_confermata", object_id=str(profilo.pk)).exists()
    assert not EmailAddress.objects.get(user=user).verified

    run_tasks()
    (invito,) = [m for m in mail.outbox if m.to == ["marta.neri@esempio.it"]]
    assert "scegli la tua password" in invito.body
    link = re.search(r"http://testserver(/\S+)", invito.body).group(1)

    client.logout()
    pagina = client.get(link, follow=True)
    assert pagina.status_code == 200
    imposta = pagina.redirect_chain[-1][0] if pagina.redirect_chain else link
    fatto = client.post(imposta, {"password1": "Una-password-nuova-2026", "password2": "Una-password-nuova-2026"})
    assert fatto.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    mail.outbox.clear()
    accesso = client.post(
        reverse("account_login"), {"login": "marta.neri@esempio.it", "password": "Una-password-nuova-2026"}
    )
    run_tasks()
    assert accesso.status_code == 302
    assert "confirm-email" not in accesso["Location"]
    assert client.get(reverse("profilo")).status_code == 200
    assert mail.outbox == []  # no second email to verify the address


def test_an_editor_confirms_the_zone_a_member_declared(client, redattore, casentino):
    operatore = OperatoreFactory(first_name="Ugo", last_name="Bassi")
    ProfiloFactory(user=operatore, zona=casentino, zona_confermata=None)
    membro = client.get(reverse("wagtailusers_users:edit", args=[operatore.pk])).content.decode()
    assert "Il membro ha dichiarato «Casentino», in attesa di conferma" in membro
    elenco = client.get(reverse("wagtailsnippets_cop_profilo:list")).content.decode()
    assert "in attesa di conferma" in elenco

    risposta = client.post(
        reverse("wagtailusers_users:edit", args=[operatore.pk]),
        {
            "username": operatore.username,
            "email": operatore.email,
            "first_name": "Ugo",
            "last_name": "Bassi",
            "is_active": "on",
            "groups": [Group.objects.get(name=roles.OPERATORI).pk],
            "zona_confermata": casentino.pk,
        },
    )

    assert risposta.status_code == 302
    assert Profilo.objects.get(user=operatore).zona_confermata == casentino
    client.force_login(operatore)
    assert "in attesa di conferma" not in client.get(reverse("profilo")).content.decode()


def test_an_editor_cannot_make_an_administrator_nor_change_one(client, redattore):
    client.post(reverse("wagtailusers_users:add"), dati_utente(is_superuser="on"))
    assert not User.objects.get(email="marta.neri@esempio.it").is_superuser

    admin = UserFactory(is_superuser=True)
    risposta = client.post(
        reverse("wagtailusers_users:edit", args=[admin.pk]),
        {"username": admin.username, "email": "preso@esempio.it", "first_name": "X", "last_name": "Y"},
    )
    assert risposta.status_code in (302, 403)
    admin.refresh_from_db()
    assert admin.email != "preso@esempio.it"


def test_a_referente_cannot_open_the_users_admin(client):
    client.force_login(ReferenteFactory())
    risposta = client.get(reverse("wagtailusers_users:add"))
    assert risposta.status_code == 302
    assert not risposta["Location"].startswith(reverse("wagtailusers_users:add"))


def test_the_profile_shows_a_declared_zone_as_waiting_and_the_change_is_logged(client, casentino):
    operatore = OperatoreFactory()
    profilo = ProfiloFactory(user=operatore)
    client.force_login(operatore)

    client.post(
        reverse("profilo_modifica"),
        {"first_name": "Ada", "last_name": "Rossi", "zona": casentino.pk, "zone_seguite": [], "temi_seguiti": []},
    )

    assert "in attesa di conferma" in client.get(reverse("profilo")).content.decode()
    voce = ModelLogEntry.objects.get(action="cop.zona_dichiarata", object_id=str(profilo.pk))
    assert voce.user == operatore
    assert voce.data["zona"]["nome"] == "Casentino"

    client.force_login(RedattoreFactory())
    storia = client.get(reverse("wagtailsnippets_cop_profilo:history", args=[profilo.pk]))
    assert storia.status_code == 200
    assert "Zona dichiarata dal membro: Casentino" in storia.content.decode()


def test_existing_profiles_keep_their_zone_as_confirmed(casentino):
    """The data migration: members already there lose nothing."""
    profilo = ProfiloFactory(user=OperatoreFactory(), zona=casentino, zona_confermata=None)
    migrazione = importlib.import_module("cop.migrations.0008_profilo_zona_confermata")

    migrazione.conferma_zone_esistenti(apps, None)

    assert Profilo.objects.get(pk=profilo.pk).zona_confermata == casentino
