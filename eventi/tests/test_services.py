from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from cop.services import esporta_dati_utente
from cop.tests.factories import OperatoreFactory, RedattoreFactory, ReferenteFactory
from eventi import services
from eventi.models import Attestato, Iscrizione, PromemoriaInviato
from eventi.services import OperazioneNonPossibile
from eventi.tests.factories import EventoPageFactory, IscrizioneFactory, LinkDirettaFactory

pytestmark = pytest.mark.django_db


def _ics_allegato(messaggio):
    (allegato,) = messaggio.attachments
    nome, contenuto, tipo = allegato
    assert nome.endswith(".ics")
    assert tipo.startswith("text/calendar")
    return Calendar.from_ical(contenuto)


# --- the registration state machine -------------------------------------------------------------


def test_join_confirms_a_seat_and_emails_the_confirmation_with_an_ics(run_tasks):
    evento = EventoPageFactory(posti=2, title="Seminario sulle famiglie")
    user = OperatoreFactory()

    iscrizione, creata = services.partecipa(evento=evento, user=user)

    assert creata
    assert (iscrizione.stato, iscrizione.posto) == (Iscrizione.Stato.CONFERMATA, 1)
    run_tasks()
    (messaggio,) = mail.outbox
    assert messaggio.to == [user.email]
    assert "Iscrizione confermata" in messaggio.subject
    assert evento.full_url in messaggio.body
    (vevent,) = _ics_allegato(messaggio).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Seminario sulle famiglie"


def test_joining_twice_changes_nothing():
    evento = EventoPageFactory(posti=2)
    user = OperatoreFactory()
    prima, _creata = services.partecipa(evento=evento, user=user)
    seconda, creata = services.partecipa(evento=evento, user=user)
    assert not creata
    assert seconda.pk == prima.pk
    assert Iscrizione.objects.filter(evento=evento).count() == 1


def test_join_when_full_goes_to_waiting_list(run_tasks):
    evento = EventoPageFactory(posti=1)
    services.partecipa(evento=evento, user=OperatoreFactory())
    secondo = OperatoreFactory()

    iscrizione, _creata = services.partecipa(evento=evento, user=secondo)

    assert (iscrizione.stato, iscrizione.posto) == (Iscrizione.Stato.IN_ATTESA, None)
    run_tasks()
    messaggio = next(m for m in mail.outbox if m.to == [secondo.email])
    assert "lista d'attesa" in messaggio.subject
    assert "posizione 1" in messaggio.body
    assert not messaggio.attachments


def test_join_when_full_without_waiting_list_is_refused():
    evento = EventoPageFactory(posti=1, lista_attesa=False)
    services.partecipa(evento=evento, user=OperatoreFactory())
    with pytest.raises(
        OperazioneNonPossibile, match="I posti sono esauriti e questo evento non ha una lista d'attesa."
    ):
        services.partecipa(evento=evento, user=OperatoreFactory())


def test_joining_a_closed_event_is_refused():
    evento = EventoPageFactory(iscrizioni_aperte=False)
    with pytest.raises(OperazioneNonPossibile, match="Le iscrizioni a questo evento sono chiuse."):
        services.partecipa(evento=evento, user=OperatoreFactory())


def test_joining_a_past_event_is_refused():
    evento = EventoPageFactory(passato=True)
    with pytest.raises(OperazioneNonPossibile, match="L'evento si è concluso"):
        services.partecipa(evento=evento, user=OperatoreFactory())


def test_joining_after_the_deadline_is_refused():
    evento = EventoPageFactory(scadenza_iscrizioni=timezone.now() - timedelta(hours=1))
    with pytest.raises(OperazioneNonPossibile, match="Le iscrizioni si sono chiuse il"):
        services.partecipa(evento=evento, user=OperatoreFactory())


def test_cancel_promotes_the_first_on_the_waiting_list_and_emails_them(run_tasks):
    evento = EventoPageFactory(posti=1)
    primo, secondo, terzo = OperatoreFactory(), OperatoreFactory(), OperatoreFactory()
    services.partecipa(evento=evento, user=primo)
    services.partecipa(evento=evento, user=secondo)
    services.partecipa(evento=evento, user=terzo)
    run_tasks()
    mail.outbox.clear()

    _annullata, promossi = services.annulla(evento=evento, user=primo)

    assert [i.user for i in promossi] == [secondo]
    stati = dict(Iscrizione.objects.filter(evento=evento).values_list("user_id", "stato"))
    assert stati == {
        primo.pk: Iscrizione.Stato.ANNULLATA,
        secondo.pk: Iscrizione.Stato.CONFERMATA,
        terzo.pk: Iscrizione.Stato.IN_ATTESA,
    }
    run_tasks()
    (messaggio,) = mail.outbox
    assert messaggio.to == [secondo.email]
    assert "Si è liberato un posto" in messaggio.subject
    assert _ics_allegato(messaggio).walk("VEVENT")


def test_cancelling_a_waiting_place_promotes_nobody():
    evento = EventoPageFactory(posti=1)
    primo, secondo = OperatoreFactory(), OperatoreFactory()
    services.partecipa(evento=evento, user=primo)
    services.partecipa(evento=evento, user=secondo)
    _annullata, promossi = services.annulla(evento=evento, user=secondo)
    assert promossi == []
    assert Iscrizione.objects.get(user=primo).stato == Iscrizione.Stato.CONFERMATA


def test_cancelling_without_a_registration_is_refused():
    with pytest.raises(OperazioneNonPossibile, match="Non risulta un'iscrizione a nome tuo per questo evento."):
        services.annulla(evento=EventoPageFactory(), user=OperatoreFactory())


def test_rejoining_after_cancelling_reuses_the_registration_at_the_end_of_the_queue():
    evento = EventoPageFactory(posti=1)
    primo, secondo = OperatoreFactory(), OperatoreFactory()
    services.partecipa(evento=evento, user=primo)
    services.annulla(evento=evento, user=primo)
    services.partecipa(evento=evento, user=secondo)
    iscrizione, creata = services.partecipa(evento=evento, user=primo)
    assert creata
    assert iscrizione.stato == Iscrizione.Stato.IN_ATTESA
    assert Iscrizione.objects.filter(evento=evento, user=primo).count() == 1


def test_seats_added_by_an_editor_go_to_the_waiting_list_when_the_page_is_published(run_tasks):
    evento = EventoPageFactory(posti=1)
    services.partecipa(evento=evento, user=OperatoreFactory())
    in_attesa = OperatoreFactory()
    services.partecipa(evento=evento, user=in_attesa)

    evento.posti = 2
    evento.save_revision().publish()

    assert Iscrizione.objects.get(user=in_attesa).stato == Iscrizione.Stato.CONFERMATA


def test_the_database_refuses_two_people_on_the_same_seat():
    from django.db import IntegrityError, transaction

    evento = EventoPageFactory(posti=5)
    IscrizioneFactory(evento=evento, posto=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IscrizioneFactory(evento=evento, posto=1)


def test_the_database_refuses_a_waiting_registration_holding_a_seat():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        IscrizioneFactory(stato=Iscrizione.Stato.IN_ATTESA, posto=3)


# --- attendance ---------------------------------------------------------------------------------


def test_attendance_code_is_accepted_during_the_event_once():
    evento = EventoPageFactory(in_corso=True, codice_presenza="K7P2QX")
    iscrizione = IscrizioneFactory(evento=evento)

    services.registra_presenza_con_codice(evento=evento, user=iscrizione.user, codice=" k7p2qx ")

    iscrizione.refresh_from_db()
    assert iscrizione.presente
    with pytest.raises(OperazioneNonPossibile, match="La tua presenza è già registrata."):
        services.registra_presenza_con_codice(evento=evento, user=iscrizione.user, codice="K7P2QX")


@pytest.mark.parametrize(
    ("quando", "atteso"),
    [(timedelta(minutes=-1), "vale solo durante l'evento"), (timedelta(minutes=91), "vale solo durante l'evento")],
)
def test_attendance_code_is_refused_before_and_after_the_event(quando, atteso):
    evento = EventoPageFactory(codice_presenza="K7P2QX")
    iscrizione = IscrizioneFactory(evento=evento)
    with pytest.raises(OperazioneNonPossibile, match=atteso):
        services.registra_presenza_con_codice(
            evento=evento, user=iscrizione.user, codice="K7P2QX", adesso=evento.inizio + quando
        )
    iscrizione.refresh_from_db()
    assert not iscrizione.presente


def test_a_wrong_attendance_code_is_refused():
    evento = EventoPageFactory(in_corso=True, codice_presenza="K7P2QX")
    iscrizione = IscrizioneFactory(evento=evento)
    with pytest.raises(OperazioneNonPossibile, match="Il codice non è corretto"):
        services.registra_presenza_con_codice(evento=evento, user=iscrizione.user, codice="AAAAAA")


def test_attendance_code_needs_a_confirmed_registration():
    evento = EventoPageFactory(in_corso=True, codice_presenza="K7P2QX")
    with pytest.raises(OperazioneNonPossibile, match="iscrizione confermata"):
        services.registra_presenza_con_codice(evento=evento, user=OperatoreFactory(), codice="K7P2QX")


def test_an_editor_marks_an_attendee_present_and_a_referente_cannot():
    iscrizione = IscrizioneFactory()
    with pytest.raises(services.PermissionDenied):
        services.segna_presenza(iscrizione=iscrizione, editor=ReferenteFactory())
    services.segna_presenza(iscrizione=iscrizione, editor=RedattoreFactory())
    iscrizione.refresh_from_db()
    assert iscrizione.presente


# --- certificates -------------------------------------------------------------------------------


def test_certificate_only_for_attendees_marked_present():
    iscrizione = IscrizioneFactory(evento=EventoPageFactory(passato=True))
    with pytest.raises(OperazioneNonPossibile, match="solo per chi risulta presente"):
        services.emetti_attestato(evento=iscrizione.evento, user=iscrizione.user)
    services.segna_presenza(iscrizione=iscrizione, editor=RedattoreFactory())

    attestato = services.emetti_attestato(evento=iscrizione.evento, user=iscrizione.user)

    anno = timezone.localtime(iscrizione.evento.inizio).year
    assert attestato.numero == f"{anno}-{attestato.pk:06d}"
    assert attestato.nome_partecipante == iscrizione.user.get_full_name()
    assert services.emetti_attestato(evento=iscrizione.evento, user=iscrizione.user) == attestato
    assert Attestato.objects.count() == 1


# --- reminders ----------------------------------------------------------------------------------


def test_reminders_go_once_to_confirmed_attendees_of_events_starting_within_a_day(run_tasks):
    domani = EventoPageFactory(inizio=timezone.now() + timedelta(hours=20))
    LinkDirettaFactory(evento=domani, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    confermata = IscrizioneFactory(evento=domani)
    IscrizioneFactory(evento=domani, stato=Iscrizione.Stato.IN_ATTESA)
    IscrizioneFactory(evento=EventoPageFactory(inizio=timezone.now() + timedelta(days=3)))

    assert services.invia_promemoria() == 1
    assert services.invia_promemoria() == 0

    run_tasks()
    (messaggio,) = mail.outbox
    assert messaggio.to == [confermata.user.email]
    assert "inizia domani" in messaggio.subject
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in messaggio.body
    assert PromemoriaInviato.objects.count() == 1


def test_the_reminder_command_is_idempotent(run_tasks):
    from io import StringIO

    from django.core.management import call_command

    IscrizioneFactory(evento=EventoPageFactory(inizio=timezone.now() + timedelta(hours=2)))
    out = StringIO()
    call_command("invia_promemoria_eventi", stdout=out)
    call_command("invia_promemoria_eventi", stdout=out)
    run_tasks()
    assert len(mail.outbox) == 1
    assert "1 promemoria inviati" in out.getvalue()
    assert "0 promemoria inviati" in out.getvalue()


# --- the user's data ----------------------------------------------------------------------------


def test_the_json_export_lists_the_users_registrations():
    iscrizione = IscrizioneFactory()
    dati = esporta_dati_utente(user=iscrizione.user)
    assert dati["iscrizioni_eventi"] == [
        {
            "evento": iscrizione.evento.title,
            "inizio": iscrizione.evento.inizio.isoformat(),
            "stato": "Confermata",
            "iscritto_il": iscrizione.in_lista_dal.isoformat(),
            "presente": False,
            "attestato": None,
        }
    ]
