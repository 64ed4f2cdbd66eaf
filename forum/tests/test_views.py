from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cop.tests.factories import PASSWORD, OperatoreFactory, PaginaSempliceFactory
from forum import services
from forum.models import Discussione, Messaggio, Reazione, Segnalazione, Sospensione
from forum.views import MESSAGGI_PER_PAGINA

from .conftest import invecchia, veterano
from .factories import DiscussioneFactory, MessaggioFactory

pytestmark = pytest.mark.django_db


def test_index_category_and_topic_render_for_anonymous(client, discussione):
    assert client.get(reverse("forum:indice")).status_code == 200
    r = client.get(discussione.categoria.get_absolute_url())
    assert r.status_code == 200 and "Tavolo con gli ETS" in r.content.decode()
    r = client.get(discussione.get_absolute_url())
    assert r.status_code == 200 and "Come fate?" in r.content.decode()
    assert "Accedi per rispondere" in r.content.decode()


def test_pinned_topics_come_first(client, categoria):
    fissata = DiscussioneFactory(categoria=categoria, titolo="Regole del forum", fissata=True)
    Discussione.objects.filter(pk=fissata.pk).update(ultima_attivita=timezone.now() - timedelta(days=30))
    DiscussioneFactory(categoria=categoria, titolo="Recente")
    html = client.get(categoria.get_absolute_url()).content.decode()
    assert html.index("Regole del forum") < html.index("Recente")


def test_post_link_lands_on_right_page_and_anchor(client, discussione):
    messaggi = [MessaggioFactory(discussione=discussione) for _ in range(MESSAGGI_PER_PAGINA + 5)]
    bersaglio = messaggi[-1]
    r = client.get(f"{discussione.get_absolute_url()}?post={bersaglio.pk}")
    assert r.status_code == 302
    assert r["Location"] == f"{discussione.get_absolute_url()}?page=2#m{bersaglio.pk}"
    assert f'id="m{bersaglio.pk}"' in client.get(r["Location"]).content.decode()


@pytest.mark.parametrize("valore", ["abc", "999999", "-1", "99999999999999999999999", "<script>"])
def test_unknown_post_or_page_is_a_clear_message_not_a_500(client, discussione, valore):
    r = client.get(f"{discussione.get_absolute_url()}?post={valore}", follow=True)
    assert r.status_code == 200
    assert "non esiste o non è più visibile" in r.content.decode()
    assert client.get(f"{discussione.get_absolute_url()}?page={valore}").status_code == 200


def test_unknown_topic_and_post_ids_are_404(client, membro):
    client.force_login(membro)
    assert client.get("/forum/t/999999/").status_code == 404
    assert client.get("/forum/m/999999/modifica/").status_code == 404
    assert client.post("/forum/m/999999/utile/").status_code == 404


def test_hidden_post_vanishes_for_others_and_stays_for_author_and_moderators(client, discussione, membro, redattore):
    m = services.rispondi(discussione=discussione, user=membro, testo="Messaggio da nascondere")
    services.nascondi_messaggio(messaggio=m, moderatore=redattore, motivo="spam")
    assert "Messaggio da nascondere" not in client.get(discussione.get_absolute_url()).content.decode()
    client.force_login(membro)
    assert "Messaggio da nascondere" in client.get(discussione.get_absolute_url()).content.decode()
    client.force_login(redattore)
    assert "Nascosto dalla moderazione" in client.get(discussione.get_absolute_url()).content.decode()


def test_removed_post_reads_messaggio_rimosso(client, discussione, membro):
    m = services.rispondi(discussione=discussione, user=membro, testo="Testo che sparirà")
    client.force_login(membro)
    client.post(reverse("forum:elimina", kwargs={"pk": m.pk}))
    html = client.get(discussione.get_absolute_url()).content.decode()
    assert "Messaggio rimosso dall" in html and "Testo che sparirà" not in html


def test_reply_refusals_keep_the_typed_text(client, discussione, membro):
    client.force_login(membro)
    url = reverse("forum:rispondi", kwargs={"pk": discussione.pk})
    client.post(url, {"testo": "Prima risposta"})
    r = client.post(url, {"testo": "Seconda risposta, scritta con cura"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "attendi ancora" in html and "Seconda risposta, scritta con cura" in html
    r = client.post(url, {"testo": "x" * 20_001})
    assert "troppo lungo" in r.content.decode()
    r = client.post(url, {"testo": ""})
    assert "vuoto" in r.content.decode()


def test_honeypot_refuses_and_keeps_text(client, discussione, membro):
    client.force_login(membro)
    r = client.post(
        reverse("forum:rispondi", kwargs={"pk": discussione.pk}), {"testo": "Testo vero", "sito_web": "http://spam"}
    )
    assert r.status_code == 200 and "ricarica la pagina" in r.content.decode()
    assert "Testo vero" in r.content.decode()
    assert not Messaggio.objects.filter(testo="Testo vero").exists()


def test_new_topic_form_and_errors(client, categoria, membro):
    client.force_login(membro)
    url = reverse("forum:nuova_discussione", kwargs={"slug": categoria.slug})
    assert client.get(url).status_code == 200
    r = client.post(url, {"titolo": "", "testo": "Il mio testo"})
    assert "Scrivi un titolo" in r.content.decode() and "Il mio testo" in r.content.decode()
    r = client.post(url, {"titolo": "t" * 201, "testo": "Il mio testo"})
    assert "troppo lungo" in r.content.decode()
    r = client.post(url, {"titolo": "Nuova", "testo": "Il mio testo"})
    assert r.status_code == 302 and Discussione.objects.filter(titolo="Nuova").exists()


def test_quote_prefills_the_reply(client, discussione, membro):
    client.force_login(membro)
    primo = discussione.messaggi.get()
    r = client.get(reverse("forum:rispondi", kwargs={"pk": discussione.pk}) + f"?cita={primo.pk}")
    assert "&gt; Come fate?" in r.content.decode()
    r = client.post(
        reverse("forum:rispondi", kwargs={"pk": discussione.pk}), {"testo": "> Come fate?\n\nCosì", "cita": primo.pk}
    )
    nuovo = Messaggio.objects.latest("pk")
    assert nuovo.cita == primo
    html = client.get(r["Location"], follow=True).content.decode()
    assert f'href="{primo.get_absolute_url()}"' in html


def test_edit_shows_modificato(client, discussione, membro):
    m = services.rispondi(discussione=discussione, user=membro, testo="Versione uno")
    client.force_login(membro)
    r = client.post(reverse("forum:modifica", kwargs={"pk": m.pk}), {"testo": "Versione due"})
    assert r.status_code == 302
    html = client.get(discussione.get_absolute_url()).content.decode()
    assert "Versione due" in html and "modificato" in html


def test_unread_markers(client, discussione, membro, altro):
    client.force_login(membro)
    html = client.get(discussione.categoria.get_absolute_url()).content.decode()
    assert "Nuovi messaggi" in html
    client.get(discussione.get_absolute_url())
    assert "Nuovi messaggi" not in client.get(discussione.categoria.get_absolute_url()).content.decode()
    invecchia(altro)
    services.rispondi(discussione=discussione, user=altro, testo="Novità")
    assert "Nuovi messaggi" in client.get(discussione.categoria.get_absolute_url()).content.decode()
    assert ">Nuovo<" in client.get(discussione.get_absolute_url()).content.decode()


def test_discuti_goes_to_existing_topic_or_opens_one(client, home_page, categoria, membro):
    pagina = PaginaSempliceFactory(parent=home_page, title="Sportello unico")
    url = reverse("forum:discuti", kwargs={"page_id": pagina.pk})
    assert client.get(url).status_code == 200
    r = client.post(url)
    assert r.status_code == 302
    assert r["Location"] == f"{reverse('account_login')}?next={url}"
    client.force_login(membro)
    r = client.post(url)
    d = Discussione.objects.get(pagina=pagina)
    assert r["Location"] == d.get_absolute_url()
    assert client.get(url)["Location"] == d.get_absolute_url()
    assert client.get(reverse("forum:discuti", kwargs={"page_id": 999999})).status_code == 404


def test_login_through_allauth_and_reply(client, discussione):
    utente = veterano(email="operatrice@esempio.it")
    accesso = client.post(reverse("account_login"), {"login": utente.email, "password": PASSWORD})
    assert accesso.status_code == 302 and "login" not in accesso["Location"]
    r = client.post(reverse("forum:rispondi", kwargs={"pk": discussione.pk}), {"testo": "Ciao a tutti"})
    risposta = Messaggio.objects.get(discussione=discussione, autore=utente)
    assert risposta.testo == "Ciao a tutti"
    assert r["Location"] == risposta.get_absolute_url()


# --- Permission matrix ---------------------------------------------------------------------

ATTORI = ["anonimo", "membro", "autore", "sospeso", "redattore"]


@pytest.fixture
def attori(db, discussione, redattore):
    autore = discussione.autore
    invecchia(autore)
    sospeso = veterano(username="sospeso")
    Sospensione.objects.create(user=sospeso, fino_al=timezone.now() + timedelta(days=3), motivo="test")
    return {
        "anonimo": None,
        "membro": veterano(username="m2"),
        "autore": autore,
        "sospeso": sospeso,
        "redattore": redattore,
    }


def _client(client, attori, chi):
    if attori[chi] is not None:
        client.force_login(attori[chi])
    return client


ATTESE = {
    # action: (method, url builder, data, {actor: allowed})
    "nuova_discussione": {"anonimo": False, "membro": True, "autore": True, "sospeso": False, "redattore": True},
    "rispondi": {"anonimo": False, "membro": True, "autore": True, "sospeso": False, "redattore": True},
    "modifica": {"anonimo": False, "membro": False, "autore": True, "sospeso": False, "redattore": False},
    "elimina": {"anonimo": False, "membro": False, "autore": True, "sospeso": False, "redattore": False},
    "utile": {"anonimo": False, "membro": True, "autore": False, "sospeso": False, "redattore": True},
    "segnala": {"anonimo": False, "membro": True, "autore": False, "sospeso": True, "redattore": True},
    "segui": {"anonimo": False, "membro": True, "autore": True, "sospeso": True, "redattore": True},
    "modera": {"anonimo": False, "membro": False, "autore": False, "sospeso": False, "redattore": True},
    "leggi": {"anonimo": True, "membro": True, "autore": True, "sospeso": True, "redattore": True},
}


def _richiesta(client, azione, discussione):
    m = discussione.messaggi.get()
    if azione == "nuova_discussione":
        url = reverse("forum:nuova_discussione", kwargs={"slug": discussione.categoria.slug})
        return client.post(url, {"titolo": "Una domanda", "testo": "Testo della domanda"})
    if azione == "rispondi":
        return client.post(reverse("forum:rispondi", kwargs={"pk": discussione.pk}), {"testo": "Una risposta"})
    if azione == "modifica":
        return client.post(reverse("forum:modifica", kwargs={"pk": m.pk}), {"testo": "Testo cambiato"})
    if azione == "elimina":
        return client.post(reverse("forum:elimina", kwargs={"pk": m.pk}))
    if azione == "utile":
        return client.post(reverse("forum:utile", kwargs={"pk": m.pk}), {"valore": "aggiungi"})
    if azione == "segnala":
        return client.post(reverse("forum:segnala", kwargs={"pk": m.pk}), {"motivo": "Fuori tema"})
    if azione == "segui":
        return client.post(reverse("forum:segui_discussione", kwargs={"pk": discussione.pk}), {"attiva": "1"})
    if azione == "modera":
        return client.post(
            reverse("forum_admin_azione_discussione", kwargs={"pk": discussione.pk, "azione": "chiudi"}),
            {"motivo": "Chiusa"},
        )
    return client.get(discussione.get_absolute_url())


def _effetto(azione, discussione):
    m = Messaggio.objects.filter(discussione=discussione).order_by("pk").first()
    return {
        "nuova_discussione": lambda: Discussione.objects.filter(titolo="Una domanda").exists(),
        "rispondi": lambda: Messaggio.objects.filter(testo="Una risposta").exists(),
        "modifica": lambda: m.testo == "Testo cambiato",
        "elimina": lambda: m.stato == Messaggio.Stato.RIMOSSO,
        "utile": lambda: Reazione.objects.filter(messaggio=m).exists(),
        "segnala": lambda: Segnalazione.objects.filter(messaggio=m).exists(),
        "segui": lambda: True,
        "modera": lambda: Discussione.objects.get(pk=discussione.pk).chiusa,
        "leggi": lambda: True,
    }[azione]()


@pytest.mark.parametrize("chi", ATTORI)
@pytest.mark.parametrize("azione", list(ATTESE))
def test_permission_matrix(client, attori, discussione, azione, chi):
    risposta = _richiesta(_client(client, attori, chi), azione, discussione)
    consentito = ATTESE[azione][chi]
    if consentito:
        assert risposta.status_code in (200, 302), risposta.status_code
        assert _effetto(azione, discussione)
    else:
        assert risposta.status_code in (302, 403), risposta.status_code
        if risposta.status_code == 302:
            assert "login" in risposta["Location"] or "redazione" in risposta["Location"]
        assert azione in ("segui", "leggi") or not _effetto(azione, discussione)


def test_suspended_member_sees_why(client, attori, discussione):
    client.force_login(attori["sospeso"])
    r = client.post(reverse("forum:rispondi", kwargs={"pk": discussione.pk}), {"testo": "x"})
    assert r.status_code == 403
    fino_al = attori["sospeso"].sospensioni_forum.get().fino_al.strftime("%d/%m/%Y")
    assert f"Il tuo account è sospeso dal forum fino al {fino_al}." in r.content.decode()
    assert not Messaggio.objects.filter(autore=attori["sospeso"]).exists()


def test_locked_topic_refuses_replies_but_not_moderators(client, discussione, membro, redattore):
    services.imposta_chiusura(discussione=discussione, moderatore=redattore, motivo="chiusa", chiusa=True)
    client.force_login(membro)
    assert client.post(reverse("forum:rispondi", kwargs={"pk": discussione.pk}), {"testo": "x"}).status_code == 403
    client.force_login(redattore)
    r = client.post(reverse("forum:rispondi", kwargs={"pk": discussione.pk}), {"testo": "Nota della redazione"})
    assert r.status_code == 302


def test_member_not_verified_cannot_write(client, discussione):
    senza_ruolo = OperatoreFactory(ruolo=None)
    senza_ruolo.groups.clear()
    client.force_login(senza_ruolo)
    assert client.post(reverse("forum:rispondi", kwargs={"pk": discussione.pk}), {"testo": "x"}).status_code == 403


def test_a_double_submit_of_utile_keeps_the_vote(client, discussione, membro):
    m = discussione.messaggi.get()
    client.force_login(membro)
    url = reverse("forum:utile", kwargs={"pk": m.pk})
    pagina = client.get(discussione.get_absolute_url()).content.decode()
    assert 'name="valore" value="aggiungi"' in pagina

    for _clic in range(2):  # the same button, submitted twice
        assert client.post(url, {"valore": "aggiungi"}).status_code == 302

    assert Reazione.objects.filter(messaggio=m, user=membro).count() == 1
    assert 'name="valore" value="rimuovi"' in client.get(discussione.get_absolute_url()).content.decode()
    for _clic in range(2):
        client.post(url, {"valore": "rimuovi"})
    assert not Reazione.objects.filter(messaggio=m).exists()


def test_utile_without_a_valid_value_changes_nothing_and_explains(client, discussione, membro):
    m = discussione.messaggi.get()
    client.force_login(membro)

    response = client.post(reverse("forum:utile", kwargs={"pk": m.pk}), {"valore": "boh"}, follow=True)

    assert response.status_code == 200
    assert "Richiesta non valida" in response.content.decode()
    assert not Reazione.objects.filter(messaggio=m).exists()
