"""A group's coordinators moderate its discussions: they hide and restore posts, close, reopen and pin
topics, with a reason in the moderation log. Tested from the side of who tries to cross the line: a
member, a coordinator of another group, a referente of another zone, anonymous visitors; and a
coordinator trying to moderate the public forum or a group they do not coordinate."""

import pytest
from django.urls import reverse

from cop.tests.factories import OperatoreFactory, RedattoreFactory, ZonaFactory
from forum import services as forum
from forum.models import AzioneModerazione, Categoria, Discussione, Messaggio
from gruppi.models import Appartenenza, Gruppo

from .test_discussioni import estraneo, gruppo_con_discussione, referente_della

pytestmark = pytest.mark.django_db


@pytest.fixture
def zona():
    return ZonaFactory(slug="zona-della-moderazione", nome="Zona della moderazione")


def coordinatore_di(gruppo):
    user = estraneo()
    Appartenenza.objects.create(gruppo=gruppo, user=user, ruolo=Appartenenza.Ruolo.COORDINATORE)
    return user


def _chi(nome, gruppo, membro, zona):
    return {
        "anonimo": lambda: None,
        "membro": lambda: membro,
        "operatore fuori dal gruppo": estraneo,
        "coordinatore di un altro gruppo": lambda: coordinatore_di(
            Gruppo.objects.create(nome="Altro tavolo", descrizione="Altro.", accesso=gruppo.accesso, zona=zona)
        ),
        "referente di un'altra zona": lambda: referente_della(ZonaFactory()),
        "coordinatore": lambda: coordinatore_di(gruppo),
        "referente della zona": lambda: referente_della(zona),
        "redattore": RedattoreFactory,
    }[nome]()


NON_MODERANO = ["anonimo", "membro", "operatore fuori dal gruppo", "coordinatore di un altro gruppo"]
MODERANO = ["coordinatore", "referente della zona", "redattore"]


@pytest.mark.parametrize("accesso", [Gruppo.Accesso.APERTO, Gruppo.Accesso.RISERVATO])
@pytest.mark.parametrize("chi", NON_MODERANO + ["referente di un'altra zona"])
def test_who_does_not_coordinate_the_group_cannot_hide_or_close(client, zona, accesso, chi):
    gruppo, membro, discussione = gruppo_con_discussione(accesso, zona)
    messaggio = discussione.messaggi.get()
    user = _chi(chi, gruppo, membro, zona)
    if user is not None:
        client.force_login(user)

    pagina = client.get(discussione.get_absolute_url()).content.decode()
    assert reverse("forum:modera_messaggio", args=[messaggio.pk]) not in pagina
    assert reverse("forum:modera_discussione", args=[discussione.pk]) not in pagina
    for url, dati in [
        (reverse("forum:modera_messaggio", args=[messaggio.pk]), {"motivo": "Prova"}),
        (reverse("forum:modera_discussione", args=[discussione.pk]), {"motivo": "Prova", "azione": "chiudi"}),
    ]:
        risposta = client.post(url, dati)
        if user is None:
            assert risposta.status_code == 302 and risposta.url.startswith(reverse("account_login"))
        elif accesso == Gruppo.Accesso.RISERVATO and chi != "membro":
            assert risposta.status_code == 404  # a reserved group's topics do not exist outside it
        else:
            assert risposta.status_code == 403
    messaggio.refresh_from_db()
    discussione.refresh_from_db()
    assert messaggio.stato == Messaggio.Stato.VISIBILE and not discussione.chiusa
    assert not AzioneModerazione.objects.exists()


@pytest.mark.parametrize("chi", MODERANO)
def test_coordinators_hide_a_post_and_restore_it_with_a_reason_in_the_log(client, zona, chi):
    gruppo, membro, discussione = gruppo_con_discussione(Gruppo.Accesso.SU_RICHIESTA, zona)
    messaggio = discussione.messaggi.get()
    moderatore = _chi(chi, gruppo, membro, zona)
    client.force_login(moderatore)
    url = reverse("forum:modera_messaggio", args=[messaggio.pk])
    if chi != "redattore":  # the forum's moderators keep their screen in the admin
        assert url in client.get(discussione.get_absolute_url()).content.decode()

    senza_motivo = client.post(url, {"motivo": ""})
    assert "Indica il motivo" in senza_motivo.content.decode()
    assert Messaggio.objects.get(pk=messaggio.pk).stato == Messaggio.Stato.VISIBILE

    assert client.post(url, {"motivo": "Dati personali di un utente del servizio"}).status_code == 302
    assert Messaggio.objects.get(pk=messaggio.pk).stato == Messaggio.Stato.NASCOSTO
    azione = AzioneModerazione.objects.get()
    assert (azione.tipo, azione.moderatore, azione.motivo) == (
        AzioneModerazione.Tipo.NASCONDI,
        moderatore,
        "Dati personali di un utente del servizio",
    )
    # The coordinator still sees the hidden post, marked; another member of the group does not.
    assert "Nascosto dalla moderazione" in client.get(discussione.get_absolute_url()).content.decode()
    altro = estraneo()
    Appartenenza.objects.create(gruppo=gruppo, user=altro)
    client.force_login(altro)
    assert "Le decisioni prese a marzo." not in client.get(discussione.get_absolute_url()).content.decode()

    client.force_login(moderatore)
    client.post(url, {"motivo": "Testo corretto dall'autore"})
    assert Messaggio.objects.get(pk=messaggio.pk).stato == Messaggio.Stato.VISIBILE
    client.force_login(altro)
    assert "Le decisioni prese a marzo." in client.get(discussione.get_absolute_url()).content.decode()


def test_a_coordinator_closes_reopens_and_pins_a_topic_of_the_group(client, zona):
    gruppo, membro, discussione = gruppo_con_discussione(Gruppo.Accesso.APERTO, zona)
    coordinatore = coordinatore_di(gruppo)
    client.force_login(coordinatore)
    url = reverse("forum:modera_discussione", args=[discussione.pk])
    assert url in client.get(discussione.get_absolute_url()).content.decode()

    assert "Scegli una delle azioni" in client.post(url, {"motivo": "Senza azione"}).content.decode()
    assert "Scegli una delle azioni" in client.post(url, {"motivo": "Prova", "azione": "sposta"}).content.decode()
    client.post(url, {"motivo": "Incontro concluso", "azione": "chiudi"})
    client.post(url, {"motivo": "Da tenere presente", "azione": "fissa"})
    discussione.refresh_from_db()
    assert discussione.chiusa and discussione.fissata

    client.force_login(membro)  # a closed topic takes no reply from its members...
    rifiutata = client.post(reverse("forum:rispondi", args=[discussione.pk]), {"testo": "Ancora una cosa"})
    assert rifiutata.status_code == 403
    client.force_login(coordinatore)  # ...but its coordinator may still write the conclusion
    risposta = client.post(reverse("forum:rispondi", args=[discussione.pk]), {"testo": "Sintesi finale."})
    assert risposta.status_code == 302
    client.post(url, {"motivo": "Nuovo incontro", "azione": "riapri"})
    client.post(url, {"motivo": "Superata", "azione": "sfissa"})
    discussione.refresh_from_db()
    assert not discussione.chiusa and not discussione.fissata
    assert list(AzioneModerazione.objects.order_by("pk").values_list("tipo", flat=True)) == [
        AzioneModerazione.Tipo.CHIUDI,
        AzioneModerazione.Tipo.FISSA,
        AzioneModerazione.Tipo.RIAPRI,
        AzioneModerazione.Tipo.SFISSA,
    ]


def test_a_coordinator_does_not_moderate_the_public_forum(client, zona):
    gruppo, membro, _discussione = gruppo_con_discussione(Gruppo.Accesso.APERTO, zona)
    coordinatore = coordinatore_di(gruppo)
    pubblica = Categoria.objects.create(nome="Povertà", slug="poverta-moderazione")
    autore = OperatoreFactory()
    discussione = forum.crea_discussione(categoria=pubblica, user=autore, titolo="Il REI", testo="Come va?")
    messaggio = discussione.messaggi.get()
    client.force_login(coordinatore)

    pagina = client.get(discussione.get_absolute_url()).content.decode()
    assert reverse("forum:modera_messaggio", args=[messaggio.pk]) not in pagina
    assert client.post(reverse("forum:modera_messaggio", args=[messaggio.pk]), {"motivo": "No"}).status_code == 403
    assert (
        client.post(reverse("forum:modera_discussione", args=[discussione.pk]), {"motivo": "No", "azione": "chiudi"})
    ).status_code == 403
    assert Messaggio.objects.get(pk=messaggio.pk).stato == Messaggio.Stato.VISIBILE
    assert not Discussione.objects.get(pk=discussione.pk).chiusa


def test_a_coordinator_who_steps_down_moderates_no_more(client, zona):
    gruppo, membro, discussione = gruppo_con_discussione(Gruppo.Accesso.APERTO, zona)
    coordinatore = coordinatore_di(gruppo)
    Appartenenza.objects.filter(user=coordinatore).update(ruolo=Appartenenza.Ruolo.MEMBRO)
    client.force_login(coordinatore)

    url = reverse("forum:modera_messaggio", args=[discussione.messaggi.get().pk])
    assert client.post(url, {"motivo": "Prova"}).status_code == 403


def test_a_post_its_author_removed_has_nothing_to_moderate(client, zona):
    gruppo, membro, discussione = gruppo_con_discussione(Gruppo.Accesso.APERTO, zona)
    messaggio = discussione.messaggi.get()
    forum.elimina_messaggio(messaggio=messaggio, user=membro)
    client.force_login(coordinatore_di(gruppo))

    risposta = client.post(reverse("forum:modera_messaggio", args=[messaggio.pk]), {"motivo": "Prova"}, follow=True)
    assert "non c&#x27;è nulla da moderare" in risposta.content.decode()
    assert Messaggio.objects.get(pk=messaggio.pk).stato == Messaggio.Stato.RIMOSSO
