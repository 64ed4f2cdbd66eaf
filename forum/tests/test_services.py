from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cop.services import esporta_dati_utente
from cop.tests.factories import OperatoreFactory, PaginaSempliceFactory
from forum import services
from forum.models import (
    AzioneModerazione,
    Discussione,
    ImpostazioniForum,
    Iscrizione,
    Messaggio,
    Reazione,
    VersioneMessaggio,
)
from forum.selectors import ultime_discussioni

from .conftest import invecchia, veterano
from .factories import CategoriaFactory, DiscussioneFactory

pytestmark = pytest.mark.django_db


def test_crea_discussione_writes_first_post_counts_and_follows(categoria, membro):
    d = services.crea_discussione(categoria=categoria, user=membro, titolo=" Tavolo ETS ", testo="Come fate?")
    categoria.refresh_from_db()
    assert d.titolo == "Tavolo ETS"
    assert d.num_messaggi == 1
    assert categoria.num_discussioni == 1 and categoria.num_messaggi == 1
    assert categoria.ultima_discussione == d and categoria.ultima_attivita is not None
    assert Iscrizione.objects.filter(user=membro, discussione=d).exists()


def test_markdown_is_rendered_and_sanitised(discussione, membro):
    testo = "**ciao** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://esempio.it)"
    m = services.rispondi(discussione=discussione, user=membro, testo=testo)
    assert "<strong>ciao</strong>" in m.html
    assert "<script" not in m.html and 'href="javascript' not in m.html
    assert '<a href="https://esempio.it" rel="nofollow noopener ugc">ok</a>' in m.html
    assert m.testo == testo


def test_broken_markdown_is_rendered_safely(discussione, membro):
    m = services.rispondi(discussione=discussione, user=membro, testo="**non chiuso [link](  <a href=x onclick=y>")
    assert "<a " not in m.html and "&lt;a href=x onclick=y&gt;" in m.html


def test_mention_bolds_existing_members_and_notifies_them(discussione, membro, run_tasks):
    menzionato = veterano(username="giulia")
    m = services.rispondi(discussione=discussione, user=membro, testo="Chiedo a @giulia e a @nessuno.")
    assert '<strong class="menzione">@giulia</strong>' in m.html
    assert "@nessuno" in m.html and "<strong>@nessuno" not in m.html
    from forum.models import Notifica

    run_tasks()
    assert Notifica.objects.filter(user=menzionato, messaggio=m, menzione=True).exists()


def test_quote_links_the_quoted_post_of_the_same_topic_only(discussione, membro):
    primo = discussione.messaggi.get()
    m = services.rispondi(discussione=discussione, user=membro, testo="> Come fate?\n\nCosì.", cita=primo)
    assert m.cita == primo
    altrove = DiscussioneFactory().messaggi.get()
    invecchia(membro)
    m2 = services.rispondi(discussione=discussione, user=membro, testo="Altro", cita=altrove)
    assert m2.cita is None


def test_edit_keeps_previous_version_and_marks_modified(discussione, membro):
    m = services.rispondi(discussione=discussione, user=membro, testo="Prima versione")
    services.modifica_messaggio(messaggio=m, user=membro, testo="Seconda versione")
    m.refresh_from_db()
    assert m.modificato_il is not None and "Seconda" in m.html
    assert list(VersioneMessaggio.objects.filter(messaggio=m).values_list("testo", flat=True)) == ["Prima versione"]


def test_soft_delete_keeps_row_and_replies(discussione, membro, altro):
    m = services.rispondi(discussione=discussione, user=membro, testo="Da togliere")
    invecchia(altro)
    risposta = services.rispondi(discussione=discussione, user=altro, testo="Rispondo", cita=m)
    services.elimina_messaggio(messaggio=m, user=membro)
    m.refresh_from_db()
    assert m.stato == Messaggio.Stato.RIMOSSO
    assert Messaggio.objects.filter(pk=risposta.pk, cita=m).exists()


def test_utile_is_set_and_removed_explicitly_and_database_allows_one_per_member(discussione, membro):
    m = discussione.messaggi.get()
    assert services.imposta_utile(messaggio=m, user=membro, utile=True) is True
    assert services.imposta_utile(messaggio=m, user=membro, utile=True) is True
    assert Reazione.objects.filter(messaggio=m, user=membro).count() == 1
    assert services.imposta_utile(messaggio=m, user=membro, utile=False) is False
    assert services.imposta_utile(messaggio=m, user=membro, utile=False) is False
    assert not Reazione.objects.filter(messaggio=m).exists()
    services.imposta_utile(messaggio=m, user=membro, utile=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reazione.objects.create(messaggio=m, user=membro)


def test_author_cannot_mark_own_post_useful(discussione, altro):
    with pytest.raises(PermissionDenied):
        services.imposta_utile(messaggio=discussione.messaggi.get(), user=altro, utile=True)


# --- Anti-abuse -----------------------------------------------------------------------------


def test_empty_and_too_long_posts_are_refused(discussione, membro):
    with pytest.raises(ValidationError, match="vuoto"):
        services.rispondi(discussione=discussione, user=membro, testo="   \n ")
    with pytest.raises(ValidationError, match="troppo lungo"):
        services.rispondi(discussione=discussione, user=membro, testo="a" * 20_001)
    services.rispondi(discussione=discussione, user=membro, testo="a" * 20_000)


def test_five_seconds_between_posts(discussione, membro):
    services.rispondi(discussione=discussione, user=membro, testo="Uno")
    with pytest.raises(ValidationError, match="attendi ancora"):
        services.rispondi(discussione=discussione, user=membro, testo="Due")
    Messaggio.objects.filter(autore=membro).update(creato_il=timezone.now() - timedelta(seconds=6))
    services.rispondi(discussione=discussione, user=membro, testo="Due")


def test_fifteen_seconds_between_topics(categoria, membro):
    services.crea_discussione(categoria=categoria, user=membro, titolo="A", testo="Uno")
    Messaggio.objects.filter(autore=membro).update(creato_il=timezone.now() - timedelta(seconds=60))
    Discussione.objects.filter(autore=membro).update(creata_il=timezone.now() - timedelta(seconds=10))
    with pytest.raises(ValidationError, match="aperto una discussione poco fa"):
        services.crea_discussione(categoria=categoria, user=membro, titolo="B", testo="Due")
    Discussione.objects.filter(autore=membro).update(creata_il=timezone.now() - timedelta(seconds=16))
    services.crea_discussione(categoria=categoria, user=membro, titolo="B", testo="Due")


def test_new_members_wait_longer(discussione):
    nuovo = OperatoreFactory()
    services.rispondi(discussione=discussione, user=nuovo, testo="Uno")
    Messaggio.objects.filter(autore=nuovo).update(creato_il=timezone.now() - timedelta(seconds=10))
    with pytest.raises(ValidationError, match="attendi ancora 20 secondi"):
        services.rispondi(discussione=discussione, user=nuovo, testo="Due")


def test_new_members_open_at_most_three_topics_and_ten_replies(categoria, discussione):
    nuovo = OperatoreFactory()
    for i in range(3):
        invecchia(nuovo, 600)
        services.crea_discussione(categoria=categoria, user=nuovo, titolo=f"T{i}", testo=f"Testo {i}")
    invecchia(nuovo, 600)
    with pytest.raises(ValidationError, match="al massimo 3 discussioni"):
        services.crea_discussione(categoria=categoria, user=nuovo, titolo="T4", testo="Testo 4")
    for i in range(10):
        invecchia(nuovo, 600)
        services.rispondi(discussione=discussione, user=nuovo, testo=f"Risposta {i}")
    invecchia(nuovo, 600)
    with pytest.raises(ValidationError, match="al massimo 10 risposte"):
        services.rispondi(discussione=discussione, user=nuovo, testo="Risposta 11")


def test_identical_post_twice_is_refused(discussione, membro):
    services.rispondi(discussione=discussione, user=membro, testo="Stesso testo")
    invecchia(membro)
    with pytest.raises(ValidationError, match="stesso messaggio"):
        services.rispondi(discussione=discussione, user=membro, testo="Stesso testo ")


def test_limits_are_configurable(discussione, membro):
    impostazioni = ImpostazioniForum.load()
    impostazioni.secondi_tra_messaggi = 0
    impostazioni.max_caratteri = 10
    impostazioni.save()
    services.rispondi(discussione=discussione, user=membro, testo="Uno")
    services.rispondi(discussione=discussione, user=membro, testo="Due")
    with pytest.raises(ValidationError, match="il massimo è 10"):
        services.rispondi(discussione=discussione, user=membro, testo="x" * 11)


# --- Discuti, export, home --------------------------------------------------------------------


def test_discussione_per_opens_once_and_then_returns_the_same_topic(home_page, categoria, membro, altro):
    pagina = PaginaSempliceFactory(parent=home_page, title="Pratica [ETS]")
    d = services.discussione_per(oggetto_page=pagina, user=membro)
    assert d.pagina_id == pagina.pk and d.categoria == categoria
    assert "Pratica" in d.messaggi.get().html
    assert services.discussione_per(oggetto_page=pagina, user=altro) == d


def test_discussione_per_without_categories_explains(home_page, membro):
    pagina = PaginaSempliceFactory(parent=home_page)
    with pytest.raises(ValidationError, match="categorie"):
        services.discussione_per(oggetto_page=pagina, user=membro)


def test_export_contains_topics_and_posts(categoria, membro):
    services.crea_discussione(categoria=categoria, user=membro, titolo="Mia", testo="Mio testo")
    dati = esporta_dati_utente(user=membro)
    assert dati["forum"]["discussioni"][0]["titolo"] == "Mia"
    assert dati["forum"]["messaggi"][0]["testo"] == "Mio testo"


def test_home_section_lists_latest_topics(rf, categoria):
    vecchia = DiscussioneFactory(categoria=categoria)
    nuova = DiscussioneFactory(categoria=CategoriaFactory())
    Discussione.objects.filter(pk=vecchia.pk).update(ultima_attivita=timezone.now() - timedelta(days=1))
    richiesta = rf.get("/")
    richiesta.user = AnonymousUser()
    assert ultime_discussioni(richiesta)[0] == nuova


# --- Moderation ----------------------------------------------------------------------------


def test_hide_and_restore_are_logged_and_update_counts(discussione, membro, redattore):
    m = services.rispondi(discussione=discussione, user=membro, testo="Fuori tema")
    services.segnala(messaggio=m, user=discussione.autore, motivo="spam")
    services.nascondi_messaggio(messaggio=m, moderatore=redattore, motivo="spam evidente")
    discussione.refresh_from_db()
    assert discussione.num_messaggi == 1
    assert not m.segnalazioni.filter(gestita_il__isnull=True).exists()
    services.ripristina_messaggio(messaggio=m, moderatore=redattore, motivo="errore")
    discussione.refresh_from_db()
    assert discussione.num_messaggi == 2
    log = list(AzioneModerazione.objects.order_by("pk").values_list("tipo", "moderatore", "motivo"))
    assert log == [("nascondi", redattore.pk, "spam evidente"), ("ripristina", redattore.pk, "errore")]


def test_moderation_requires_a_reason(discussione, redattore):
    with pytest.raises(ValidationError, match="motivo"):
        services.imposta_chiusura(discussione=discussione, moderatore=redattore, motivo=" ", chiusa=True)


def test_lock_pin_move_suspend_are_logged(discussione, membro, redattore):
    nuova = CategoriaFactory()
    services.imposta_chiusura(discussione=discussione, moderatore=redattore, motivo="risolta", chiusa=True)
    services.imposta_evidenza(discussione=discussione, moderatore=redattore, motivo="utile a tutti", fissata=True)
    vecchia = discussione.categoria
    services.sposta_discussione(discussione=discussione, categoria=nuova, moderatore=redattore, motivo="tema")
    services.sospendi(utente=membro, moderatore=redattore, giorni=7, motivo="insulti")
    discussione.refresh_from_db()
    vecchia.refresh_from_db()
    nuova.refresh_from_db()
    assert discussione.chiusa and discussione.fissata and discussione.categoria == nuova
    assert vecchia.num_discussioni == 0 and nuova.num_discussioni == 1
    assert set(AzioneModerazione.objects.values_list("tipo", flat=True)) == {"chiudi", "fissa", "sposta", "sospendi"}
    membro_fresco = type(membro).objects.get(pk=membro.pk)
    with pytest.raises(PermissionDenied):
        services.rispondi(discussione=discussione, user=membro_fresco, testo="Posso?")


def test_members_cannot_moderate(discussione, membro):
    with pytest.raises(PermissionDenied):
        services.nascondi_messaggio(messaggio=discussione.messaggi.get(), moderatore=membro, motivo="no")
    assert not AzioneModerazione.objects.exists()
