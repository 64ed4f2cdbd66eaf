"""Working groups: who knows a group exists, who reads its members, who joins, asks, accepts, invites,
removes and appoints, tested from the side of each person (anonymous, a member of another group, a
member, a coordinator, the zone's referente, a referente of another zone, an editor)."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cop.services import esporta_dati_utente
from cop.tests.factories import (
    OperatoreFactory,
    OrganizzazioneFactory,
    ProfiloFactory,
    RedattoreFactory,
    ReferenteFactory,
    UserFactory,
    ZonaFactory,
)
from gruppi.models import Appartenenza, Gruppo, Invito

pytestmark = pytest.mark.django_db

ELENCO = reverse("gruppi:elenco")


@pytest.fixture
def zona():
    return ZonaFactory(slug="zona-dei-gruppi", nome="Zona dei gruppi")


@pytest.fixture
def altra_zona():
    return ZonaFactory(slug="altra-zona-dei-gruppi", nome="Altra zona")


def nuovo_gruppo(nome, accesso, zona=None, **kwargs):
    return Gruppo.objects.create(
        nome=nome, descrizione=f"A che cosa serve {nome}.", accesso=accesso, zona=zona, **kwargs
    )


def con_zona(factory, zona):
    user = factory()
    ProfiloFactory(user=user, zona=zona, zona_confermata=zona)
    return user


@pytest.fixture
def persone(zona, altra_zona):
    """One person of each kind, and the groups they belong to."""
    altro_gruppo = nuovo_gruppo("Altro gruppo", Gruppo.Accesso.RISERVATO, zona)
    p = {
        "anonimo": None,
        "membro di un altro gruppo": OperatoreFactory(),
        "membro": OperatoreFactory(),
        "coordinatore": OperatoreFactory(),
        "referente della zona": con_zona(ReferenteFactory, zona),
        "referente di un'altra zona": con_zona(ReferenteFactory, altra_zona),
        "redattore": RedattoreFactory(),
    }
    Appartenenza.objects.create(gruppo=altro_gruppo, user=p["membro di un altro gruppo"])
    return p


def entra_come(client, persone, chi):
    if persone[chi] is not None:
        client.force_login(persone[chi])
    return persone[chi]


def popola(gruppo, persone):
    Appartenenza.objects.create(gruppo=gruppo, user=persone["membro"])
    Appartenenza.objects.create(gruppo=gruppo, user=persone["coordinatore"], ruolo=Appartenenza.Ruolo.COORDINATORE)


def nomi_nell_elenco(risposta):
    return [a.get_text(strip=True) for a in BeautifulSoup(risposta.content, "html.parser").select("article h2 a")]


TUTTI = [
    "anonimo",
    "membro di un altro gruppo",
    "membro",
    "coordinatore",
    "referente della zona",
    "referente di un'altra zona",
    "redattore",
]
CHI_VEDE_IL_RISERVATO = {"membro", "coordinatore", "referente della zona", "redattore"}
CHI_GESTISCE = {"coordinatore", "referente della zona", "redattore"}


# --- Who knows a group exists, who reads its members ------------------------------------------------------


@pytest.mark.parametrize("chi", TUTTI)
def test_a_reserved_group_exists_only_for_its_members_and_the_editors(client, persone, zona, chi):
    riservato = nuovo_gruppo("Tavolo riservato", Gruppo.Accesso.RISERVATO, zona)
    nuovo_gruppo("Tavolo aperto", Gruppo.Accesso.APERTO, zona)
    nuovo_gruppo("Tavolo su richiesta", Gruppo.Accesso.SU_RICHIESTA, zona)
    popola(riservato, persone)
    entra_come(client, persone, chi)

    nomi = nomi_nell_elenco(client.get(ELENCO))
    pagina = client.get(riservato.get_absolute_url())

    attesi = ["Tavolo aperto", "Tavolo su richiesta"]
    if chi in CHI_VEDE_IL_RISERVATO:
        assert "Tavolo riservato" in nomi
        assert pagina.status_code == 200
    else:
        assert [n for n in nomi if n != "Altro gruppo"] == attesi
        assert pagina.status_code == 404
        assert "Tavolo riservato" not in pagina.content.decode()


@pytest.mark.parametrize("chi", TUTTI)
def test_names_of_members_of_a_group_on_request_are_for_members_and_who_manages_it(client, persone, zona, chi):
    gruppo = nuovo_gruppo("Équipe ADI", Gruppo.Accesso.SU_RICHIESTA, zona)
    popola(gruppo, persone)
    persone["membro"].first_name, persone["membro"].last_name = "Lucia", "Verdi"
    persone["membro"].save()
    entra_come(client, persone, chi)

    risposta = client.get(gruppo.get_absolute_url())

    assert risposta.status_code == 200
    html = risposta.content.decode()
    assert "A che cosa serve Équipe ADI." in html  # what it is for: public
    assert ("Lucia Verdi" in html) == (chi in {"membro", "coordinatore"} | CHI_GESTISCE)
    assert "Il gruppo ha 2 membri." in html or "Lucia Verdi" in html


@pytest.mark.parametrize("chi", TUTTI)
def test_members_of_an_open_group_are_named_to_the_community_not_to_anonymous_visitors(client, persone, zona, chi):
    gruppo = nuovo_gruppo("Tavolo aperto", Gruppo.Accesso.APERTO, zona)
    popola(gruppo, persone)
    persone["membro"].first_name, persone["membro"].last_name = "Lucia", "Verdi"
    persone["membro"].save()
    entra_come(client, persone, chi)

    html = client.get(gruppo.get_absolute_url()).content.decode()

    assert ("Lucia Verdi" in html) == (chi != "anonimo")
    if chi == "anonimo":
        assert "Il gruppo ha 2 membri. I nomi sono visibili ai membri della comunità." in " ".join(html.split())


def test_the_page_lists_published_participating_organisations_only(client, zona):
    gruppo = nuovo_gruppo("Tavolo", Gruppo.Accesso.APERTO, zona)
    pubblicata = OrganizzazioneFactory(nome="Associazione pubblica")
    gruppo.organizzazioni.set([pubblicata, OrganizzazioneFactory(nome="In revisione", stato="da-revisionare")])

    html = client.get(gruppo.get_absolute_url()).content.decode()

    assert f'<a href="{pubblicata.get_absolute_url()}">Associazione pubblica</a>' in html
    assert "In revisione" not in html


# --- Joining, asking, leaving -------------------------------------------------------------------------------


def test_a_member_of_the_community_joins_an_open_group_with_one_click(client, persone, zona):
    gruppo = nuovo_gruppo("Tavolo aperto", Gruppo.Accesso.APERTO, zona)
    operatore = OperatoreFactory()
    client.force_login(operatore)

    risposta = client.post(reverse("gruppi:entra", args=[gruppo.slug]), follow=True)

    assert "Ora fai parte del gruppo." in risposta.content.decode()
    assert Appartenenza.objects.get(gruppo=gruppo, user=operatore).stato == "attiva"
    # A second click changes nothing and says why.
    risposta = client.post(reverse("gruppi:entra", args=[gruppo.slug]), follow=True)
    assert "Non puoi entrare in questo gruppo con un clic." in risposta.content.decode()
    assert Appartenenza.objects.filter(gruppo=gruppo).count() == 1


def test_anonymous_visitors_and_unverified_accounts_cannot_join(client, zona):
    gruppo = nuovo_gruppo("Tavolo aperto", Gruppo.Accesso.APERTO, zona)
    url = reverse("gruppi:entra", args=[gruppo.slug])

    risposta = client.post(url)
    assert risposta.status_code == 302 and risposta["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory())  # signed up, email not confirmed: not an Operatore yet
    client.post(url)
    assert not Appartenenza.objects.exists()


def test_joining_a_group_on_request_or_a_reserved_one_with_a_click_is_refused(client, zona):
    su_richiesta = nuovo_gruppo("Su richiesta", Gruppo.Accesso.SU_RICHIESTA, zona)
    riservato = nuovo_gruppo("Riservato", Gruppo.Accesso.RISERVATO, zona)
    client.force_login(OperatoreFactory())

    risposta = client.post(reverse("gruppi:entra", args=[su_richiesta.slug]), follow=True)
    assert "Non puoi entrare in questo gruppo con un clic." in risposta.content.decode()
    assert client.post(reverse("gruppi:entra", args=[riservato.slug])).status_code == 404
    assert client.post(reverse("gruppi:richiedi", args=[riservato.slug])).status_code == 404
    assert not Appartenenza.objects.exists()


def test_a_request_reaches_the_coordinators_who_accept_it_and_the_person_is_told(client, persone, zona, run_tasks):
    gruppo = nuovo_gruppo("Équipe ADI", Gruppo.Accesso.SU_RICHIESTA, zona)
    popola(gruppo, persone)
    operatore = OperatoreFactory(first_name="Paolo", last_name="Neri")
    client.force_login(operatore)

    risposta = client.post(
        reverse("gruppi:richiedi", args=[gruppo.slug]), {"messaggio": "Lavoro al centro per l'impiego."}, follow=True
    )
    assert "Richiesta inviata" in risposta.content.decode()
    richiesta = Appartenenza.objects.get(gruppo=gruppo, user=operatore)
    assert (richiesta.stato, richiesta.messaggio) == ("richiesta", "Lavoro al centro per l'impiego.")
    assert client.get(gruppo.get_absolute_url()).status_code == 200
    run_tasks()
    assert [m.to for m in mail.outbox] == [[persone["coordinatore"].email]]
    assert "Paolo Neri chiede di entrare nel gruppo «Équipe ADI»" in mail.outbox[0].body

    client.force_login(persone["coordinatore"])
    pagina = client.get(gruppo.get_absolute_url()).content.decode()
    assert "Accogli Paolo Neri" in pagina
    client.post(reverse("gruppi:gestisci", args=[gruppo.slug, richiesta.pk, "accogli"]))
    richiesta.refresh_from_db()
    assert richiesta.stato == "attiva"
    run_tasks()
    assert mail.outbox[-1].to == [operatore.email]
    assert mail.outbox[-1].subject == "Sei nel gruppo «Équipe ADI»"


def test_a_request_with_a_message_too_long_is_not_sent_and_the_text_is_kept(client, zona):
    gruppo = nuovo_gruppo("Équipe ADI", Gruppo.Accesso.SU_RICHIESTA, zona)
    client.force_login(OperatoreFactory())

    risposta = client.post(reverse("gruppi:richiedi", args=[gruppo.slug]), {"messaggio": "x" * 501})

    assert risposta.status_code == 400
    assert "Controlla il messaggio: la richiesta non è stata inviata." in risposta.content.decode()
    assert "x" * 501 in risposta.content.decode()
    assert not Appartenenza.objects.exists()


def test_a_member_who_leaves_a_reserved_group_loses_it_at_once(client, persone, zona):
    gruppo = nuovo_gruppo("Riservato", Gruppo.Accesso.RISERVATO, zona)
    popola(gruppo, persone)
    client.force_login(persone["membro"])

    risposta = client.post(reverse("gruppi:lascia", args=[gruppo.slug]))

    assert risposta["Location"] == ELENCO
    assert client.get(gruppo.get_absolute_url()).status_code == 404
    assert "Riservato" not in nomi_nell_elenco(client.get(ELENCO))


# --- Managing: accept, reject, remove, appoint, invite -------------------------------------------------------


@pytest.mark.parametrize("chi", TUTTI)
def test_who_may_accept_a_request(client, persone, zona, chi):
    gruppo = nuovo_gruppo("Équipe ADI", Gruppo.Accesso.SU_RICHIESTA, zona)
    popola(gruppo, persone)
    richiesta = Appartenenza.objects.create(gruppo=gruppo, user=OperatoreFactory(), stato="richiesta")
    entra_come(client, persone, chi)

    risposta = client.post(reverse("gruppi:gestisci", args=[gruppo.slug, richiesta.pk, "accogli"]))

    richiesta.refresh_from_db()
    if chi in CHI_GESTISCE:
        assert risposta.status_code == 302
        assert richiesta.stato == "attiva"
    else:
        assert risposta.status_code in (302, 403) if chi == "anonimo" else risposta.status_code == 403
        assert richiesta.stato == "richiesta"


@pytest.mark.parametrize("chi", TUTTI)
def test_who_may_remove_a_member_of_a_reserved_group(client, persone, zona, chi):
    gruppo = nuovo_gruppo("Riservato", Gruppo.Accesso.RISERVATO, zona)
    popola(gruppo, persone)
    vittima = Appartenenza.objects.create(gruppo=gruppo, user=OperatoreFactory())
    entra_come(client, persone, chi)

    risposta = client.post(reverse("gruppi:gestisci", args=[gruppo.slug, vittima.pk, "rimuovi"]))

    rimasto = Appartenenza.objects.filter(pk=vittima.pk).exists()
    if chi in CHI_GESTISCE:
        assert not rimasto
    else:
        # Outside the group a reserved group does not exist (404); inside it, not allowed (403).
        atteso = {"anonimo": 302, "membro": 403}.get(chi, 404)
        assert risposta.status_code == atteso
        assert rimasto


@pytest.mark.parametrize(
    ("chi", "nomina"),
    [
        ("membro", False),
        ("coordinatore", False),
        ("referente della zona", True),
        ("referente di un'altra zona", False),
        ("redattore", True),
    ],
)
def test_coordinators_are_appointed_by_editors_the_zone_referente_or_the_creator(client, persone, zona, chi, nomina):
    gruppo = nuovo_gruppo("Tavolo", Gruppo.Accesso.APERTO, zona)
    popola(gruppo, persone)
    membro = Appartenenza.objects.get(gruppo=gruppo, user=persone["membro"])
    entra_come(client, persone, chi)

    client.post(reverse("gruppi:gestisci", args=[gruppo.slug, membro.pk, "coordinatore"]))

    membro.refresh_from_db()
    assert (membro.ruolo == "coordinatore") == nomina


def test_the_creator_of_a_group_appoints_its_coordinators(client, zona):
    creatore = OperatoreFactory()
    gruppo = nuovo_gruppo("Tavolo", Gruppo.Accesso.APERTO, zona, creato_da=creatore)
    membro = Appartenenza.objects.create(gruppo=gruppo, user=OperatoreFactory())
    client.force_login(creatore)

    client.post(reverse("gruppi:gestisci", args=[gruppo.slug, membro.pk, "coordinatore"]))

    membro.refresh_from_db()
    assert membro.ruolo == "coordinatore"


def test_a_coordinator_cannot_remove_themselves_by_the_members_list(client, persone, zona):
    gruppo = nuovo_gruppo("Tavolo", Gruppo.Accesso.APERTO, zona)
    popola(gruppo, persone)
    propria = Appartenenza.objects.get(user=persone["coordinatore"], gruppo=gruppo)
    client.force_login(persone["coordinatore"])

    risposta = client.post(reverse("gruppi:gestisci", args=[gruppo.slug, propria.pk, "rimuovi"]), follow=True)

    assert "Per uscire dal gruppo usa «Esci dal gruppo»." in risposta.content.decode()
    assert Appartenenza.objects.filter(pk=propria.pk).exists()


def test_an_invitation_lets_the_invited_address_in_and_nobody_else(client, persone, zona, run_tasks):
    gruppo = nuovo_gruppo("Riservato", Gruppo.Accesso.RISERVATO, zona)
    popola(gruppo, persone)
    client.force_login(persone["coordinatore"])

    risposta = client.post(reverse("gruppi:invita", args=[gruppo.slug]), {"email": "Nuova.Persona@Esempio.it "})
    assert risposta.status_code == 302
    run_tasks()
    assert mail.outbox[-1].to == ["nuova.persona@esempio.it"]
    link = re.search(r"https?://\S+/gruppi/invito/\S+/", mail.outbox[-1].body).group(0)
    percorso = link.split("://", 1)[1].split("/", 1)[1]
    percorso = "/" + percorso

    client.logout()
    assert client.get(percorso)["Location"].startswith(reverse("account_login"))  # back here after signing in

    estraneo = OperatoreFactory(email="altra@esempio.it")
    client.force_login(estraneo)
    risposta = client.post(percorso)
    assert risposta.status_code == 400
    assert "Questo invito è per l&#x27;indirizzo nuova.persona@esempio.it" in risposta.content.decode()
    assert not Appartenenza.objects.filter(user=estraneo).exists()

    invitata = OperatoreFactory(email="nuova.persona@esempio.it")  # signed up with the invited address
    client.force_login(invitata)
    assert client.post(percorso)["Location"] == gruppo.get_absolute_url()
    assert Appartenenza.objects.get(user=invitata, gruppo=gruppo).stato == "attiva"
    assert client.get(gruppo.get_absolute_url()).status_code == 200
    # Used once.
    risposta = client.post(percorso)
    assert "Questo invito è scaduto o è già stato usato" in risposta.content.decode()


def test_an_expired_invitation_says_so(client, zona):
    gruppo = nuovo_gruppo("Riservato", Gruppo.Accesso.RISERVATO, zona)
    invitata = OperatoreFactory(email="tardi@esempio.it")
    invito = Invito.objects.create(gruppo=gruppo, email=invitata.email, scade_il=timezone.now() - timedelta(days=1))
    client.force_login(invitata)

    risposta = client.post(invito.get_absolute_url())

    assert risposta.status_code == 400
    assert "Questo invito è scaduto o è già stato usato" in risposta.content.decode()
    assert not Appartenenza.objects.filter(user=invitata).exists()


@pytest.mark.parametrize("chi", ["membro", "referente di un'altra zona", "membro di un altro gruppo"])
def test_who_does_not_manage_a_group_cannot_invite(client, persone, zona, chi):
    gruppo = nuovo_gruppo("Tavolo", Gruppo.Accesso.SU_RICHIESTA, zona)
    popola(gruppo, persone)
    client.force_login(persone[chi])

    risposta = client.post(reverse("gruppi:invita", args=[gruppo.slug]), {"email": "x@esempio.it"})

    assert risposta.status_code == 403
    assert not Invito.objects.exists()


def test_an_invitation_to_a_bad_address_is_not_sent_and_the_address_is_kept(client, persone, zona):
    gruppo = nuovo_gruppo("Tavolo", Gruppo.Accesso.APERTO, zona)
    popola(gruppo, persone)
    client.force_login(persone["coordinatore"])

    risposta = client.post(reverse("gruppi:invita", args=[gruppo.slug]), {"email": "non-un-indirizzo"})

    assert risposta.status_code == 400
    assert 'value="non-un-indirizzo"' in risposta.content.decode()
    assert not Invito.objects.exists()


def test_memberships_are_in_the_personal_data_export(persone, zona):
    gruppo = nuovo_gruppo("Tavolo", Gruppo.Accesso.APERTO, zona)
    popola(gruppo, persone)

    dati = esporta_dati_utente(user=persone["coordinatore"])

    assert [(g["gruppo"], g["ruolo"], g["stato"]) for g in dati["gruppi"]] == [("Tavolo", "Coordinatore", "Membro")]


# --- Pinned queries -------------------------------------------------------------------------------------------


def test_list_and_page_queries_do_not_grow_with_groups_and_members(
    client, django_assert_max_num_queries, persone, zona
):
    client.force_login(persone["coordinatore"])
    numeri = []
    for n in (3, 30):
        for i in range(n):
            gruppo = nuovo_gruppo(f"Gruppo {n}-{i}", Gruppo.Accesso.APERTO, zona)
            Appartenenza.objects.create(gruppo=gruppo, user=persone["coordinatore"], ruolo="coordinatore")
        principale = Gruppo.objects.get(nome=f"Gruppo {n}-0")
        for _i in range(n):
            Appartenenza.objects.create(gruppo=principale, user=OperatoreFactory())
            Appartenenza.objects.create(gruppo=principale, user=OperatoreFactory(), stato="richiesta")
        client.get(ELENCO)
        with django_assert_max_num_queries(11) as elenco:
            assert client.get(ELENCO).status_code == 200
        with django_assert_max_num_queries(20) as pagina:  # 3 of them: the activity (gruppi/attivita.py)
            assert client.get(principale.get_absolute_url()).status_code == 200
        numeri.append((len(elenco), len(pagina)))
    assert numeri[0] == numeri[1]


# --- Everyone, by pages ---------------------------------------------------------------------------------------


def test_the_group_page_names_the_first_members_and_the_list_has_them_all_by_pages(client, persone, zona):
    gruppo = nuovo_gruppo("Tavolo grande", Gruppo.Accesso.APERTO, zona)
    popola(gruppo, persone)
    for i in range(58):
        Appartenenza.objects.create(gruppo=gruppo, user=OperatoreFactory(first_name="Persona", last_name=f"{i:02d}"))
    client.force_login(persone["membro"])

    pagina_gruppo = BeautifulSoup(client.get(gruppo.get_absolute_url()).content, "html.parser")
    assert len(pagina_gruppo.select("#membri ul")[-1].select("li")) == 24
    assert "Tutte le persone del gruppo (60)" in pagina_gruppo.get_text()

    elenco = client.get(reverse("gruppi:membri", args=[gruppo.slug]), {"page": "2"})
    assert elenco.status_code == 200
    assert len(BeautifulSoup(elenco.content, "html.parser").select("main ul.list-unstyled > li")) == 10


@pytest.mark.parametrize(
    ("accesso", "chi", "stato"),
    [
        (Gruppo.Accesso.APERTO, "anonimo", 403),
        (Gruppo.Accesso.APERTO, "membro di un altro gruppo", 200),
        (Gruppo.Accesso.SU_RICHIESTA, "membro di un altro gruppo", 403),
        (Gruppo.Accesso.RISERVATO, "membro di un altro gruppo", 404),
        (Gruppo.Accesso.RISERVATO, "membro", 200),
        (Gruppo.Accesso.RISERVATO, "referente di un'altra zona", 404),
        (Gruppo.Accesso.RISERVATO, "referente della zona", 200),
    ],
)
def test_who_sees_the_list_of_everyone(client, persone, zona, accesso, chi, stato):
    gruppo = nuovo_gruppo("Tavolo", accesso, zona)
    popola(gruppo, persone)
    entra_come(client, persone, chi)

    assert client.get(reverse("gruppi:membri", args=[gruppo.slug])).status_code == stato
