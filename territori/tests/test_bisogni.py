"""The needs emerged in a zone: on the zone's page, those of its groups the reader may read (a closed
group's needs never outside it), filterable by theme and target group; on `/zone/`, how many each zone
has in its open groups."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from buonepratiche.models import Destinatario
from cop.models import Tema, Zona
from cop.tests.factories import OperatoreFactory, ProfiloFactory, RedattoreFactory, ReferenteFactory
from gruppi.models import Appartenenza, BisognoEmerso, Gruppo, Incontro

pytestmark = pytest.mark.django_db


@pytest.fixture
def pisana():
    return Zona.objects.get(slug="pisana")


def bisogno(gruppo, titolo, *, giorni=7, **campi):
    incontro = Incontro.objects.create(
        gruppo=gruppo, titolo=f"Incontro di {gruppo.nome}", inizio=timezone.now() - timedelta(days=giorni)
    )
    return BisognoEmerso.objects.create(incontro=incontro, titolo=titolo, descrizione="Emerso al tavolo.", **campi)


def gruppo(nome, accesso, zona):
    return Gruppo.objects.create(nome=nome, descrizione="Il tavolo.", accesso=accesso, zona=zona)


def titoli(client, zona, **parametri):
    pagina = BeautifulSoup(client.get(zona.get_absolute_url(), parametri).content, "html.parser")
    return [li.strong.get_text() for li in pagina.select("#bisogni li")]


def persona(chi, gruppo_chiuso, zona):
    if chi == "anonimo":
        return None
    if chi == "referente della zona":
        user = ReferenteFactory()
        ProfiloFactory(user=user, zona=zona, zona_confermata=zona)
        return user
    if chi == "redattore":
        return RedattoreFactory()
    user = OperatoreFactory()
    if chi in ("membro", "coordinatore"):
        ruolo = Appartenenza.Ruolo.COORDINATORE if chi == "coordinatore" else Appartenenza.Ruolo.MEMBRO
        Appartenenza.objects.create(gruppo=gruppo_chiuso, user=user, ruolo=ruolo)
    if chi == "chi ha chiesto di entrare":
        Appartenenza.objects.create(gruppo=gruppo_chiuso, user=user, stato=Appartenenza.Stato.RICHIESTA)
    return user


LEGGONO = {"membro", "coordinatore", "referente della zona", "redattore"}


@pytest.mark.parametrize("accesso", [Gruppo.Accesso.SU_RICHIESTA, Gruppo.Accesso.RISERVATO])
@pytest.mark.parametrize(
    "chi",
    [
        "anonimo",
        "operatore",
        "chi ha chiesto di entrare",
        "membro",
        "coordinatore",
        "referente della zona",
        "redattore",
    ],
)
def test_a_closed_groups_needs_reach_only_who_may_read_the_group(client, pisana, accesso, chi):
    aperto = gruppo("Tavolo aperto", Gruppo.Accesso.APERTO, pisana)
    chiuso = gruppo("Tavolo chiuso", accesso, pisana)
    bisogno(aperto, "Trasporti per le visite", giorni=3)
    bisogno(chiuso, "Casi di sfratto non segnalati", giorni=2)
    user = persona(chi, chiuso, pisana)
    if user is not None:
        client.force_login(user)

    visti = titoli(client, pisana)

    if chi in LEGGONO:
        assert visti == ["Casi di sfratto non segnalati", "Trasporti per le visite"]
    else:
        assert visti == ["Trasporti per le visite"]
        assert "Casi di sfratto" not in client.get(pisana.get_absolute_url()).content.decode()


def test_the_needs_are_filtered_by_theme_and_target_group(client, pisana):
    casa = Tema.objects.create(nome="Casa (bisogni)", slug="casa-bisogni")
    anziani = Destinatario.objects.create(nome="Anziani soli", slug="anziani-soli")
    aperto = gruppo("Tavolo aperto", Gruppo.Accesso.APERTO, pisana)
    bisogno(aperto, "Alloggi temporanei", tema=casa)
    bisogno(aperto, "Compagnia a domicilio", destinatari=anziani)
    bisogno(aperto, "Affitti per anziani", tema=casa, destinatari=anziani)

    assert titoli(client, pisana, tema=casa.slug) == ["Affitti per anziani", "Alloggi temporanei"]
    assert titoli(client, pisana, tema=casa.slug, destinatari=anziani.slug) == ["Affitti per anziani"]
    filtrata = client.get(pisana.get_absolute_url(), {"tema": casa.slug}).content.decode()
    assert f'href="{pisana.get_absolute_url()}#bisogni">Tutti i bisogni e i servizi</a>' in filtrata
    sbagliato = client.get(pisana.get_absolute_url(), {"tema": "meteo"}).content.decode()
    assert "Il filtro «tema» nell'indirizzo non è valido ed è stato ignorato." in sbagliato
    assert len(titoli(client, pisana, tema="meteo")) == 3
    famiglie = Destinatario.objects.create(nome="Famiglie (bisogni)", slug="famiglie-bisogni")
    vuoto = client.get(pisana.get_absolute_url(), {"tema": casa.slug, "destinatari": famiglie.slug})
    assert "Nessun bisogno emerso con questi filtri." in vuoto.content.decode()


def test_a_zone_without_needs_says_so(client, pisana):
    html = client.get(pisana.get_absolute_url()).content.decode()

    assert "non hanno ancora registrato bisogni emersi che tu possa leggere" in html


def test_the_zone_list_counts_the_needs_of_open_groups_only(client, pisana):
    aperto = gruppo("Tavolo aperto", Gruppo.Accesso.APERTO, pisana)
    chiuso = gruppo("Tavolo chiuso", Gruppo.Accesso.RISERVATO, pisana)
    bisogno(aperto, "Uno")
    bisogno(aperto, "Due")
    bisogno(chiuso, "Riservato")
    client.get(reverse("zona_list"))  # cached now: a new need must drop the figures

    bisogno(aperto, "Tre")
    pagina = BeautifulSoup(client.get(reverse("zona_list")).content, "html.parser")

    righe = {
        riga.th.get_text(strip=True): [td.get_text(strip=True) for td in riga.select("td")]
        for riga in pagina.select("tbody tr")
    }
    assert righe["Pisana"][2] == "3"
    assert righe["Elba"][2] == "0"


def test_the_needs_section_costs_the_same_queries_for_few_or_many(client, pisana, django_assert_max_num_queries):
    aperto = gruppo("Tavolo aperto", Gruppo.Accesso.APERTO, pisana)
    client.force_login(OperatoreFactory())
    numeri = []
    for quanti in (2, 30):
        for i in range(quanti):
            bisogno(aperto, f"Bisogno {quanti}-{i}")
        client.get(pisana.get_absolute_url())
        with django_assert_max_num_queries(40) as contate:
            assert client.get(pisana.get_absolute_url()).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1] - 1  # beyond the first 20, one query counts the others
