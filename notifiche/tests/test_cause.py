"""What makes a notification, as members cause it: forum posts and mentions (through the worker, with
a thousand followers), the review, publication and adoption of practices, events and groups; and
what happens to a notification whose content disappears."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from buonepratiche.services import adozioni
from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import azione_admin, proposta_inviata
from buonepratiche.tests.factories import BuonaPraticaPageFactory
from cop.models import Profilo
from cop.tests.factories import OperatoreFactory, ProfiloFactory, ReferenteFactory
from forum import services as forum
from forum.models import Iscrizione
from forum.models import Notifica as EmailForum
from forum.tests.conftest import invecchia, veterano
from forum.tests.factories import CategoriaFactory, DiscussioneFactory
from notifiche import services
from notifiche.models import Notifica
from notifiche.tipi import Canale, Tipo

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussione(db):
    autore = veterano(username="autrice")
    return DiscussioneFactory(categoria=CategoriaFactory(slug="generale"), autore=autore, titolo="Tavolo con gli ETS")


def _seguaci(discussione, quanti, *, con_email=True):
    """`quanti` members following the topic, written in two queries."""
    User = get_user_model()
    utenti = User.objects.bulk_create(
        [
            User(username=f"seguace-{quanti}-{i}", email=f"seguace-{quanti}-{i}@esempio.it" if con_email else "")
            for i in range(quanti)
        ]
    )
    Iscrizione.objects.bulk_create([Iscrizione(user=u, discussione=discussione) for u in utenti])
    return utenti


# --- Forum ---------------------------------------------------------------------------------------


def test_a_reply_reaches_the_followers_through_the_worker(discussione, run_tasks):
    seguaci = _seguaci(discussione, 3)
    membro = veterano(username="membro")
    messaggio = forum.rispondi(discussione=discussione, user=membro, testo="Noi abbiamo un tavolo mensile.")
    assert not Notifica.objects.exists()  # the post only wrote the task
    run_tasks()
    notifiche = Notifica.objects.filter(tipo=Tipo.RISPOSTA)
    assert {n.user_id for n in notifiche} == {u.pk for u in seguaci}
    notifica = notifiche.first()
    assert notifica.titolo.startswith(membro.nome_visualizzato) and "«Tavolo con gli ETS»" in notifica.titolo
    assert notifica.url == messaggio.get_absolute_url() and "tavolo mensile" in notifica.testo
    assert not Notifica.objects.filter(user=membro).exists()


def test_a_post_with_a_thousand_followers_costs_its_author_what_it_costs_with_ten(
    discussione, run_tasks, django_assert_max_num_queries
):
    # Without an email address: the forum's emails are queued, then skipped (sending a thousand is not the point).
    _seguaci(discussione, 10, con_email=False)
    membro = veterano(username="membro")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as dieci:
        forum.rispondi(discussione=discussione, user=membro, testo="Prima risposta")
    con_dieci = len(dieci.captured_queries)
    run_tasks()
    assert Notifica.objects.count() == 10
    _seguaci(discussione, 990, con_email=False)
    invecchia(membro)
    with django_assert_max_num_queries(con_dieci):
        forum.rispondi(discussione=discussione, user=membro, testo="Seconda risposta")
    assert Notifica.objects.count() == 10
    run_tasks()
    assert Notifica.objects.filter(testo="Seconda risposta").count() == 1000
    # Their default for replies is email: each has the post in the forum's batched email queue.
    assert EmailForum.objects.filter(messaggio__testo="Seconda risposta").count() == 1000


def test_a_mention_is_its_own_kind_and_follows_its_own_preference(discussione, run_tasks):
    giulia = veterano(username="giulia")
    services.salva_preferenze(user=giulia, scelte={Tipo.MENZIONE: Canale.SITO})
    membro = veterano(username="membro")
    forum.rispondi(discussione=discussione, user=membro, testo="Cosa ne pensi @giulia?")
    run_tasks()
    [notifica] = Notifica.objects.filter(user=giulia)
    assert notifica.tipo == Tipo.MENZIONE and "ti ha menzionato" in notifica.titolo
    # Site only: no forum email for her.
    assert not EmailForum.objects.filter(user=giulia).exists()
    assert not [m for m in mail.outbox if giulia.email in m.to]


def test_a_member_who_turned_replies_off_gets_nothing(discussione, run_tasks):
    [silenzioso] = _seguaci(discussione, 1)
    services.salva_preferenze(user=silenzioso, scelte={Tipo.RISPOSTA: Canale.NESSUNO})
    forum.rispondi(discussione=discussione, user=veterano(username="membro"), testo="Ciao")
    run_tasks()
    assert not Notifica.objects.filter(user=silenzioso).exists()
    assert not EmailForum.objects.filter(user=silenzioso).exists()


def test_a_post_hidden_before_the_worker_came_is_told_to_no_one(discussione, run_tasks):
    _seguaci(discussione, 2)
    moderatore = veterano(username="moderatrice")
    from django.contrib.auth.models import Group

    from cop import roles

    moderatore.groups.add(Group.objects.get(name=roles.REDATTORI))
    messaggio = forum.rispondi(discussione=discussione, user=veterano(username="membro"), testo="Spam")
    forum.nascondi_messaggio(messaggio=messaggio, moderatore=moderatore, motivo="spam")
    run_tasks()
    assert not Notifica.objects.exists()


def test_a_notification_whose_post_was_hidden_later_says_so_and_links_nowhere(client, discussione, run_tasks):
    [lettore] = _seguaci(discussione, 1)
    messaggio = forum.rispondi(discussione=discussione, user=veterano(username="membro"), testo="Poi nascosto")
    run_tasks()
    notifica = Notifica.objects.get(user=lettore)
    client.force_login(lettore)
    assert f'href="{reverse("notifiche:apri", args=[notifica.pk])}"' in client.get("/notifiche/").content.decode()
    messaggio.stato = messaggio.Stato.NASCOSTO
    messaggio.save(update_fields=["stato"])
    pagina = client.get("/notifiche/").content.decode()
    assert "Il contenuto non è più disponibile" in pagina and "Poi nascosto" not in pagina
    assert f'href="{reverse("notifiche:apri", args=[notifica.pk])}"' not in pagina
    risposta = client.get(reverse("notifiche:apri", args=[notifica.pk]), follow=True)
    assert risposta.redirect_chain == [(reverse("notifiche:elenco"), 302)]
    assert "non è più disponibile" in risposta.content.decode()
    # Deleted altogether: the same.
    messaggio.delete()
    assert "Il contenuto non è più disponibile" in client.get("/notifiche/").content.decode()


def test_a_post_its_author_removed_is_no_longer_offered_by_the_notification(client, discussione, run_tasks):
    [lettore] = _seguaci(discussione, 1)
    autore = veterano(username="membro")
    messaggio = forum.rispondi(discussione=discussione, user=autore, testo="Ci ho ripensato")
    run_tasks()
    forum.elimina_messaggio(messaggio=messaggio, user=autore)
    client.force_login(lettore)
    pagina = client.get("/notifiche/").content.decode()
    assert "Il contenuto non è più disponibile" in pagina and "Ci ho ripensato" not in pagina


# --- Practices ------------------------------------------------------------------------------------


def test_the_author_reads_the_outcome_of_the_review_with_the_comment(client, indice, operatore, referente, zona, tema):
    pratica = proposta_inviata(operatore, indice, zona, tema)
    azione_admin(client, referente, pratica, "reject", commento="Manca il contesto.")
    [notifica] = Notifica.objects.filter(user=operatore)
    assert notifica.tipo == Tipo.REVISIONE and "ha bisogno di modifiche" in notifica.titolo
    assert notifica.testo == "Manca il contesto."
    assert notifica.url == reverse("buonepratiche:proposta_riepilogo", kwargs={"pk": pratica.pk})
    assert notifica.attore == referente


def test_the_review_email_goes_only_to_who_chose_email(client, run_tasks, indice, operatore, referente, zona, tema):
    services.salva_preferenze(user=operatore, scelte={Tipo.REVISIONE: Canale.SITO})
    pratica = proposta_inviata(operatore, indice, zona, tema)
    azione_admin(client, referente, pratica, "reject", commento="Manca il contesto.")
    run_tasks()
    assert Notifica.objects.filter(user=operatore, tipo=Tipo.REVISIONE).count() == 1
    assert not [m for m in mail.outbox if operatore.email in m.to]


def test_an_approved_and_published_practice_tells_its_author_and_then_its_followers(
    client, run_tasks, indice, operatore, referente, redattore, zona, tema
):
    seguace = ProfiloFactory(user=OperatoreFactory(username="segue-la-zona"), zona=None).user
    seguace.profilo.zone_seguite.add(zona)
    pratica = proposta_inviata(operatore, indice, zona, tema)
    azione_admin(client, referente, pratica, "approve")
    assert not Notifica.objects.filter(tipo=Tipo.REVISIONE).exists()  # one step of two: not yet
    pratica.refresh_from_db()
    azione_admin(client, redattore, pratica, "approve")
    pratica.refresh_from_db()
    [esito] = Notifica.objects.filter(user=operatore, tipo=Tipo.REVISIONE)
    assert "è stata approvata" in esito.titolo and esito.url == pratica.get_url()
    [novita] = Notifica.objects.filter(user=seguace)
    assert novita.tipo == Tipo.NOVITA and pratica.title in novita.titolo
    # The author follows no zone, the reviewers are told nothing about their own publication.
    assert not Notifica.objects.filter(user__in=[referente, redattore]).exists()


def test_a_zone_adopting_a_practice_tells_its_author_and_who_saved_it(zona, altra_zona, indice):
    autrice = OperatoreFactory(username="autrice")
    pratica = BuonaPraticaPageFactory(parent=indice, zone=[zona], owner=autrice, title="Budget di salute")
    lettrice = OperatoreFactory(username="lettrice")
    from buonepratiche.services import salvate

    salvate.salva(pratica=pratica, user=lettrice)
    referente_altra = ReferenteFactory(username="ref-altra")
    ProfiloFactory(user=referente_altra, zona=altra_zona)
    adozioni.dichiara_adozione(pratica=pratica, user=referente_altra, nota="Con il consultorio.")
    [per_autrice] = Notifica.objects.filter(user=autrice)
    assert per_autrice.tipo == Tipo.ADOZIONE and str(altra_zona) in per_autrice.titolo
    assert per_autrice.testo == "Con il consultorio." and per_autrice.url.endswith("#adozioni")
    [per_lettrice] = Notifica.objects.filter(user=lettrice)
    assert per_lettrice.tipo == Tipo.SALVATA and "adottata" in per_lettrice.titolo
    assert not Notifica.objects.filter(user=referente_altra).exists()


# --- Events and groups ----------------------------------------------------------------------------


def test_a_registration_is_told_in_the_site_and_emailed_only_to_who_chose_email(run_tasks):
    from eventi import services as eventi
    from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory

    evento = EventoPageFactory(parent=EventiIndexPageFactory(), posti=1, lista_attesa=True, title="Seminario annuale")
    prima = OperatoreFactory(username="prima")
    seconda = OperatoreFactory(username="seconda")
    services.salva_preferenze(user=seconda, scelte={Tipo.ISCRIZIONE: Canale.SITO})
    eventi.partecipa(evento=evento, user=prima)
    eventi.partecipa(evento=evento, user=seconda)
    run_tasks()
    assert [m.to for m in mail.outbox] == [[prima.email]]
    assert Notifica.objects.get(user=prima).titolo == "Iscrizione confermata: «Seminario annuale»"
    assert Notifica.objects.get(user=seconda).titolo == "Sei in lista d'attesa per «Seminario annuale»"
    eventi.annulla(evento=evento, user=prima)
    promossa = Notifica.objects.filter(user=seconda).order_by("-pk").first()
    assert promossa.titolo.startswith("Si è liberato un posto") and promossa.url == evento.get_url()


def test_a_request_to_join_a_group_reaches_its_coordinators(run_tasks, zona):
    from gruppi import services as gruppi
    from gruppi.models import Gruppo
    from gruppi.tests.aiuti import gruppo_con_persone

    gruppo, persone = gruppo_con_persone(Gruppo.Accesso.SU_RICHIESTA, zona)
    chi_chiede = OperatoreFactory(username="chi-chiede")
    gruppi.richiedi(gruppo=gruppo, user=chi_chiede, messaggio="Lavoro al consultorio.")
    [notifica] = Notifica.objects.all()
    assert notifica.user == persone["coordinatore"] and notifica.tipo == Tipo.GRUPPO
    assert notifica.url == reverse("gruppi:membri", args=[gruppo.slug])
    run_tasks()
    assert [m.to for m in mail.outbox] == [[persone["coordinatore"].email]]


# --- The digest and the member's data -----------------------------------------------------------------


def test_a_kind_chosen_for_the_digest_is_in_its_section_for_that_member_only(run_tasks):
    from cop import riepilogo

    destinataria = OperatoreFactory(username="destinataria")
    Profilo.objects.update_or_create(user=destinataria, defaults={"riepilogo_settimanale": True})
    services.salva_preferenze(user=destinataria, scelte={Tipo.ADOZIONE: Canale.RIEPILOGO})
    altra = OperatoreFactory(username="altra")
    Profilo.objects.update_or_create(user=altra, defaults={"riepilogo_settimanale": True})
    services.notifica(destinatari=[destinataria, altra], tipo=Tipo.ADOZIONE, titolo="La zona Pisana ha adottato")
    run_tasks()
    # The other member chose nothing: the default of adoptions is email, at once.
    assert [m.to for m in mail.outbox] == [[altra.email]]
    mail.outbox.clear()
    assert riepilogo.invia_riepiloghi() == 1
    run_tasks()
    [email] = mail.outbox
    assert email.to == [destinataria.email]
    assert "PER TE" in email.body and "La zona Pisana ha adottato" in email.body


def test_notifications_are_in_the_data_export_and_go_with_the_account(client):
    membro = OperatoreFactory(username="membro")
    services.notifica(destinatari=[membro], tipo=Tipo.GRUPPO, titolo="Benvenuta nel tavolo")
    services.salva_preferenze(user=membro, scelte={Tipo.NOVITA: Canale.NESSUNO})
    client.force_login(membro)
    dati = client.get(reverse("profilo_esporta")).json()
    assert [n["titolo"] for n in dati["notifiche"]] == ["Benvenuta nel tavolo"]
    assert dati["preferenze_notifiche"] == {"novita": "nessuno"}
    membro.delete()
    assert not Notifica.objects.exists()


@pytest.mark.parametrize(("scelta", "riepiloghi"), [(None, 1), (Canale.SITO, 0), (Canale.NESSUNO, 0)])
def test_what_is_new_in_a_followed_zone_is_in_the_digest_only_for_who_keeps_it_there(indice, zona, scelta, riepiloghi):
    from cop import riepilogo

    lettrice = OperatoreFactory(username="lettrice")
    profilo, _creato = Profilo.objects.update_or_create(user=lettrice, defaults={"riepilogo_settimanale": True})
    profilo.zone_seguite.add(zona)
    if scelta:
        services.salva_preferenze(user=lettrice, scelte={Tipo.NOVITA: scelta})
    BuonaPraticaPageFactory(parent=indice, zone=[zona], title="Nuova nella zona")
    assert riepilogo.invia_riepiloghi() == riepiloghi


def test_an_event_published_the_first_time_tells_who_follows_its_theme_and_only_then(run_tasks):
    from cop.tests.factories import TemaFactory
    from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory

    tema = TemaFactory(nome="Povertà educativa")
    seguace, altro = OperatoreFactory(username="segue-il-tema"), OperatoreFactory(username="segue-altro")
    ProfiloFactory(user=seguace).temi_seguiti.add(tema)
    ProfiloFactory(user=altro).temi_seguiti.add(TemaFactory())
    evento = EventoPageFactory(parent=EventiIndexPageFactory(), live=False, title="Seminario sulle povertà")
    evento.temi.set([tema])
    evento.save_revision().publish()
    [notifica] = Notifica.objects.all()
    assert notifica.user == seguace and notifica.tipo == Tipo.NOVITA
    assert notifica.titolo.startswith("Nuovo evento: «Seminario sulle povertà»") and notifica.url == evento.get_url()
    evento.save_revision().publish()  # a correction: not news again
    assert Notifica.objects.count() == 1


def test_the_reminder_of_an_event_is_in_the_site_and_emailed_only_by_choice(run_tasks):
    from datetime import timedelta

    from django.utils import timezone

    from eventi import services as eventi
    from eventi.models import Iscrizione
    from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory

    domani = timezone.now() + timedelta(hours=20)
    evento = EventoPageFactory(parent=EventiIndexPageFactory(), inizio=domani, fine=domani + timedelta(hours=2))
    per_email, solo_sito = OperatoreFactory(username="per-email"), OperatoreFactory(username="solo-sito")
    services.salva_preferenze(user=solo_sito, scelte={Tipo.PROMEMORIA: Canale.SITO})
    for user in (per_email, solo_sito):
        Iscrizione.objects.create(evento=evento, user=user, stato=Iscrizione.Stato.CONFERMATA, posto=user.pk)
    assert eventi.invia_promemoria() == 2
    run_tasks()
    assert [m.to for m in mail.outbox] == [[per_email.email]]
    assert set(Notifica.objects.filter(tipo=Tipo.PROMEMORIA).values_list("user__username", flat=True)) == {
        "per-email",
        "solo-sito",
    }
    assert eventi.invia_promemoria() == 0  # once


def test_an_invitation_to_a_member_is_under_the_bell_and_to_an_unknown_address_by_email(run_tasks, zona):
    from gruppi import services as gruppi
    from gruppi.models import Gruppo
    from gruppi.tests.aiuti import gruppo_con_persone

    gruppo, persone = gruppo_con_persone(Gruppo.Accesso.RISERVATO, zona)
    collega = OperatoreFactory(username="collega")
    services.salva_preferenze(user=collega, scelte={Tipo.GRUPPO: Canale.SITO})
    invito = gruppi.invita(gruppo=gruppo, email=collega.email.upper(), da=persone["coordinatore"])
    [notifica] = Notifica.objects.filter(user=collega)
    assert notifica.url == invito.get_absolute_url() and "ti invita nel gruppo" in notifica.titolo
    gruppi.invita(gruppo=gruppo, email="nuova.persona@esempio.it", da=persone["coordinatore"])
    run_tasks()
    assert [m.to for m in mail.outbox] == [["nuova.persona@esempio.it"]]
