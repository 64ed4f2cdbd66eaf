import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cop import roles
from forum import services
from forum.models import AzioneModerazione, Messaggio, Sospensione

from .factories import CategoriaFactory

pytestmark = pytest.mark.django_db


def test_redattori_group_has_forum_permissions():
    codici = set(Group.objects.get(name=roles.REDATTORI).permissions.values_list("codename", flat=True))
    assert {"modera_forum", "add_categoria", "change_categoria", "change_impostazioniforum"} <= codici


def test_reports_queue_hide_and_log_visible_to_editors(client, discussione, membro, redattore):
    m = discussione.messaggi.get()
    services.segnala(messaggio=m, user=membro, motivo="Contiene dati personali")
    client.force_login(redattore)
    r = client.get(reverse("forum_admin_segnalazioni"))
    assert r.status_code == 200 and "Contiene dati personali" in r.content.decode()
    r = client.post(
        reverse("forum_admin_azione_messaggio", kwargs={"pk": m.pk, "azione": "nascondi"}), {"motivo": "dati personali"}
    )
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.stato == Messaggio.Stato.NASCOSTO
    assert "Contiene dati personali" not in client.get(reverse("forum_admin_segnalazioni")).content.decode()
    registro = client.get(reverse("forum_admin_registro")).content.decode()
    assert "dati personali" in registro and "messaggio nascosto" in registro


def test_topic_screen_lock_pin_move_and_versions(client, discussione, redattore, membro):
    m = discussione.messaggi.get()
    services.modifica_messaggio(messaggio=m, user=discussione.autore, testo="Testo corretto")
    client.force_login(redattore)
    r = client.get(reverse("forum_admin_discussione", kwargs={"pk": discussione.pk}))
    assert r.status_code == 200 and "Come fate?" in r.content.decode()  # the previous version
    for azione in ("chiudi", "fissa"):
        url = reverse("forum_admin_azione_discussione", kwargs={"pk": discussione.pk, "azione": azione})
        client.post(url, {"motivo": "ok"})
    nuova = CategoriaFactory()
    url = reverse("forum_admin_azione_discussione", kwargs={"pk": discussione.pk, "azione": "sposta"})
    client.post(url, {"motivo": "tema", "categoria": nuova.pk})
    discussione.refresh_from_db()
    assert discussione.chiusa and discussione.fissata and discussione.categoria == nuova
    assert AzioneModerazione.objects.count() == 3
    r = client.post(url, {"motivo": "", "categoria": nuova.pk}, follow=True)
    assert "motivo" in r.content.decode()


def test_suspend_member(client, redattore, membro):
    client.force_login(redattore)
    url = reverse("forum_admin_sospendi", kwargs={"user_id": membro.pk})
    assert client.get(url).status_code == 200
    r = client.post(url, {"giorni": 7, "motivo": "insulti ripetuti"})
    assert r.status_code == 302
    assert Sospensione.objects.filter(user=membro).exists()
    assert AzioneModerazione.objects.filter(tipo="sospendi", utente=membro, moderatore=redattore).exists()


@pytest.mark.parametrize("nome", ["forum_admin_segnalazioni", "forum_admin_registro"])
def test_members_cannot_open_moderation_screens(client, membro, nome):
    client.force_login(membro)
    assert client.get(reverse(nome)).status_code in (302, 403)


def test_editors_manage_categories_in_admin(client, redattore):
    client.force_login(redattore)
    assert client.get(reverse("wagtailsnippets_forum_categoria:list")).status_code == 200
    assert client.get(reverse("wagtailsnippets_forum_categoria:add")).status_code == 200


@pytest.mark.parametrize(
    "indietro", ["https://truffa.example/login/", "//truffa.example/", "javascript:alert(1)", "https:///truffa.example"]
)
def test_moderation_action_never_sends_the_moderator_to_another_site(client, discussione, redattore, indietro):
    m = discussione.messaggi.get()
    client.force_login(redattore)
    url = reverse("forum_admin_azione_messaggio", kwargs={"pk": m.pk, "azione": "nascondi"})

    response = client.post(url, {"motivo": "dati personali", "indietro": indietro})

    assert response.status_code == 302
    assert response["Location"] == reverse("forum_admin_segnalazioni")


def test_moderation_action_goes_back_to_the_page_it_came_from(client, discussione, redattore):
    m = discussione.messaggi.get()
    client.force_login(redattore)
    indietro = reverse("forum_admin_discussione", kwargs={"pk": discussione.pk})
    url = reverse("forum_admin_azione_messaggio", kwargs={"pk": m.pk, "azione": "nascondi"})

    response = client.post(url, {"motivo": "dati personali", "indietro": indietro})

    assert response["Location"] == indietro
