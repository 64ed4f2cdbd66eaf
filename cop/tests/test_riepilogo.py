"""The weekly digest: what goes in it for each member, never twice in a week, off from the profile or the
signed link of the email, delivered by the real task worker, with a query count that does not grow per
member beyond a small constant."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from buonepratiche.models import BuonaPraticaPage
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop import riepilogo
from cop.models import Profilo, RiepilogoInviato
from cop.tests.factories import (
    PASSWORD,
    AggiornamentiIndexPageFactory,
    AggiornamentoPageFactory,
    OperatoreFactory,
    ProfiloFactory,
    TemaFactory,
    ZonaFactory,
)
from eventi.models import EventoPage
from eventi.tests.factories import EventoPageFactory
from forum import services as forum_services
from forum.models import Messaggio
from forum.tests.factories import CategoriaFactory, DiscussioneFactory

pytestmark = pytest.mark.django_db

IERI = timedelta(days=1)


def membro(*, zone=(), temi=(), attivo=True, **kwargs):
    user = OperatoreFactory(**kwargs)
    profilo = ProfiloFactory(user=user, riepilogo_settimanale=attivo)
    profilo.zone_seguite.set(zone)
    profilo.temi_seguiti.set(temi)
    return user


@pytest.fixture
def territorio(home_page):
    return {
        "zona": ZonaFactory(nome="Pisana", slug="pisana-prova"),
        "altra_zona": ZonaFactory(nome="Lunigiana", slug="lunigiana-prova"),
        "tema": TemaFactory(nome="Contrasto alla povertà", slug="poverta-prova"),
        "altro_tema": TemaFactory(nome="Disabilità", slug="disabilita-prova"),
        "biblioteca": BuonePraticheIndexPageFactory(parent=home_page),
        "notizie": AggiornamentiIndexPageFactory(parent=home_page),
    }


@pytest.fixture
def novita(territorio):
    """What happened this week (and before): the items whose title says "DENTRO" belong in the digest of a
    member who follows the zone "Pisana" and the theme "Contrasto alla povertà", the others do not."""
    t = territorio
    adesso = timezone.now()
    pratica = {"parent": t["biblioteca"], "first_published_at": adesso - IERI, "temi": [t["altro_tema"]]}
    BuonaPraticaPageFactory(title="Pratica pisana DENTRO", zone=[t["zona"]], **pratica)
    BuonaPraticaPageFactory(title="Pratica lunigianese fuori", zone=[t["altra_zona"]], **pratica)
    BuonaPraticaPageFactory(title="Pratica in bozza fuori", zone=[t["zona"]], **{**pratica, "live": False})
    BuonaPraticaPageFactory(
        title="Pratica vecchia fuori", zone=[t["zona"]], **{**pratica, "first_published_at": adesso - 10 * IERI}
    )
    evento = {"first_published_at": adesso - IERI, "zone": [t["altra_zona"]]}
    EventoPageFactory(title="Seminario sulla povertà DENTRO", temi=[t["tema"]], **evento)
    EventoPageFactory(title="Seminario già concluso fuori", temi=[t["tema"]], passato=True, **evento)
    EventoPageFactory(title="Seminario sulla disabilità fuori", temi=[t["altro_tema"]], **evento)
    categoria = CategoriaFactory(nome="Zona pisana", slug="zona-pisana", zona=t["zona"])
    DiscussioneFactory(categoria=categoria, titolo="Discussione pisana DENTRO")
    nascosta = DiscussioneFactory(categoria=categoria, titolo="Discussione nascosta fuori")
    nascosta.messaggi.update(stato=Messaggio.Stato.NASCOSTO)
    generale = CategoriaFactory(nome="Generale", slug="generale")
    DiscussioneFactory(categoria=generale, titolo="Discussione generale fuori")
    notizia = {"parent": t["notizie"], "first_published_at": adesso - IERI}
    AggiornamentoPageFactory(title="Arriva l'Assegno di inclusione DENTRO", temi=[t["tema"]], **notizia)
    AggiornamentoPageFactory(title="Aggiornamento sulla disabilità fuori", temi=[t["altro_tema"]], **notizia)
    AggiornamentoPageFactory(title="Aggiornamento in bozza fuori", temi=[t["tema"]], live=False, **notizia)
    return t


@pytest.fixture
def iscritto(novita):
    return membro(zone=[novita["zona"]], temi=[novita["tema"]], first_name="Giulia")


def test_the_digest_has_what_is_new_in_the_followed_zones_and_themes(iscritto, run_tasks):
    call_command("invia_riepilogo_settimanale", verbosity=0)
    run_tasks()

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [iscritto.email]
    assert email.subject == "[CoP Inclusione] Le novità della settimana"
    html = email.alternatives[0][0]
    assert email.alternatives[0][1] == "text/html"
    for testo in (email.body, html):
        assert "Ciao Giulia" in testo
        assert testo.count("DENTRO") == 4
        assert "fuori" not in testo
        for sezione in ("Aggiornamenti", "Nuove buone pratiche", "Eventi in programma", "Nuove discussioni nel forum"):
            assert sezione.lower() in testo.lower()
    assert "http://testserver/" in email.body
    assert 'href="/' not in html  # every link is absolute


def test_the_email_carries_a_working_one_click_unsubscribe(iscritto, run_tasks):
    call_command("invia_riepilogo_settimanale", verbosity=0)
    run_tasks()

    email = mail.outbox[0]
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://testserver/riepilogo/disiscriviti/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in email.body
    # The mail provider POSTs without cookies or CSRF token (RFC 8058).
    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix("http://testserver"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not Profilo.objects.get(user=iscritto).riepilogo_settimanale


def test_running_twice_in_a_week_sends_nothing_twice(iscritto, run_tasks):
    assert riepilogo.invia_riepiloghi() == 1
    assert riepilogo.invia_riepiloghi() == 0
    call_command("invia_riepilogo_settimanale", verbosity=0)
    run_tasks()

    assert len(mail.outbox) == 1
    assert RiepilogoInviato.objects.filter(user=iscritto).count() == 1


def test_a_run_that_loses_the_race_enqueues_no_email(iscritto, monkeypatch, run_tasks):
    """Two runs read the members at the same time: the second one's record hits the unique constraint,
    and its email, enqueued in the same transaction, is rolled back with it."""
    adesso = timezone.now()
    anno, settimana = riepilogo.settimana_iso(adesso)
    letti = list(riepilogo.destinatari(anno=anno, settimana=settimana))
    RiepilogoInviato.objects.create(user=iscritto, anno=anno, settimana=settimana, inviato_il=adesso)
    monkeypatch.setattr(riepilogo, "destinatari", lambda **kwargs: letti)

    assert riepilogo.invia_riepiloghi(adesso=adesso) == 0
    run_tasks()

    assert mail.outbox == []


def test_the_unique_constraint_allows_one_digest_per_member_per_week(iscritto):
    RiepilogoInviato.objects.create(user=iscritto, anno=2025, settimana=7)
    RiepilogoInviato.objects.create(user=iscritto, anno=2025, settimana=8)
    with pytest.raises(IntegrityError), transaction.atomic():
        RiepilogoInviato.objects.create(user=iscritto, anno=2025, settimana=7)


def test_next_week_brings_only_what_is_new_since_the_last_digest(novita, iscritto, run_tasks):
    assert riepilogo.invia_riepiloghi() == 1
    la_settimana_dopo = timezone.now() + timedelta(days=7)
    assert riepilogo.invia_riepiloghi(adesso=la_settimana_dopo) == 0  # nothing new: no email

    AggiornamentoPageFactory(
        parent=novita["notizie"],
        title="Nuove soglie ISEE",
        temi=[novita["tema"]],
        first_published_at=la_settimana_dopo - IERI,
    )
    assert riepilogo.invia_riepiloghi(adesso=la_settimana_dopo) == 1
    run_tasks()

    assert len(mail.outbox) == 2
    assert "Nuove soglie ISEE" in mail.outbox[1].body
    assert "DENTRO" not in mail.outbox[1].body


@pytest.mark.parametrize(
    "chi",
    ["non lo ha scelto", "email non verificata", "account disattivato", "non segue nulla", "segue altro"],
)
def test_who_gets_no_digest(novita, chi, run_tasks):
    zone, temi = [novita["zona"]], [novita["tema"]]
    if chi == "non lo ha scelto":
        membro(zone=zone, temi=temi, attivo=False)
    elif chi == "email non verificata":
        membro(zone=zone, temi=temi, verified=False)
    elif chi == "account disattivato":
        membro(zone=zone, temi=temi, is_active=False)
    elif chi == "non segue nulla":
        membro()
    else:
        membro(zone=[ZonaFactory()], temi=[TemaFactory()])

    assert riepilogo.invia_riepiloghi() == 0
    run_tasks()

    assert mail.outbox == []
    assert not RiepilogoInviato.objects.exists()


def test_an_unverified_secondary_address_does_not_count(novita):
    user = membro(zone=[novita["zona"]], verified=False)
    EmailAddress.objects.create(user=user, email="altro@esempio.it", verified=True, primary=False)

    assert riepilogo.invia_riepiloghi() == 0


def test_a_member_is_not_told_about_their_own_topic(novita):
    autore = membro(zone=[novita["zona"]])
    categoria = CategoriaFactory(slug="zona-pisana")
    DiscussioneFactory(categoria=categoria, titolo="La mia domanda", autore=autore)

    sezioni = riepilogo.sezioni_per(
        riepilogo.destinatari(anno=2000, settimana=1).get(user=autore),
        {"discussioni": riepilogo.fonti()["discussioni"](dal=timezone.now() - 2 * IERI, adesso=timezone.now())},
        dal=timezone.now() - 2 * IERI,
    )

    titoli = [voce.titolo for _titolo, voci in sezioni for voce in voci]
    assert "La mia domanda" not in titoli
    assert "Discussione pisana DENTRO" in titoli


# --- Topics opened from a practice or an event -----------------------------------------------------
# A topic opened with "Discuti" also belongs to the page's zones and themes, while the page is live and
# public; the topics here are in a category with no zone and no theme.


def _discuti(pagina):
    """What the "Discuti" button does: the forum's service opens the page's topic."""
    CategoriaFactory(nome="Pratiche ed eventi", slug="pratiche-ed-eventi")
    return forum_services.discussione_per(oggetto_page=pagina, user=OperatoreFactory())


def _email_di(user):
    return [email for email in mail.outbox if email.to == [user.email]]


def _voci_del_forum():
    return riepilogo.fonti()["discussioni"](dal=timezone.now() - 2 * IERI, adesso=timezone.now())


def test_a_member_following_only_the_practices_zone_gets_the_topic_about_it(territorio, run_tasks):
    t = territorio
    pratica = BuonaPraticaPageFactory(
        parent=t["biblioteca"], first_published_at=timezone.now() - 30 * IERI, zone=[t["zona"]], temi=[t["tema"]]
    )
    discussione = _discuti(pratica)
    della_zona = membro(zone=[t["zona"]])
    estraneo = membro(zone=[t["altra_zona"]], temi=[t["altro_tema"]])

    assert riepilogo.invia_riepiloghi() == 1
    run_tasks()

    [email] = _email_di(della_zona)
    assert "nuove discussioni nel forum" in email.body.lower()
    assert discussione.get_absolute_url() in email.body
    assert _email_di(estraneo) == []


def test_a_member_following_the_events_theme_gets_the_topic_about_it(territorio, run_tasks):
    t = territorio
    evento = EventoPageFactory(first_published_at=timezone.now() - 30 * IERI, zone=[t["zona"]], temi=[t["tema"]])
    discussione = _discuti(evento)
    del_tema = membro(temi=[t["tema"]])

    riepilogo.invia_riepiloghi()
    run_tasks()

    [email] = _email_di(del_tema)
    assert discussione.get_absolute_url() in email.body


@pytest.mark.parametrize("stato", ["ritirata", "riservata"])
def test_a_practice_not_live_and_public_does_not_bring_its_topic(territorio, stato, run_tasks):
    t = territorio
    pratica = BuonaPraticaPageFactory(parent=t["biblioteca"], zone=[t["zona"]], temi=[t["tema"]])
    _discuti(pratica)  # opened while the practice was public
    if stato == "ritirata":
        pratica.unpublish()
    else:
        PageViewRestriction.objects.create(page=pratica, restriction_type=PageViewRestriction.LOGIN)
    della_zona = membro(zone=[t["zona"]], temi=[t["tema"]])

    assert riepilogo.invia_riepiloghi() == 0
    run_tasks()

    assert _email_di(della_zona) == []
    [voce] = _voci_del_forum()
    assert voce.zone == voce.temi == frozenset()


def test_a_topic_about_a_page_keeps_its_categorys_zone(territorio):
    t = territorio
    CategoriaFactory(nome="Pratiche ed eventi", slug="pratiche-ed-eventi", zona=t["altra_zona"])
    _discuti(BuonaPraticaPageFactory(parent=t["biblioteca"], zone=[t["zona"]], temi=[t["tema"]]))

    [voce] = _voci_del_forum()

    assert voce.zone == {t["zona"].pk, t["altra_zona"].pk}
    assert voce.temi == {t["tema"].pk}


def test_the_forum_source_queries_do_not_grow_with_the_topics_about_pages(territorio, django_assert_num_queries):
    t = territorio

    def apri(quante):
        for _ in range(quante):
            _discuti(BuonaPraticaPageFactory(parent=t["biblioteca"], zone=[t["zona"]], temi=[t["tema"]]))
        _discuti(EventoPageFactory(zone=[t["altra_zona"]], temi=[t["altro_tema"]]))

    apri(1)
    # The topics, the view restrictions, the pages' zones and themes. The working groups' forum categories
    # (forum/accesso.py) are cached already: opening the topics with "Discuti" read them.
    with django_assert_num_queries(3):
        assert len(_voci_del_forum()) == 2
    apri(5)
    with django_assert_num_queries(3):
        voci = _voci_del_forum()
    assert len(voci) == 8
    assert all(voce.zone and voce.temi for voce in voci)


# --- Turning it off and on -----------------------------------------------------------------------------


def _url_disiscrizione(user):
    return reverse("riepilogo_disiscrizione", kwargs={"token": riepilogo.token_disiscrizione(user)})


def test_the_link_asks_before_unsubscribing_and_then_unsubscribes(client, iscritto):
    url = _url_disiscrizione(iscritto)

    pagina = client.get(url)
    assert pagina.status_code == 200
    assert "Non voglio più ricevere il riepilogo" in pagina.content.decode()
    assert Profilo.objects.get(user=iscritto).riepilogo_settimanale  # a GET (link preview) changes nothing

    fatto = client.post(url)
    assert fatto.status_code == 200
    assert "non riceverai più il riepilogo settimanale" in fatto.content.decode()
    assert not Profilo.objects.get(user=iscritto).riepilogo_settimanale
    assert riepilogo.invia_riepiloghi() == 0


@pytest.mark.parametrize(
    "token",
    [
        "forgiato",
        signing.dumps({"u": 1}, salt="forum.disiscrizione"),  # signed for another purpose
        signing.dumps({"u": 999999}, salt=riepilogo.SALT_DISISCRIZIONE),  # no such user
    ],
    # Fixed ids: the signed tokens carry a timestamp, and every test process must collect the same names.
    ids=["forgiato", "altro-scopo", "utente-inesistente"],
)
def test_a_bad_link_changes_nothing_and_says_so(client, iscritto, token):
    url = reverse("riepilogo_disiscrizione", kwargs={"token": token})

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "Il link non è valido" in response.content.decode()
    assert Profilo.objects.get(user=iscritto).riepilogo_settimanale


def test_a_tampered_token_of_a_real_member_changes_nothing(client, iscritto):
    altro = membro(zone=[ZonaFactory()])
    token = riepilogo.token_disiscrizione(iscritto)
    valore, firma = token.rsplit(":", 1)
    altro_valore = signing.dumps({"u": altro.pk}, salt=riepilogo.SALT_DISISCRIZIONE).rsplit(":", 1)[0]

    response = client.post(reverse("riepilogo_disiscrizione", kwargs={"token": f"{altro_valore}:{firma}"}))

    assert response.status_code == 400
    assert Profilo.objects.get(user=altro).riepilogo_settimanale


def test_members_turn_it_on_and_off_in_their_profile(client, novita):
    user = membro(zone=[novita["zona"]], attivo=False)
    client.login(username=user.username, password=PASSWORD)
    form = client.get(reverse("profilo_modifica")).content.decode()
    assert 'name="riepilogo_settimanale"' in form
    assert 'name="riepilogo_settimanale" id="id_riepilogo_settimanale" checked' not in form
    dati = {"first_name": "Giulia", "last_name": "Neri", "zone_seguite": [novita["zona"].pk]}

    client.post(reverse("profilo_modifica"), {**dati, "riepilogo_settimanale": "on"})
    assert Profilo.objects.get(user=user).riepilogo_settimanale
    assert "Attivo: ogni settimana" in client.get(reverse("profilo")).content.decode()

    client.post(reverse("profilo_modifica"), dati)
    assert not Profilo.objects.get(user=user).riepilogo_settimanale


def test_sign_up_shows_the_choice_unticked(client, db):
    html = client.get(reverse("account_signup")).content.decode()

    assert 'name="riepilogo_settimanale"' in html
    assert "ogni settimana un&#x27;email con le novità" in html
    campo = html[html.index('name="riepilogo_settimanale"') - 200 : html.index('name="riepilogo_settimanale"') + 200]
    assert "checked" not in campo


def test_the_choice_is_in_the_members_data_export(iscritto, run_tasks):
    from cop.services import esporta_dati_utente

    riepilogo.invia_riepiloghi()
    dati = esporta_dati_utente(user=iscritto)["profilo"]

    assert dati["riepilogo_settimanale"] is True
    assert len(dati["riepiloghi_inviati"]) == 1


# --- Queries -------------------------------------------------------------------------------------------

PER_MEMBRO = 4  # savepoint, the record, the task, release
# Members and what they follow (3), six sources (19; the groups' three when nothing is new; the
# notifications' one), who chose not to read what they follow in the digest (1), the site's root paths, spare.
FISSE = 25


def _membri(novita, quanti):
    for i in range(quanti):
        membro(zone=[novita["zona"]], temi=[novita["tema"]], username=f"membro-{quanti}-{i}")


def test_the_command_queries_grow_by_a_small_constant_per_member(novita, django_assert_max_num_queries):
    # Topics opened with "Discuti" from a practice and an event: the forum reads their zones and themes too.
    for pagina in [BuonaPraticaPage.objects.live().first(), EventoPage.objects.live().first()]:
        DiscussioneFactory(categoria=CategoriaFactory(slug="generale"), titolo=pagina.title, pagina=pagina)
    _membri(novita, 3)
    with CaptureQueriesContext(transaction.get_connection()) as tre:
        assert riepilogo.invia_riepiloghi() == 3
    RiepilogoInviato.objects.all().delete()
    _membri(novita, 7)

    with django_assert_max_num_queries(FISSE + 10 * PER_MEMBRO) as dieci:
        assert riepilogo.invia_riepiloghi() == 10

    assert len(tre.captured_queries) <= FISSE + 3 * PER_MEMBRO
    assert len(dieci.captured_queries) - len(tre.captured_queries) <= 7 * PER_MEMBRO
