import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cop import roles
from forum import services
from forum.models import AzioneModerazione, Messaggio, Sospensione

from .conftest import veterano
from .factories import CategoriaFactory, MessaggioFactory

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


# --- The reports queue, as a moderator reads it ------------------------------------------------------


def _coda(client, **params):
    return client.get(reverse("forum_admin_segnalazioni"), params).content.decode()


def test_reports_queue_lists_only_reported_posts(client, discussione, membro, redattore):
    segnalato = discussione.messaggi.get()
    MessaggioFactory(discussione=discussione, autore=membro, testo="Un messaggio che nessuno ha segnalato.")
    services.segnala(messaggio=segnalato, user=membro, motivo="Fuori tema")
    client.force_login(redattore)
    html = _coda(client)
    assert "Fuori tema" in html and "Come fate?" in html
    assert "nessuno ha segnalato" not in html


def test_reports_queue_empty_when_no_open_reports(client, discussione, membro, redattore):
    m = discussione.messaggi.get()
    services.segnala(messaggio=m, user=membro, motivo="Fuori tema")
    services.archivia_segnalazioni(messaggio=m, moderatore=redattore, motivo="va bene così")
    client.force_login(redattore)
    html = _coda(client)
    assert "Come fate?" not in html and "Nessuna segnalazione da esaminare." in html


def test_handled_reports_under_their_filter_with_who_handled_them(client, discussione, membro, altro, redattore):
    gestito = discussione.messaggi.get()
    aperto = MessaggioFactory(discussione=discussione, autore=membro, testo="Ancora da vedere.")
    services.segnala(messaggio=gestito, user=membro, motivo="Fuori tema")
    services.segnala(messaggio=aperto, user=altro, motivo="Dati personali")
    services.archivia_segnalazioni(messaggio=gestito, moderatore=redattore, motivo="va bene così")
    client.force_login(redattore)
    html = _coda(client, stato="gestite")
    assert "Come fate?" in html and "Fuori tema" in html and f"gestita da {redattore.nome_visualizzato}" in html
    assert "Ancora da vedere." not in html
    assert "Ancora da vedere." in _coda(client)


def test_reports_queue_bad_filter_value_is_not_an_error(client, redattore):
    client.force_login(redattore)
    r = client.get(reverse("forum_admin_segnalazioni"), {"stato": "<script>", "page": "x"})
    assert r.status_code == 200


def test_reports_queue_shows_the_post_rendered_not_its_markdown(client, discussione, membro, altro, redattore):
    m = MessaggioFactory(
        discussione=discussione, autore=membro, testo="**Importante**: vedi [il sito](https://esempio.it)"
    )
    services.segnala(messaggio=m, user=altro, motivo="Pubblicità")
    client.force_login(redattore)
    html = _coda(client)
    assert "<strong>Importante</strong>" in html and '<a href="https://esempio.it"' in html
    assert "**Importante**" not in html


def test_reports_queue_sanitises_the_post(client, discussione, membro, altro, redattore):
    m = MessaggioFactory(
        discussione=discussione, autore=membro, testo="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    services.segnala(messaggio=m, user=altro, motivo="XSS")
    client.force_login(redattore)
    html = _coda(client)
    assert "<script>alert(1)" not in html and 'href="javascript:' not in html


def test_reports_queue_queries_do_not_grow_with_reports(
    client, discussione, membro, altro, redattore, django_assert_max_num_queries
):
    terzo = veterano(username="terzo")
    for i in range(8):
        m = MessaggioFactory(discussione=discussione, autore=membro, testo=f"Messaggio {i}")
        services.segnala(messaggio=m, user=altro, motivo=f"Motivo {i}")
        services.segnala(messaggio=m, user=terzo, motivo=f"Anche {i}")
    client.force_login(redattore)
    client.get(reverse("forum_admin_segnalazioni"))
    with django_assert_max_num_queries(20):
        html = _coda(client)
    assert "Motivo 7" in html and "Anche 0" in html


def test_reports_queue_second_page_reachable_through_its_link(client, discussione, membro, altro, redattore):
    for i in range(31):
        m = MessaggioFactory(discussione=discussione, autore=membro, testo=f"Messaggio numero {i}")
        services.segnala(messaggio=m, user=altro, motivo=f"Motivo {i}")
    client.force_login(redattore)
    prima = _coda(client)
    assert "Motivo 0<" in prima or "Motivo 0\n" in prima
    assert "?p=2" in prima
    assert "Motivo 30" in _coda(client, p=2)


def test_action_does_not_redirect_to_another_site(client, discussione, membro, redattore):
    m = discussione.messaggi.get()
    services.segnala(messaggio=m, user=membro, motivo="Fuori tema")
    client.force_login(redattore)
    url = reverse("forum_admin_azione_messaggio", kwargs={"pk": m.pk, "azione": "archivia"})
    r = client.post(url, {"motivo": "ok", "indietro": "https://esempio.invalid/"})
    assert r.status_code == 302 and r["Location"] == reverse("forum_admin_segnalazioni")


def test_topic_screen_shows_posts_rendered(client, discussione, membro, redattore):
    MessaggioFactory(discussione=discussione, autore=membro, testo="Vedi *qui* e **là**")
    client.force_login(redattore)
    html = client.get(reverse("forum_admin_discussione", kwargs={"pk": discussione.pk})).content.decode()
    assert "<em>qui</em>" in html and "<strong>là</strong>" in html and "**là**" not in html
