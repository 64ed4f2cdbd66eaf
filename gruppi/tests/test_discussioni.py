"""A group's discussions: a forum category of its own, read by whoever may read the group and written by
its members. Tested from the side of who tries to cross the line: anonymous visitors, members of the
community outside the group, members of another group, a member who leaves; on the forum's pages, the
home page, the zone page, the weekly digest and the notifications."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from cop.tests.factories import OperatoreFactory, ProfiloFactory, RedattoreFactory, ReferenteFactory, ZonaFactory
from forum import services as forum
from forum.models import Discussione, Messaggio
from forum.notifiche import invia_notifiche
from forum.riepilogo import novita_per_riepilogo
from forum.selectors import ultime_discussioni
from gruppi import services
from gruppi.models import Appartenenza, Gruppo
from notifiche.models import Notifica

pytestmark = pytest.mark.django_db


@pytest.fixture
def zona():
    return ZonaFactory(slug="zona-delle-discussioni", nome="Zona delle discussioni")


def gruppo_con_discussione(accesso, zona, *, titolo="Il verbale del tavolo"):
    """A group with a coordinator, a member and a topic opened by the member."""
    gruppo = Gruppo.objects.create(nome=f"Tavolo {accesso}", descrizione="Il tavolo.", accesso=accesso, zona=zona)
    services.assicura_discussioni(gruppo=gruppo)
    membro = OperatoreFactory(username=f"membro.{slugify(titolo)}", date_joined=timezone.now() - timedelta(days=10))
    Appartenenza.objects.create(gruppo=gruppo, user=membro)
    discussione = forum.crea_discussione(
        categoria=gruppo.categoria, user=membro, titolo=titolo, testo="Le decisioni prese a marzo."
    )
    # As if a minute had passed: the forum's limits let the member write again.
    un_minuto_fa = timezone.now() - timedelta(minutes=1)
    Messaggio.objects.filter(autore=membro).update(creato_il=un_minuto_fa)
    Discussione.objects.filter(autore=membro).update(creata_il=un_minuto_fa)
    return gruppo, membro, discussione


def estraneo():
    return OperatoreFactory(date_joined=timezone.now() - timedelta(days=10))


def referente_della(zona):
    user = ReferenteFactory()
    ProfiloFactory(user=user, zona=zona, zona_confermata=zona)
    return user


@pytest.mark.parametrize("accesso", [Gruppo.Accesso.SU_RICHIESTA, Gruppo.Accesso.RISERVATO])
@pytest.mark.parametrize("chi", ["anonimo", "operatore", "membro di un altro gruppo"])
def test_the_discussions_of_a_closed_group_do_not_exist_outside_it(client, zona, accesso, chi):
    gruppo, _membro, discussione = gruppo_con_discussione(accesso, zona)
    if chi == "operatore":
        client.force_login(estraneo())
    elif chi == "membro di un altro gruppo":
        altro = Gruppo.objects.create(nome="Altro", descrizione="Un altro.", accesso=Gruppo.Accesso.RISERVATO)
        services.assicura_discussioni(gruppo=altro)
        user = estraneo()
        Appartenenza.objects.create(gruppo=altro, user=user)
        client.force_login(user)

    assert client.get(discussione.get_absolute_url()).status_code == 404
    assert client.get(gruppo.categoria.get_absolute_url()).status_code == 404
    assert "Il verbale del tavolo" not in client.get(reverse("forum:indice")).content.decode()
    assert gruppo.categoria.nome not in client.get(reverse("forum:indice")).content.decode()
    primo = discussione.messaggi.first()
    assert client.get(reverse("forum:rispondi", args=[discussione.pk])).status_code in (302, 404)
    assert client.post(reverse("forum:segnala", args=[primo.pk]), {"motivo": "spam"}).status_code in (302, 404)
    assert discussione.messaggi.count() == 1
    assert "Il verbale del tavolo" not in client.get(zona.get_absolute_url()).content.decode()


@pytest.mark.parametrize("chi", ["membro", "coordinatore", "referente della zona", "redattore"])
def test_who_belongs_to_or_manages_a_closed_group_reads_and_writes_its_discussions(client, zona, chi):
    gruppo, membro, discussione = gruppo_con_discussione(Gruppo.Accesso.RISERVATO, zona)
    user = {
        "membro": lambda: membro,
        "coordinatore": lambda: (
            Appartenenza.objects.create(gruppo=gruppo, user=estraneo(), ruolo=Appartenenza.Ruolo.COORDINATORE).user
        ),
        "referente della zona": lambda: referente_della(zona),
        "redattore": RedattoreFactory,
    }[chi]()
    client.force_login(user)

    assert "Le decisioni prese a marzo." in client.get(discussione.get_absolute_url()).content.decode()
    pagina_gruppo = client.get(gruppo.get_absolute_url()).content.decode()
    assert "Il verbale del tavolo" in pagina_gruppo
    assert reverse("forum:nuova_discussione", args=[gruppo.categoria.slug]) in pagina_gruppo
    risposta = client.post(
        reverse("forum:rispondi", args=[discussione.pk]), {"testo": "Ci sono anch'io.", "sito_web": ""}
    )
    assert risposta.status_code == 302
    assert discussione.messaggi.count() == 2


def test_an_open_group_is_read_by_everyone_and_written_by_its_members(client, zona):
    gruppo, membro, discussione = gruppo_con_discussione(Gruppo.Accesso.APERTO, zona)

    assert client.get(discussione.get_absolute_url()).status_code == 200
    assert "Il verbale del tavolo" in client.get(gruppo.get_absolute_url()).content.decode()
    client.force_login(estraneo())
    assert client.post(reverse("forum:rispondi", args=[discussione.pk]), {"testo": "Dall'esterno"}).status_code == 403
    assert client.get(reverse("forum:nuova_discussione", args=[gruppo.categoria.slug])).status_code == 403
    assert (
        reverse("forum:nuova_discussione", args=[gruppo.categoria.slug])
        not in client.get(gruppo.get_absolute_url()).content.decode()
    )
    assert discussione.messaggi.count() == 1
    client.force_login(membro)
    assert client.get(reverse("forum:nuova_discussione", args=[gruppo.categoria.slug])).status_code == 200


def test_a_member_who_leaves_loses_the_discussions_at_once(client, zona):
    gruppo, membro, discussione = gruppo_con_discussione(Gruppo.Accesso.RISERVATO, zona)
    client.force_login(membro)
    assert client.get(discussione.get_absolute_url()).status_code == 200

    client.post(reverse("gruppi:lascia", args=[gruppo.slug]))

    assert client.get(discussione.get_absolute_url()).status_code == 404
    assert client.get(gruppo.categoria.get_absolute_url()).status_code == 404


def test_who_left_gets_no_email_of_the_topics_they_followed(zona, run_tasks):
    gruppo, membro, discussione = gruppo_con_discussione(Gruppo.Accesso.SU_RICHIESTA, zona)
    collega = OperatoreFactory(date_joined=timezone.now() - timedelta(days=10))
    Appartenenza.objects.create(gruppo=gruppo, user=collega)
    services.lascia(gruppo=gruppo, user=membro)  # membro followed the topic they opened

    forum.rispondi(discussione=discussione, user=collega, testo="La data del prossimo incontro è il 3 aprile.")
    invia_notifiche()
    run_tasks()

    assert [m.to for m in mail.outbox if "prossimo" in m.body or "Nuovi messaggi" in m.subject] == []


def test_a_mention_of_someone_outside_a_closed_group_sends_them_nothing(zona, run_tasks):
    gruppo, membro, discussione = gruppo_con_discussione(Gruppo.Accesso.RISERVATO, zona)
    fuori = OperatoreFactory(username="fuori.dal.gruppo")

    forum.rispondi(discussione=discussione, user=membro, testo="Ne parlo con @fuori.dal.gruppo domani.")
    invia_notifiche()
    run_tasks()

    assert not [m for m in mail.outbox if fuori.email in m.to]
    assert not Notifica.objects.filter(user=fuori).exists()


def test_home_section_and_weekly_digest_leave_out_closed_groups(zona):
    gruppo_con_discussione(Gruppo.Accesso.RISERVATO, zona, titolo="Riservata")
    gruppo_con_discussione(Gruppo.Accesso.APERTO, zona, titolo="Aperta a tutti")
    richiesta = RequestFactory().get("/")
    richiesta.user = estraneo()

    assert [d.titolo for d in ultime_discussioni(richiesta)] == ["Aperta a tutti"]
    adesso = timezone.now() + timedelta(seconds=1)
    titoli = [v.titolo for v in novita_per_riepilogo(dal=adesso - timedelta(days=7), adesso=adesso)]
    assert titoli == ["Aperta a tutti"]


def test_a_group_that_becomes_reserved_takes_its_discussions_with_it(client, zona):
    gruppo, _membro, discussione = gruppo_con_discussione(Gruppo.Accesso.APERTO, zona)
    assert client.get(discussione.get_absolute_url()).status_code == 200

    gruppo.accesso = Gruppo.Accesso.RISERVATO
    gruppo.save()

    assert client.get(discussione.get_absolute_url()).status_code == 404
    assert Discussione.objects.leggibili_da(estraneo()).filter(pk=discussione.pk).count() == 0


def test_the_forum_index_costs_no_query_more_for_a_visitor_when_groups_have_discussions(
    client, django_assert_max_num_queries, zona
):
    numeri = []
    for fase in range(2):
        if fase:
            for accesso in (Gruppo.Accesso.APERTO, Gruppo.Accesso.RISERVATO, Gruppo.Accesso.SU_RICHIESTA):
                gruppo_con_discussione(accesso, zona, titolo=f"Di {accesso}")
        client.get(reverse("forum:indice"))
        with django_assert_max_num_queries(10) as contate:
            assert client.get(reverse("forum:indice")).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1]


def test_a_page_discussed_with_discuti_never_lands_in_a_group_category(zona, home_page):
    from cop.tests.factories import PaginaSempliceFactory
    from forum.models import Categoria, ImpostazioniForum

    riservato, membro, _d = gruppo_con_discussione(Gruppo.Accesso.RISERVATO, zona)
    riservato.categoria.ordine = 0  # first in the forum's order
    riservato.categoria.save()
    pagina = PaginaSempliceFactory(parent=home_page, title="Una pratica pubblica")

    with pytest.raises(ValidationError, match="categorie"):  # only a group's category exists: none public
        forum.discussione_per(oggetto_page=pagina, user=membro)

    pubblica = Categoria.objects.create(nome="Generale", slug="generale", ordine=5)
    impostazioni = ImpostazioniForum.load()
    impostazioni.categoria_discuti = riservato.categoria  # an editor's setting pointing at it
    impostazioni.save()
    assert forum.discussione_per(oggetto_page=pagina, user=membro).categoria == pubblica
