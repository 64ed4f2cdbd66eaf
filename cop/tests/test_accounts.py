"""Sign-up, email verification, login, password reset and logout, through django-allauth and our
templates. Emails go through the real task queue and worker (`run_tasks`)."""

import re
import time

import pytest
from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse

from cop import roles
from cop.tests.factories import (
    PASSWORD,
    OperatoreFactory,
    PaginaSempliceFactory,
    RedattoreFactory,
    UserFactory,
    ZonaFactory,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Nuova-password-sicura-2025"


@pytest.fixture
def zona(db):
    return ZonaFactory(nome="Zona della prova", slug="zona-della-prova")


def signup_data(**overrides):
    data = {
        "first_name": "Lucia",
        "last_name": "Bianchi",
        "email": "lucia.bianchi@esempio.it",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "ente": "Società della Salute Pisana",
        "ruolo_professionale": "assistente-sociale",
        "zona": "",
        "consenso_privacy": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def links_in(message):
    return re.findall(r"https?://testserver(/\S+)", message.body)


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


# --- Sign-up and verification ----------------------------------------------------------------


def test_signup_page_shows_the_profile_fields_with_labels_and_the_privacy_link(client, home_page):
    privacy = PaginaSempliceFactory(parent=home_page, title="Informativa privacy", slug="privacy")
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ["first_name", "last_name", "email", "password1", "password2", "ente", "ruolo_professionale"]:
        assert f'<label for="id_{name}"' in html
    assert '<select name="zona"' in html
    assert '<label for="id_zona">Zona-distretto</label>' in html
    assert 'type="checkbox" name="consenso_privacy"' in html
    assert f'<a href="{privacy.url}">' in html
    assert 'aria-describedby="id_consenso_privacy_link"' in html


def test_signup_creates_an_unverified_account_and_queues_a_verification_email(client, zona, run_tasks):
    response = client.post(reverse("account_signup"), signup_data(zona=zona.pk))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="lucia.bianchi@esempio.it")
    assert not EmailAddress.objects.get(user=user).verified
    assert not user.groups.filter(name=roles.OPERATORI).exists()
    assert mail.outbox == []  # queued, not sent: the request only enqueues

    run_tasks()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lucia.bianchi@esempio.it"]
    assert message.subject.startswith("[CoP Inclusione] ")
    assert message.body.startswith("Buongiorno,")
    assert "La redazione della Comunità di pratica sull'inclusione sociale" in message.body
    assert any("/account/confirm-email/" in link for link in links_in(message))


def test_the_verification_email_carries_nothing_typed_at_sign_up(client, run_tasks):
    """Anyone can sign up with someone else's address: a name such as an advert or a link must not
    reach that inbox in our email."""
    esca = "Hai vinto! Ritira il premio su http://truffa.example"
    client.post(reverse("account_signup"), signup_data(first_name=esca, last_name="Ente <b>falso</b>"))
    run_tasks()

    (message,) = mail.outbox
    for testo in (message.subject, message.body):
        assert "Hai vinto" not in testo
        assert "truffa.example" not in testo
        assert "falso" not in testo
    assert "questo indirizzo email è stato indicato per creare un account" in message.body
    assert any("/account/confirm-email/" in link for link in links_in(message))


def test_unverified_account_cannot_log_in(client, run_tasks):
    client.post(reverse("account_signup"), signup_data())

    response = login(client, "lucia.bianchi@esempio.it", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_following_the_email_link_verifies_the_account_and_makes_an_operatore(client, zona, run_tasks):
    client.post(reverse("account_signup"), signup_data(zona=zona.pk))
    run_tasks()
    (link,) = [link for link in links_in(mail.outbox[0]) if "/account/confirm-email/" in link]

    page = client.get(link)
    assert page.status_code == 200
    assert "lucia.bianchi@esempio.it" in page.content.decode()
    assert not EmailAddress.objects.get(email="lucia.bianchi@esempio.it").verified  # GET alone does not confirm

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    user = User.objects.get(email="lucia.bianchi@esempio.it")
    assert EmailAddress.objects.get(user=user).verified
    assert list(user.groups.values_list("name", flat=True)) == [roles.OPERATORI]
    assert (user.first_name, user.last_name) == ("Lucia", "Bianchi")
    profilo = user.profilo
    assert profilo.ente == "Società della Salute Pisana"
    assert profilo.ruolo_professionale == "assistente-sociale"
    assert profilo.zona == zona
    assert list(profilo.zone_seguite.all()) == [zona]
    assert profilo.consenso_privacy_il is not None

    assert login(client, "lucia.bianchi@esempio.it", PASSWORD)["Location"] == reverse("profilo")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_without_privacy_consent_is_refused_and_keeps_what_was_typed(client, zona, run_tasks):
    response = client.post(reverse("account_signup"), signup_data(consenso_privacy=None, zona=zona.pk))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Per registrarti devi accettare l&#x27;informativa sulla privacy." in html
    assert 'role="alert"' in html
    assert 'aria-describedby="id_consenso_privacy_error"' in html
    assert 'value="Lucia"' in html
    assert 'value="lucia.bianchi@esempio.it"' in html
    assert 'value="Società della Salute Pisana"' in html
    assert f'<option value="{zona.pk}" selected>' in html
    assert '<option value="assistente-sociale" selected>' in html
    assert not User.objects.filter(email="lucia.bianchi@esempio.it").exists()
    run_tasks()
    assert mail.outbox == []


def test_signup_with_a_malformed_email_shows_the_error_next_to_the_field(client):
    response = client.post(reverse("account_signup"), signup_data(email="lucia.bianchi@"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_error">Inserisci un indirizzo email valido.</div>' in html
    assert 'class="form-control is-invalid"' in html
    # Assistive technologies hear it too (the browser check of this page is in tests/test_aspetto_pagine.py).
    campo = re.search(r'<input[^>]*name="email"[^>]*>', html).group()
    assert 'aria-invalid="true"' in campo and 'aria-describedby="id_email_error"' in campo
    assert not User.objects.exists()


def test_signup_with_a_short_password_explains_the_rule_in_italian(client):
    response = client.post(reverse("account_signup"), signup_data(password1="Corta-1", password2="Corta-1"))

    assert response.status_code == 200
    assert "Questa password è troppo corta. Deve contenere almeno 10 caratteri." in response.content.decode()
    assert not User.objects.exists()


def test_signup_error_summary_counts_every_error_it_lists(client):
    """A password can break several rules at once: the summary's count is the number of errors
    it lists, not the number of fields in error ('3 errori' above five items)."""
    response = client.post(
        reverse("account_signup"),
        signup_data(email="lucia.bianchi@", password1="12345", password2="12345", consenso_privacy=None),
    )

    html = response.content.decode()
    riepilogo = html[html.index('role="alert" id="form-errori"') :]
    riepilogo = riepilogo[: riepilogo.index("</ul>")]
    voci = riepilogo.count("<li>")
    assert voci >= 5  # email, consent, and the password's length, commonness and digits-only rules
    assert f"Il modulo contiene {voci} errori" in riepilogo


def test_signup_with_an_email_already_registered_sends_a_notice_and_creates_no_second_account(client, run_tasks):
    """With ACCOUNT_PREVENT_ENUMERATION the page looks the same as a new sign-up (nobody can learn
    who is registered); the owner of the address receives an "account already exists" email."""
    existing = OperatoreFactory(email="lucia.bianchi@esempio.it")

    response = client.post(reverse("account_signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="lucia.bianchi@esempio.it").count() == 1
    assert list(EmailAddress.objects.filter(email__iexact="lucia.bianchi@esempio.it")) == [
        EmailAddress.objects.get(user=existing)
    ]
    run_tasks()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lucia.bianchi@esempio.it"]
    assert not any("/account/confirm-email/" in link for link in links_in(mail.outbox[0]))
    assert any(link.startswith("/account/password/reset/") for link in links_in(mail.outbox[0]))


def _key_signed_days_ago(email_address, days):
    class SignerOfThePast(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - days * 24 * 3600)

    return SignerOfThePast(salt=allauth_settings.SALT).sign_object(email_address.pk)


def test_an_expired_verification_link_says_so_and_verifies_nothing(client):
    user = UserFactory(verified=False)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    key = _key_signed_days_ago(address, days=4)  # ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3

    page = client.get(reverse("account_confirm_email", args=[key]))
    confirm = client.post(reverse("account_confirm_email", args=[key]))

    assert page.status_code == 200
    assert "Il collegamento di conferma è scaduto o non è valido." in page.content.decode()
    assert confirm.status_code == 404
    address.refresh_from_db()
    assert not address.verified


def test_a_recent_key_signed_the_same_way_still_works(client):
    """Guards the test above: the forged-timestamp key is a real key, refused only for its age."""
    user = UserFactory(verified=False)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)

    response = client.post(reverse("account_confirm_email", args=[_key_signed_days_ago(address, days=2)]))

    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified


def test_a_forged_verification_link_says_so_and_verifies_nothing(client):
    user = UserFactory(verified=False)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    key = f"{address.pk}:inventata:firma-falsa"

    page = client.get(reverse("account_confirm_email", args=[key]))
    confirm = client.post(reverse("account_confirm_email", args=[key]))

    assert page.status_code == 200
    assert "Il collegamento di conferma è scaduto o non è valido." in page.content.decode()
    assert confirm.status_code == 404
    address.refresh_from_db()
    assert not address.verified


# --- Login -----------------------------------------------------------------------------------


def test_login_page_has_a_label_for_every_input(client):
    html = client.get(reverse("account_login")).content.decode()
    for input_id in re.findall(r'<input[^>]+type="(?:email|password|checkbox|text)"[^>]*id="([^"]+)"', html):
        assert f'<label for="{input_id}"' in html


def test_login_with_the_right_password_goes_to_the_profile(client):
    user = OperatoreFactory()

    response = login(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("profilo")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_a_wrong_password_shows_an_italian_error(client):
    user = OperatoreFactory()

    response = login(client, user.email, "password-sbagliata")

    assert response.status_code == 200
    html = response.content.decode()
    assert "L&#x27;indirizzo email e/o la password che hai usato non sono corretti." in html
    assert 'role="alert"' in html
    assert f'value="{user.email}"' in html
    assert "_auth_user_id" not in client.session


def test_too_many_failed_logins_are_stopped_with_a_clear_message(client):
    user = OperatoreFactory()
    for _attempt in range(5):
        assert login(client, user.email, "password-sbagliata").status_code == 200

    response = login(client, user.email, PASSWORD)  # even the right password is refused now

    assert response.status_code == 200
    assert "Troppi tentativi di accesso non riusciti." in response.content.decode()
    assert "_auth_user_id" not in client.session


# --- Password reset and change ---------------------------------------------------------------


def test_password_reset_sends_a_working_link(client, run_tasks):
    user = OperatoreFactory()

    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert client.get(response["Location"]).status_code == 200
    run_tasks()
    assert len(mail.outbox) == 1
    (link,) = [link for link in links_in(mail.outbox[0]) if link.startswith("/account/password/reset/key/")]

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert '<label for="id_password1"' in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")
    assert client.get(done["Location"]).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(link).status_code == 200  # the used link now only explains it is no longer valid
    assert not user.check_password(PASSWORD)


def test_password_reset_for_an_unknown_address_looks_the_same(client, run_tasks):
    response = client.post(reverse("account_reset_password"), {"email": "nessuno@esempio.it"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")


def test_password_change_page_renders_and_changes_the_password(client):
    user = OperatoreFactory()
    client.force_login(user)

    page = client.get(reverse("account_change_password"))
    assert page.status_code == 200
    assert '<label for="id_oldpassword"' in page.content.decode()
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_email_management_page_renders(client):
    user = OperatoreFactory()
    client.force_login(user)

    response = client.get(reverse("account_email"))

    assert response.status_code == 200
    assert user.email in response.content.decode()


# --- Logout ----------------------------------------------------------------------------------


def test_logout_asks_for_confirmation_then_logs_out(client):
    client.force_login(OperatoreFactory())

    page = client.get(reverse("account_logout"))
    response = client.post(reverse("account_logout"))

    assert page.status_code == 200
    assert '<button class="btn btn-primary" type="submit">' in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("profilo")).status_code == 302


# --- Wagtail's own login and password reset: every way in goes through allauth ----------------------


def test_admin_login_page_sends_to_allauths_login_and_back_to_the_admin(client):
    redattore = RedattoreFactory()

    response = client.get("/admin/login/", {"next": "/admin/pages/"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/pages/"
    logged_in = client.post(response["Location"], {"login": redattore.email, "password": PASSWORD})
    assert logged_in.status_code == 302
    assert logged_in["Location"] == "/admin/pages/"
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_admin_login_with_a_foreign_next_goes_to_the_admin_home(client):
    response = client.get("/admin/login/", {"next": "https://altro.esempio.it/"})

    assert response["Location"] == f"{reverse('account_login')}?next={reverse('wagtailadmin_home')}"


def test_twelve_wrong_passwords_on_the_admin_login_are_locked_out_like_allauths(client):
    redattore = RedattoreFactory()
    for _attempt in range(12):
        for form in (
            {"username": redattore.username, "password": "password-sbagliata"},  # Wagtail's own form
            {"login": redattore.email, "password": "password-sbagliata"},  # allauth's
        ):
            assert client.post("/admin/login/", form).status_code in (200, 302)
            assert "_auth_user_id" not in client.session

    for form in (
        {"username": redattore.username, "password": PASSWORD},
        {"login": redattore.email, "password": PASSWORD},
    ):
        response = client.post("/admin/login/", form)
        assert "_auth_user_id" not in client.session  # the right password is refused now
    assert "Troppi tentativi di accesso non riusciti." in response.content.decode()
    assert login(client, redattore.email, PASSWORD).status_code == 200  # allauth's own login: locked too
    assert "_auth_user_id" not in client.session


def test_an_unverified_sign_up_gets_no_session_through_the_admin_login(client, run_tasks):
    client.post(reverse("account_signup"), signup_data())
    user = User.objects.get(email="lucia.bianchi@esempio.it")

    for form in (
        {"username": user.username, "password": PASSWORD},
        {"login": user.email, "password": PASSWORD},
    ):
        client.post("/admin/login/", form)
        assert "_auth_user_id" not in client.session

    assert client.get(reverse("profilo")).status_code == 302


def test_the_admin_password_reset_is_not_served_and_sends_nothing(client, run_tasks):
    user = RedattoreFactory()

    page = client.get("/admin/password_reset/")
    responses = [client.post("/admin/password_reset/", {"email": user.email}) for _attempt in range(3)]
    run_tasks()

    assert page.status_code == 404
    assert {response.status_code for response in responses} == {404}
    assert mail.outbox == []


# --- Lock-out per account and per address ----------------------------------------------------


def test_wrong_passwords_for_one_member_do_not_lock_out_another_from_the_same_address(client):
    lucia, marco = OperatoreFactory(), OperatoreFactory()
    for _attempt in range(5):
        assert login(client, lucia.email, "password-sbagliata").status_code == 200

    response = login(client, marco.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(marco.pk)
    client.logout()
    locked = login(client, lucia.email, PASSWORD)  # the account that was attacked stays locked
    assert "Troppi tentativi di accesso non riusciti." in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_many_failed_logins_from_one_address_are_stopped_across_accounts(client):
    members = [OperatoreFactory() for _member in range(3)]
    for member in members:
        for _attempt in range(4):
            login(client, member.email, "password-sbagliata")
    other = OperatoreFactory()

    response = login(client, other.email, PASSWORD)

    assert "Troppi tentativi di accesso non riusciti." in response.content.decode()
    assert "_auth_user_id" not in client.session
