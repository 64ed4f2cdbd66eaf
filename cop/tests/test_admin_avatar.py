"""The admin sends nothing to gravatar.com: no hash of an editor's email to a third party."""

import pytest
from django.urls import reverse

from cop.tests.factories import RedattoreFactory

pytestmark = pytest.mark.django_db


def test_admin_dashboard_loads_no_avatar_from_gravatar(client):
    client.force_login(RedattoreFactory(email="redattrice@esempio.it"))
    risposta = client.get(reverse("wagtailadmin_home"))
    html = risposta.content.decode()
    assert risposta.status_code == 200 and "avatar" in html
    assert "gravatar" not in html.lower()
