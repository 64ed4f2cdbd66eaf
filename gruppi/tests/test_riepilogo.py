"""A group's activity in the weekly digest of its members, and of no one else: the topics opened in its
discussions, the meetings written or updated, the documents and their new versions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cop import riepilogo
from cop.tests.factories import ZonaFactory
from cop.tests.test_riepilogo import membro
from forum import services as forum
from forum.models import Discussione, Messaggio
from gruppi.models import Appartenenza, DocumentoGruppo, Gruppo, Incontro
from gruppi.services import assicura_discussioni

pytestmark = pytest.mark.django_db


@pytest.fixture
def zona():
    return ZonaFactory(slug="zona-del-riepilogo", nome="Zona del riepilogo")


def gruppo_attivo(accesso, zona, nome):
    """A group with a member (following nothing), a coordinator, and this week's activity: a topic opened
    by the member, a meeting with its minutes, a document."""
    gruppo = Gruppo.objects.create(nome=nome, descrizione="Il tavolo.", accesso=accesso, zona=zona)
    assicura_discussioni(gruppo=gruppo)
    iscritto, coordinatore = membro(), membro()
    Appartenenza.objects.create(gruppo=gruppo, user=iscritto)
    Appartenenza.objects.create(gruppo=gruppo, user=coordinatore, ruolo=Appartenenza.Ruolo.COORDINATORE)
    forum.crea_discussione(
        categoria=gruppo.categoria, user=coordinatore, titolo=f"Discussione di {nome}", testo="Ordine dei lavori."
    )
    Incontro.objects.create(
        gruppo=gruppo,
        titolo=f"Primo incontro di {nome}",
        inizio=timezone.now() - timedelta(days=2),
        verbale="Presenti 12 enti.",
        creato_da=coordinatore,
    )
    DocumentoGruppo.objects.create(gruppo=gruppo, titolo=f"Mappa dei servizi di {nome}")
    return gruppo, iscritto, coordinatore


def _invia(run_tasks):
    riepilogo.invia_riepiloghi()
    run_tasks()


def _testo_per(user):
    email = [email for email in mail.outbox if email.to == [user.email]]
    return email[0].body if email else None


def test_members_get_what_happened_in_their_group_whatever_they_follow(zona, run_tasks):
    gruppo, iscritto, coordinatore = gruppo_attivo(Gruppo.Accesso.RISERVATO, zona, "Tavolo Famiglia")

    _invia(run_tasks)

    testo = _testo_per(iscritto)
    assert "NEI TUOI GRUPPI DI LAVORO" in testo
    assert "Discussione di Tavolo Famiglia (Tavolo Famiglia: nuova discussione)" in testo
    assert "Primo incontro di Tavolo Famiglia (Tavolo Famiglia: incontro del" in testo
    assert "con il verbale" in testo
    assert "Mappa dei servizi di Tavolo Famiglia (Tavolo Famiglia: nuovo documento)" in testo
    # The coordinator opened the topic: their digest has the rest, not their own topic.
    testo_coordinatore = _testo_per(coordinatore)
    assert "Primo incontro di Tavolo Famiglia" in testo_coordinatore
    assert "Discussione di Tavolo Famiglia" not in testo_coordinatore


@pytest.mark.parametrize("accesso", [Gruppo.Accesso.SU_RICHIESTA, Gruppo.Accesso.RISERVATO])
def test_a_closed_groups_activity_reaches_no_one_outside_it(zona, accesso, run_tasks):
    gruppo, _iscritto, _coordinatore = gruppo_attivo(accesso, zona, "Tavolo chiuso")
    temi = list(gruppo.temi.all())
    segue_la_zona = membro(zone=[zona], temi=temi)
    in_attesa = membro(zone=[zona])
    Appartenenza.objects.create(gruppo=gruppo, user=in_attesa, stato=Appartenenza.Stato.RICHIESTA)
    uscito = membro(zone=[zona])
    Appartenenza.objects.create(gruppo=gruppo, user=uscito)
    Appartenenza.objects.filter(user=uscito).delete()

    _invia(run_tasks)

    for user in (segue_la_zona, in_attesa, uscito):
        testo = _testo_per(user) or ""
        assert "Tavolo chiuso" not in testo


def test_an_open_groups_topic_is_told_once(zona, run_tasks):
    gruppo, iscritto, _coordinatore = gruppo_attivo(Gruppo.Accesso.APERTO, zona, "Tavolo aperto")
    # The member also follows the group's zone: the topic would be in "Nuove discussioni" too.
    iscritto.profilo.zone_seguite.set([zona])
    esterno = membro(zone=[zona])

    _invia(run_tasks)

    testo = _testo_per(iscritto)
    assert testo.count("Discussione di Tavolo aperto") == 1
    assert testo.index("NEI TUOI GRUPPI DI LAVORO") < testo.index("Discussione di Tavolo aperto")
    # Whoever follows the zone sees the open group's public topic, not its meetings and documents.
    testo_esterno = _testo_per(esterno)
    assert "NUOVE DISCUSSIONI NEL FORUM" in testo_esterno and "Discussione di Tavolo aperto" in testo_esterno
    assert "Primo incontro di Tavolo aperto" not in testo_esterno
    assert "Mappa dei servizi" not in testo_esterno


def test_a_topic_whose_only_post_was_hidden_is_not_in_the_digest(zona, run_tasks):
    gruppo, iscritto, _coordinatore = gruppo_attivo(Gruppo.Accesso.RISERVATO, zona, "Tavolo moderato")
    Messaggio.objects.filter(discussione__categoria=gruppo.categoria).update(stato=Messaggio.Stato.NASCOSTO)

    _invia(run_tasks)

    testo = _testo_per(iscritto)
    assert "Primo incontro di Tavolo moderato" in testo
    assert "Discussione di Tavolo moderato" not in testo


def test_a_new_version_is_told_as_such_and_old_activity_not_at_all(zona, run_tasks):
    gruppo, iscritto, _coordinatore = gruppo_attivo(Gruppo.Accesso.RISERVATO, zona, "Tavolo lento")
    un_mese_fa = timezone.now() - timedelta(days=30)
    DocumentoGruppo.objects.filter(gruppo=gruppo).update(creato_il=un_mese_fa)
    Incontro.objects.filter(gruppo=gruppo).update(aggiornato_il=un_mese_fa)
    Discussione.objects.filter(categoria=gruppo.categoria).update(creata_il=un_mese_fa)

    _invia(run_tasks)

    testo = _testo_per(iscritto)
    assert "Mappa dei servizi di Tavolo lento (Tavolo lento: nuova versione)" in testo
    assert "Primo incontro di Tavolo lento" not in testo
    assert "Discussione di Tavolo lento" not in testo


def test_the_groups_source_queries_do_not_grow_with_groups_and_items(zona, django_assert_max_num_queries):
    adesso = timezone.now() + timedelta(seconds=1)
    fonte = riepilogo.fonti()["gruppi"]
    gruppo_attivo(Gruppo.Accesso.RISERVATO, zona, "Tavolo 1")
    with django_assert_max_num_queries(4):
        assert len(fonte(dal=adesso - timedelta(days=7), adesso=adesso)) == 3
    for numero in range(2, 7):
        gruppo_attivo(Gruppo.Accesso.SU_RICHIESTA, zona, f"Tavolo {numero}")
    with django_assert_max_num_queries(4):
        assert len(fonte(dal=adesso - timedelta(days=7), adesso=adesso)) == 18
