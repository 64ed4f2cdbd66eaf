"""The events of the demo (one seed for the module: the `demo` fixture), and the same after a second run."""

import pytest
from django.core.management import call_command

from eventi.models import EventiIndexPage, EventoPage

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_listing_the_two_seed_events_and_upcoming_events(client, demo):
    indice = EventiIndexPage.objects.get()
    assert indice.get_parent().specific.__class__.__name__ == "HomePage"
    basilicata = EventoPage.objects.get(slug="a-sostegno-delle-fragilita-2020")
    assert basilicata.quando == "21 dicembre 2020, 11:00–12:30"
    assert [voce.value["tipo"] for voce in basilicata.programma] == ["saluti", "presentazione", "tavola-rotonda"]
    assert basilicata.registrazione_url
    assert basilicata.testo_trascrizione
    assert {link.etichetta for link in basilicata.dirette.all()} == {"Facebook", "YouTube"}
    toscana = EventoPage.objects.get(slug="presentazione-comunita-di-pratica-2021")
    assert toscana.quando.startswith("12 marzo 2021")
    assert toscana.zone.count() == 26
    prossimi = EventoPage.objects.pubblicati().prossimi()
    assert prossimi.count() >= 3
    assert all(evento.iscrizioni_chiuse_perche() is None for evento in prossimi)

    html = client.get(basilicata.url).content.decode()
    assert "Trascrizione" in html and "Tavola rotonda" in html
    # The practices the event presented are linked from its page (and seeding again adds none).
    presentate = [p.pagina.specific for p in basilicata.pratiche_correlate.all()]
    assert [p.slug for p in presentate] == [
        "avviso-basilicata-percorsi-fragilita",
        "fascicolo-sociale-informatizzato-basilicata",
    ]
    for pratica in presentate:
        assert f'href="{pratica.url}"' in html
    call_command("seed_demo", verbosity=0)
    assert basilicata.pratiche_correlate.count() == 2
    # A channel, not one video: no chapter links that would do nothing.
    if "/channel/" in basilicata.registrazione_url:
        assert "?inizio=" not in html
    assert client.get(indice.url).status_code == 200


def test_the_seed_events_name_their_organisations_and_the_organisations_list_them(client, demo):
    toscana = EventoPage.objects.get(slug="presentazione-comunita-di-pratica-2021")
    assert sorted(o.nome for o in toscana.organizzazioni.all()) == [
        "ANCI Toscana",
        "Centro Regionale Infanzia e Adolescenza",
        "Regione Toscana",
    ]
    centro = toscana.organizzazioni.get(nome="Centro Regionale Infanzia e Adolescenza")
    assert f'href="{toscana.url}"' in client.get(centro.get_absolute_url()).content.decode()
    assert f'href="{centro.get_absolute_url()}"' in client.get(toscana.url).content.decode()
    # The region that promotes the Basilicata practices and organised its event is one organisation.
    basilicata = EventoPage.objects.get(slug="a-sostegno-delle-fragilita-2020")
    regione = basilicata.organizzazioni.get(nome="Regione Basilicata")
    assert regione.partecipazioni_pratiche.filter(ruolo="promotore").exists()
