import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cop import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


def crea_admin(capsys):
    call_command("crea_admin")
    uscita = capsys.readouterr().out.strip()
    trovata = re.fullmatch(
        r"Area redazione: http://testserver/admin/  email: admin@cop\.local  password: (\S+)", uscita
    )
    assert trovata, uscita
    return trovata.group(1)


def test_first_run_creates_a_verified_superuser_in_the_redattori_group(var_dir, capsys):
    password = crea_admin(capsys)

    user = get_user_model().objects.get(email="admin@cop.local")
    assert user.is_superuser and user.is_staff
    assert user.check_password(password)
    assert user.groups.filter(name=roles.REDATTORI).exists()
    assert EmailAddress.objects.get(user=user).verified
    assert password in (var_dir / "admin-login.txt").read_text()


def test_second_run_keeps_the_same_user_and_password(var_dir, capsys):
    prima = crea_admin(capsys)

    seconda = crea_admin(capsys)

    assert seconda == prima
    assert get_user_model().objects.filter(email="admin@cop.local").count() == 1
    assert EmailAddress.objects.filter(email="admin@cop.local").count() == 1


def test_a_lost_login_file_resets_the_password(var_dir, capsys):
    prima = crea_admin(capsys)
    (var_dir / "admin-login.txt").unlink()

    nuova = crea_admin(capsys)

    assert nuova != prima
    user = get_user_model().objects.get(email="admin@cop.local")
    assert user.check_password(nuova)
    assert not user.check_password(prima)
    assert nuova in (var_dir / "admin-login.txt").read_text()


def test_the_admin_can_sign_in_to_the_admin(client, var_dir, capsys):
    password = crea_admin(capsys)

    response = client.post("/account/login/", {"login": "admin@cop.local", "password": password})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
