"""The services active in a territory: kept by the Redattori regionali in the admin (the Referenti di zona
see them), listed on the zone's page with the needs, filterable by theme and target group, counted by
comune on the zone's map and by zone on `/zone/`."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from buonepratiche.models import Destinatario
from cop.models import Tema, Zona
from cop.tests.factories import OperatoreFactory, ProfiloFactory, RedattoreFactory, ReferenteFactory
from territori.models import Servizio

pytestmark = pytest.mark.django_db


@pytest.fixture
def pisana():
    return Zona.objects.get(slug="pisana")


def servizio(zona, nome, comune="", **campi):
    temi, destinatari = campi.pop("temi", []), campi.pop("destinatari", [])
    s = Servizio.objects.create(zona=zona, nome=nome, comune=comune, **campi)
    s.temi.set(temi)
    s.destinatari.set(destinatari)
    return s


def test_a_comune_outside_the_zone_is_refused_with_the_zones_comuni(pisana):
    fuori = Servizio(zona=pisana, nome="Sportello", comune="Lucca")

    with pytest.raises(ValidationError) as errore:
        fuori.full_clean()

    messaggio = errore.value.message_dict["comune"][0]
    assert messaggio.startswith("«Lucca» non è un comune della zona Pisana. I suoi comuni: ")
    assert "San Giuliano Terme" in messaggio


def test_a_comune_written_as_istat_writes_it_is_stored_as_the_zone_names_it():
    valdinievole = Zona.objects.get(slug="valdinievole")
    scritto_da_istat = Servizio(zona=valdinievole, nome="Centro diurno", comune="montecatini-terme")

    scritto_da_istat.full_clean()

    assert scritto_da_istat.comune == "Montecatini Terme"


def test_the_zone_page_lists_its_active_services_and_shades_its_comuni(client, pisana):
    servizio(pisana, "Emporio solidale", "Pisa")
    servizio(pisana, "Sportello casa", "Pisa")
    servizio(pisana, "Centro per le famiglie", "Cascina")
    servizio(pisana, "Servizio chiuso", "Calci", attivo=False)
    servizio(pisana, "Pronto intervento sociale")  # the whole zone

    pagina = BeautifulSoup(client.get(pisana.get_absolute_url()).content, "html.parser")

    nomi = [li.strong.get_text() for li in pagina.select("#servizi li")]
    assert nomi == ["Centro per le famiglie", "Emporio solidale", "Pronto intervento sociale", "Sportello casa"]
    tabella = [(r.th.get_text(), r.td.get_text()) for r in pagina.select("#servizi tbody tr")]
    assert tabella == [("Cascina", "1"), ("Pisa", "2")]
    svg = pagina.select_one("#mappa svg")
    comuni = {p.title.get_text(): p["class"] for p in svg.select("path.comune") if p.title}
    assert comuni == {"Cascina: 1 servizio": ["comune", "livello-2"], "Pisa: 2 servizi": ["comune", "livello-4"]}
    assert "contorno" in svg.select_one("path.evidenziata")["class"]


def test_the_services_follow_the_theme_and_target_group_chosen(client, pisana):
    casa = Tema.objects.create(nome="Casa (servizi)", slug="casa-servizi")
    anziani = Destinatario.objects.create(nome="Anziani (servizi)", slug="anziani-servizi")
    servizio(pisana, "Sportello casa", "Pisa", temi=[casa])
    servizio(pisana, "Assistenza domiciliare", "Vecchiano", destinatari=[anziani])
    servizio(pisana, "Alloggi per anziani", "Pisa", temi=[casa], destinatari=[anziani])

    def nomi(**parametri):
        pagina = BeautifulSoup(client.get(pisana.get_absolute_url(), parametri).content, "html.parser")
        return [li.strong.get_text() for li in pagina.select("#servizi li")]

    assert nomi(tema=casa.slug) == ["Alloggi per anziani", "Sportello casa"]
    assert nomi(tema=casa.slug, destinatari=anziani.slug) == ["Alloggi per anziani"]
    assert nomi(destinatari="nessuno") == ["Alloggi per anziani", "Assistenza domiciliare", "Sportello casa"]


def test_the_zone_list_counts_active_services_and_follows_a_new_one(client, pisana):
    servizio(pisana, "Uno", "Pisa")
    servizio(pisana, "Chiuso", "Pisa", attivo=False)
    client.get(reverse("zona_list"))  # cached now
    servizio(pisana, "Due", "Cascina")

    pagina = BeautifulSoup(client.get(reverse("zona_list")).content, "html.parser")

    righe = {
        r.th.get_text(strip=True): [td.get_text(strip=True) for td in r.select("td")] for r in pagina.select("tbody tr")
    }
    assert righe["Pisana"][3] == "2"


def test_the_zone_page_costs_the_same_queries_for_few_or_many_services(client, pisana, django_assert_max_num_queries):
    numeri = []
    for quanti in (3, 40):
        for i in range(quanti):
            servizio(pisana, f"Servizio {quanti}-{i}", ["Pisa", "Cascina", "Calci"][i % 3])
        client.get(pisana.get_absolute_url())
        with django_assert_max_num_queries(28) as contate:
            assert client.get(pisana.get_absolute_url()).status_code == 200
        numeri.append(len(contate))
    assert numeri[1] - numeri[0] <= 1  # beyond the first 30, one query counts the others


# --- In the admin: the Redattori keep the services, the Referenti see them, nobody else ---------------------


def _referente(zona):
    user = ReferenteFactory()
    ProfiloFactory(user=user, zona=zona, zona_confermata=zona)
    return user


@pytest.mark.parametrize(
    ("chi", "elenco", "nuovo"),
    [("anonimo", 302, 302), ("operatore", 302, 302), ("referente", 200, 302), ("redattore", 200, 200)],
)
def test_who_keeps_the_services_in_the_admin(client, pisana, chi, elenco, nuovo):
    user = {
        "anonimo": None,
        "operatore": OperatoreFactory,
        "referente": lambda: _referente(pisana),
        "redattore": RedattoreFactory,
    }[chi]
    if user is not None:
        client.force_login(user())

    assert client.get(reverse("wagtailsnippets_territori_servizio:list")).status_code == elenco
    assert client.get(reverse("wagtailsnippets_territori_servizio:add")).status_code == nuovo


def test_an_editor_adding_a_service_in_another_zones_comune_is_told_why(client, pisana):
    client.force_login(RedattoreFactory())

    risposta = client.post(
        reverse("wagtailsnippets_territori_servizio:add"),
        {"nome": "Sportello", "zona": pisana.pk, "comune": "Lucca", "attivo": "on"},
    )

    assert risposta.status_code == 200
    assert "non è un comune della zona Pisana" in risposta.content.decode()
    assert not Servizio.objects.exists()
