"""The bell, /notifiche/ and the preferences, as a member uses them; who may see and touch what."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cop.tests.factories import OperatoreFactory, RedattoreFactory, ReferenteFactory
from notifiche import services
from notifiche.models import Notifica, Preferenza
from notifiche.tipi import Canale, Tipo

from .factories import NotificaFactory

pytestmark = pytest.mark.django_db

RUOLI = {"operatore": OperatoreFactory, "referente": ReferenteFactory, "redattore": RedattoreFactory}


@pytest.fixture
def membro():
    return OperatoreFactory(username="membro")


def test_the_bell_shows_the_unread_count_to_a_member_and_nothing_to_a_visitor(client, home_page, membro):
    assert "campanella" not in client.get("/").content.decode()
    client.force_login(membro)
    assert "Notifiche: nessuna da leggere" in client.get("/").content.decode()
    NotificaFactory.create_batch(3, user=membro)
    NotificaFactory(user=membro, letta_il=timezone.now())
    NotificaFactory()  # someone else's
    pagina = client.get("/").content.decode()
    assert "Notifiche: 3 da leggere" in pagina
    assert 'campanella-conteggio" aria-hidden="true">3<' in pagina


def test_a_visitor_is_sent_to_the_login_from_every_notification_address(client, membro):
    notifica = NotificaFactory(user=membro)
    indirizzi = [
        reverse("notifiche:elenco"),
        reverse("notifiche:preferenze"),
        reverse("notifiche:apri", args=[notifica.pk]),
    ]
    for indirizzo in indirizzi:
        risposta = client.get(indirizzo)
        assert risposta.status_code == 302 and risposta.url.startswith(reverse("account_login"))
    for indirizzo in [reverse("notifiche:segna_letta", args=[notifica.pk]), reverse("notifiche:segna_tutte")]:
        risposta = client.post(indirizzo)
        assert risposta.status_code == 302 and risposta.url.startswith(reverse("account_login"))
    notifica.refresh_from_db()
    assert notifica.letta_il is None


@pytest.mark.parametrize("ruolo", RUOLI)
def test_each_role_sees_and_touches_only_its_own_notifications(client, membro, ruolo):
    intruso = RUOLI[ruolo](username=f"intruso-{ruolo}")
    altrui = NotificaFactory(user=membro, titolo="Solo per il membro")
    propria = NotificaFactory(user=intruso, titolo="Per chi guarda")
    client.force_login(intruso)
    elenco = client.get(reverse("notifiche:elenco")).content.decode()
    assert "Per chi guarda" in elenco and "Solo per il membro" not in elenco
    assert client.get(reverse("notifiche:apri", args=[altrui.pk])).status_code == 404
    assert client.post(reverse("notifiche:segna_letta", args=[altrui.pk])).status_code == 404
    client.post(reverse("notifiche:segna_tutte"))
    altrui.refresh_from_db()
    propria.refresh_from_db()
    assert altrui.letta_il is None and propria.letta_il is not None


def test_the_list_is_newest_first_and_paginated(client, membro):
    adesso = timezone.now()
    for i in range(25):
        NotificaFactory(user=membro, titolo=f"Numero {i:02d}", creata_il=adesso - timedelta(minutes=i))
    client.force_login(membro)
    prima = client.get(reverse("notifiche:elenco")).content.decode()
    assert prima.index("Numero 00") < prima.index("Numero 01") < prima.index("Numero 19")
    assert "Numero 20" not in prima
    seconda = client.get(reverse("notifiche:elenco") + "?page=2").content.decode()
    assert "Numero 20" in seconda and "Numero 24" in seconda and "Numero 00" not in seconda


def test_unread_filter_and_a_bad_filter_value(client, membro):
    NotificaFactory(user=membro, titolo="Già letta", letta_il=timezone.now())
    NotificaFactory(user=membro, titolo="Ancora da leggere")
    client.force_login(membro)
    da_leggere = client.get(reverse("notifiche:elenco") + "?quali=da-leggere").content.decode()
    assert "Ancora da leggere" in da_leggere and "Già letta" not in da_leggere
    risposta = client.get(reverse("notifiche:elenco") + "?quali=<script>")
    assert risposta.status_code == 200
    testo = risposta.content.decode()
    assert "Il filtro richiesto non esiste" in testo and "Già letta" in testo and "<script>" not in testo


def test_mark_one_then_all_as_read(client, membro):
    una, due, tre = NotificaFactory.create_batch(3, user=membro)
    client.force_login(membro)
    risposta = client.post(reverse("notifiche:segna_letta", args=[una.pk]), {"torna": "/notifiche/?page=1"})
    assert risposta.status_code == 302 and risposta.url == "/notifiche/?page=1"
    assert Notifica.objects.non_lette().filter(user=membro).count() == 2
    # A "torna" elsewhere is not followed.
    risposta = client.post(reverse("notifiche:segna_tutte"), {"torna": "https://altrove.example/"})
    assert risposta.url == reverse("notifiche:elenco")
    assert Notifica.objects.non_lette().filter(user=membro).count() == 0
    assert "Notifiche: nessuna da leggere" in client.get(reverse("notifiche:elenco")).content.decode()


def test_a_get_cannot_mark_as_read(client, membro):
    notifica = NotificaFactory(user=membro)
    client.force_login(membro)
    assert client.get(reverse("notifiche:segna_letta", args=[notifica.pk])).status_code == 405
    assert client.get(reverse("notifiche:segna_tutte")).status_code == 405
    notifica.refresh_from_db()
    assert notifica.letta_il is None


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, membro):
    notifica = NotificaFactory(user=membro, url="/forum/t/1/?post=3")
    client.force_login(membro)
    risposta = client.get(reverse("notifiche:apri", args=[notifica.pk]))
    assert risposta.status_code == 302 and risposta.url == "/forum/t/1/?post=3"
    notifica.refresh_from_db()
    assert notifica.letta_il is not None


def test_preferences_start_from_the_defaults_and_are_saved(client, membro):
    client.force_login(membro)
    pagina = client.get(reverse("notifiche:preferenze")).content.decode()
    assert "Menzioni nel forum" in pagina and "Novità sulle pratiche che hai salvato" in pagina
    assert "Il riepilogo settimanale via email è disattivato" in pagina
    scelte = {tipo.value: services.canale(membro, tipo) for tipo in Tipo}
    scelte[Tipo.MENZIONE] = Canale.SITO
    scelte[Tipo.NOVITA] = Canale.NESSUNO
    risposta = client.post(reverse("notifiche:preferenze"), scelte)
    assert risposta.status_code == 302
    assert dict(Preferenza.objects.filter(user=membro).values_list("tipo", "canale")) == {
        Tipo.MENZIONE: Canale.SITO,
        Tipo.NOVITA: Canale.NESSUNO,
    }
    # Back to the default: no row is kept.
    scelte[Tipo.MENZIONE] = Canale.EMAIL
    client.post(reverse("notifiche:preferenze"), scelte)
    assert list(Preferenza.objects.filter(user=membro).values_list("tipo", flat=True)) == [Tipo.NOVITA]


def test_a_bad_preference_is_refused_with_a_message_and_nothing_changes(client, membro):
    client.force_login(membro)
    scelte = {tipo.value: Canale.SITO for tipo in Tipo}
    scelte[Tipo.RISPOSTA] = "piccione"
    del scelte[Tipo.GRUPPO]
    risposta = client.post(reverse("notifiche:preferenze"), scelte)
    assert risposta.status_code == 400
    testo = risposta.content.decode()
    assert "Scelta non valida" in testo and "Scegli come ricevere questo tipo di notifica." in testo
    assert not Preferenza.objects.exists()
    # What the member had chosen is still selected in the form.
    assert 'value="sito" checked' in testo or 'checked value="sito"' in testo or "checked" in testo


def test_a_channel_decides_the_row_and_the_email(run_tasks, membro):
    chi_tace = OperatoreFactory(username="chi-tace")
    solo_sito = OperatoreFactory(username="solo-sito")
    services.salva_preferenze(user=chi_tace, scelte={Tipo.ADOZIONE: Canale.NESSUNO})
    services.salva_preferenze(user=solo_sito, scelte={Tipo.ADOZIONE: Canale.SITO})
    services.notifica(destinatari=[membro, chi_tace, solo_sito], tipo=Tipo.ADOZIONE, titolo="Adottata", url="/x/")
    run_tasks()
    assert set(Notifica.objects.values_list("user__username", flat=True)) == {"membro", "solo-sito"}
    assert [m.to for m in mail.outbox] == [[membro.email]]
    assert "Adottata" in mail.outbox[0].subject and "http://testserver/x/" in mail.outbox[0].body
    assert "http://testserver/notifiche/preferenze/" in mail.outbox[0].body


def test_who_caused_it_and_inactive_members_are_not_told(membro):
    spento = OperatoreFactory(username="spento", is_active=False)
    services.notifica(destinatari=[membro, spento], tipo=Tipo.GRUPPO, titolo="Ciao", attore=membro)
    assert not Notifica.objects.exists()


def test_many_recipients_go_through_the_worker(run_tasks, django_assert_max_num_queries):
    destinatari = [OperatoreFactory(username=f"seguace-{i}") for i in range(services.SOGLIA_DIRETTA + 5)]
    with django_assert_max_num_queries(2):  # the content type, the task row
        services.notifica(destinatari=destinatari, tipo=Tipo.NOVITA, titolo="Nuova pratica", url="/p/")
    assert not Notifica.objects.exists()
    run_tasks()
    assert Notifica.objects.count() == len(destinatari)


def test_the_list_queries_do_not_grow_with_the_notifications(client, membro, django_assert_max_num_queries):
    NotificaFactory.create_batch(2, user=membro)
    client.force_login(membro)
    with django_assert_max_num_queries(16) as poche:
        client.get(reverse("notifiche:elenco"))
    fisse = len(poche.captured_queries)  # now: the connection keeps a bounded log
    NotificaFactory.create_batch(18, user=membro)
    with django_assert_max_num_queries(fisse):
        client.get(reverse("notifiche:elenco"))
