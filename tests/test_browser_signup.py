"""A new operator signs up in Chromium, confirms the email address from the link in the email, logs in
and finds the profile. Fields and buttons are found by name and type, not by CSS class, so the test
does not depend on how the allauth templates are styled."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from cop.models import Zona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "giulia.bianchi@sds-pisana.it"
PASSWORD = "Pratiche-di-comunita-2024"
ENTE = "Società della Salute Pisana"


def submit(form):
    form.locator("[type=submit]").first.click()


def test_operator_signs_up_confirms_email_logs_in_and_sees_profile(page, run_tasks):
    zona = Zona.objects.toscane().attuali().order_by("nome").first()

    page.goto("/")
    page.locator(f"header a[href^='{reverse('account_login')}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.locator(f"a[href^='{reverse('account_signup')}']").first.click()
    expect(page).to_have_url(re.compile(re.escape(reverse("account_signup"))))

    form = page.locator("form:has(input[name=password2])")
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    form.locator("input[name=first_name]").fill("Giulia")
    form.locator("input[name=last_name]").fill("Bianchi")
    form.locator("input[name=ente]").fill(ENTE)
    form.locator("select[name=zona]").select_option(str(zona.pk))
    # Bootstrap Italia draws the checkbox on its label, which is what a person clicks.
    consenso = form.locator("input[name=consenso_privacy]")
    form.locator(f"label[for='{consenso.get_attribute('id')}']").click()
    expect(consenso).to_be_checked()
    submit(form)

    expect(page).to_have_url(re.compile(re.escape(reverse("account_email_verification_sent"))))
    user = get_user_model().objects.get(email=EMAIL)
    assert not EmailAddress.objects.get(user=user).verified
    # The request only enqueues the email (root conftest: EMAIL_BACKEND is the task backend);
    # the worker delivers it to mail.outbox.
    assert mail.outbox == [], "l'email deve partire dal worker, non dalla richiesta"

    run_tasks()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    links = re.findall(r"https?://\S+", message.body)
    confirm_path = reverse("account_confirm_email", args=["KEY"]).replace("KEY/", "")
    confirm_links = [link for link in links if confirm_path in link]
    assert confirm_links, f"nessun link di conferma nell'email:\n{message.body}"

    page.goto(urlsplit(confirm_links[0]).path)
    # ACCOUNT_CONFIRM_EMAIL_ON_GET is False: opening the link alone confirms nothing.
    assert not EmailAddress.objects.get(user=user).verified
    submit(page.locator(f"form[action*='{confirm_path}']"))

    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    assert EmailAddress.objects.get(user=user).verified

    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(EMAIL)
    form.locator("input[name=password]").fill(PASSWORD)
    submit(form)
    expect(page).to_have_url(re.compile(re.escape(reverse("profilo")) + "$"))

    response = page.goto(reverse("profilo"))
    assert response.status == 200
    main = page.locator("main")
    expect(main).to_contain_text("Giulia")
    expect(main).to_contain_text("Bianchi")
    expect(main).to_contain_text(ENTE)
    expect(main).to_contain_text(zona.nome)
