# ruff: noqa: F811 - the fixtures imported from territori.tests.territori are arguments of the tests
"""The zones drawn on the server as SVG: `/zone/` shades each of today's 28 zones by its published
practices (each a link with its name and figures, the same numbers in the table), places outside Tuscany
are boxes beside it; a zone's page shows the zone and its comuni; the zone dissolved in 2022 shows the
region before and after. No script, no third party, the drawing under 150 KB."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from buonepratiche.tests.factories import BuonaPraticaPageFactory
from cop import mappa
from cop.models import Zona
from cop.tests.factories import ZonaFactory
from territori.tests.territori import indice, pratica  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _svg(html, indice_figura=0):
    return BeautifulSoup(html, "html.parser").select("figure.mappa-zone svg")[indice_figura]


def _comuni_nel_file(zona):
    with (mappa.CARTELLA / "comuni_toscana.geojson").open(encoding="utf-8") as file:
        return sum(1 for f in json.load(file)["features"] if f["properties"]["zona"] == zona)


def test_every_zone_of_today_is_a_link_with_its_name_and_figures(client):
    html = client.get(reverse("zona_list")).content.decode()
    svg = _svg(html)

    collegamenti = svg.select("a")
    attuali = Zona.objects.toscane().attuali()
    assert len(collegamenti) == attuali.count() == 28
    for zona in attuali:
        link = svg.select_one(f'a[href="{zona.get_absolute_url()}"]')
        assert link["aria-label"] == f"{zona.nome}: 0 buone pratiche pubblicate"
        assert link.title.get_text() == link["aria-label"]
    assert "aretina-casentino-valtiberina" not in str(svg)  # dissolved in 2022: not a zone of today
    assert "Limiti amministrativi © ISTAT, CC BY 4.0" in html
    assert "<script" not in str(svg)
    assert len(str(svg).encode()) < 150_000


def test_the_colour_and_the_table_say_how_many_practices_each_zone_has(client, indice):
    pisana, elba = Zona.objects.get(slug="pisana"), Zona.objects.get(slug="elba")
    for numero in range(3):
        pratica(indice, f"Pratica pisana {numero}", [pisana])
    pratica(indice, "Pratica dell'Elba e di Pisa", [elba, pisana])
    BuonaPraticaPageFactory(parent=indice, title="Bozza elbana", zone=[elba], live=False)

    pagina = BeautifulSoup(client.get(reverse("zona_list")).content, "html.parser")

    def classi(zona):
        return pagina.select_one(f'svg a[href="{zona.get_absolute_url()}"] path')["class"]

    assert "livello-4" in classi(pisana)  # the most: 4 practices
    assert "livello-1" in classi(elba)  # 1 of 4
    assert "livello-0" in classi(Zona.objects.get(slug="lunigiana"))
    assert pagina.select_one(f'svg a[href="{pisana.get_absolute_url()}"]')["aria-label"] == (
        "Pisana: 4 buone pratiche pubblicate"
    )
    righe = {
        riga.th.get_text(strip=True): riga.select("td")[1].get_text(strip=True) for riga in pagina.select("tbody tr")
    }
    assert righe["Pisana"] == "4" and righe["Elba"] == "1" and righe["Lunigiana"] == "0"
    legenda = [voce.get_text(" ", strip=True) for voce in pagina.select(".legenda-calore li")]
    assert legenda == [
        "nessuna buona pratica",
        "1 buona pratica",
        "2 buone pratiche",
        "3 buone pratiche",
        "4 buone pratiche",
    ]


def test_a_practice_published_changes_the_map_at_the_next_visit(client, indice):
    pisana = Zona.objects.get(slug="pisana")
    client.get(reverse("zona_list"))  # the counts are cached now
    nuova = pratica(indice, "Nuova pratica pisana", [pisana], live=False)
    nuova.save_revision().publish()

    svg = _svg(client.get(reverse("zona_list")).content.decode())

    assert svg.select_one(f'a[href="{pisana.get_absolute_url()}"]')["aria-label"] == (
        "Pisana: 1 buona pratica pubblicata"
    )


def test_places_outside_tuscany_are_boxes_beside_the_map(client, indice):
    potenza = ZonaFactory(slug="ambito-potenza", nome="Ambito di Potenza", regione="Basilicata", tipo=Zona.Tipo.AMBITO)
    pratica(indice, "Pratica lucana", [potenza])

    pagina = BeautifulSoup(client.get(reverse("zona_list")).content, "html.parser")

    scatola = pagina.select_one(".fuori-toscana li")
    assert scatola.a["href"] == potenza.get_absolute_url()
    assert " ".join(scatola.get_text(" ", strip=True).split()) == "Ambito di Potenza (Basilicata) · 1 buona pratica"
    assert potenza.get_absolute_url() not in str(_svg(str(pagina)))


def test_the_map_page_costs_the_same_queries_for_1_or_12_practices(client, indice, django_assert_max_num_queries):
    pisana = Zona.objects.get(slug="pisana")
    numeri = []
    for quante in (1, 11):
        for numero in range(quante):
            pratica(indice, f"Pratica {quante}-{numero}", [pisana])
        client.get(reverse("zona_list"))
        with django_assert_max_num_queries(6) as contate:
            assert client.get(reverse("zona_list")).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1]


def test_a_zone_page_draws_the_zone_and_its_comuni(client):
    pisana = Zona.objects.get(slug="pisana")

    svg = _svg(client.get(pisana.get_absolute_url()).content.decode())

    assert svg["role"] == "img"
    assert svg["aria-label"] == "La zona Pisana sulla mappa della Toscana, con i suoi 9 comuni."
    assert len(svg.select("path.evidenziata")) == 1
    assert len(svg.select("path.comune")) == _comuni_nel_file("pisana") == 9
    assert svg.select("path.evidenziata")[0] is svg.select("path.zona")[-1]  # drawn last: its border on top


def test_the_zone_dissolved_in_2022_shows_the_region_before_and_after(client):
    storica = Zona.objects.get(slug="aretina-casentino-valtiberina")

    html = client.get(storica.get_absolute_url()).content.decode()
    prima, dopo = _svg(html, 0), _svg(html, 1)

    assert "Fino al 2022" in html and "Dal 2022" in html
    assert len(prima.select("path.sovrapposta")) == 1 and not prima.select("a")
    assert sorted(a["href"] for a in dopo.select("a")) == ["/zone/aretina/", "/zone/casentino/", "/zone/valtiberina/"]
    assert len(dopo.select("path.evidenziata")) == 3


def test_a_place_without_a_boundary_has_no_map_and_no_error(client):
    potenza = ZonaFactory(slug="ambito-potenza-2", nome="Ambito di Potenza", regione="Basilicata")

    risposta = client.get(potenza.get_absolute_url())

    assert risposta.status_code == 200
    assert 'id="mappa"' not in risposta.content.decode()


# --- The flow's map: arrows from the zone a practice comes from to each zone that adopted it -------------


def _frecce(html):
    svg = BeautifulSoup(html, "html.parser").select_one("#flussi figure.mappa-zone svg")
    return {freccia.title.get_text(): float(freccia["stroke-width"]) for freccia in svg.select("path.freccia")}


def _tabella(html):
    righe = BeautifulSoup(html, "html.parser").select("#flussi tbody tr")
    return [tuple(cella.get_text(strip=True) for cella in riga.select("td")) for riga in righe]


@pytest.fixture
def adozioni(indice):
    from buonepratiche.tests.factories import AdozioneFactory
    from cop.models import Tema

    pisana, elba, livornese = (Zona.objects.get(slug=s) for s in ("pisana", "elba", "livornese"))
    poverta = Tema.objects.create(nome="Povertà (flussi)", slug="poverta-flussi")
    prima = pratica(indice, "Emporio solidale", [pisana], [poverta])
    seconda = pratica(indice, "Budget di salute", [pisana])
    for p in (prima, seconda):
        AdozioneFactory(pratica=p, zona_adottante=elba)
    AdozioneFactory(pratica=prima, zona_adottante=livornese)
    AdozioneFactory(pratica=prima, zona_adottante=pisana)  # its own zone: not a flow between zones
    bozza = pratica(indice, "Bozza", [livornese], live=False)
    AdozioneFactory(pratica=bozza, zona_adottante=elba)  # a practice nobody may open: not counted
    return {"pisana": pisana, "elba": elba, "livornese": livornese, "poverta": poverta, "prima": prima}


def test_each_flow_is_an_arrow_as_thick_as_its_count_and_a_row_of_the_table(client, adozioni):
    html = client.get(reverse("flusso")).content.decode()

    frecce = _frecce(html)
    assert set(frecce) == {
        "Da Pisana a Elba: 2 buone pratiche adottate",
        "Da Pisana a Livornese: 1 buona pratica adottata",
    }
    assert (
        frecce["Da Pisana a Elba: 2 buone pratiche adottate"]
        > frecce["Da Pisana a Livornese: 1 buona pratica adottata"]
    )
    assert _tabella(html) == [("Pisana", "Elba", "2"), ("Pisana", "Livornese", "1")]
    assert "Zone e temi" in html  # the heat map stays, as a second view


def test_the_arrows_follow_the_theme_and_the_year_chosen(client, adozioni):
    from buonepratiche.models import Adozione

    Adozione.objects.filter(pratica__title="Budget di salute").update(creata_il="2023-05-10T10:00:00Z")

    per_tema = client.get(reverse("flusso"), {"tema": adozioni["poverta"].slug}).content.decode()
    nel_2023 = client.get(reverse("flusso"), {"anno": "2023"}).content.decode()
    sbagliato = client.get(reverse("flusso"), {"anno": "duemila"}).content.decode()

    assert _tabella(per_tema) == [("Pisana", "Elba", "1"), ("Pisana", "Livornese", "1")]
    assert 'href="/flusso/#flussi">Tutte le adozioni</a>' in per_tema
    assert _tabella(nel_2023) == [("Pisana", "Elba", "1")]
    assert "Il filtro «anno» nell'indirizzo non è valido ed è stato ignorato." in sbagliato
    assert _tabella(sbagliato) == [("Pisana", "Elba", "2"), ("Pisana", "Livornese", "1")]
    vuoto = client.get(reverse("flusso"), {"anno": "2019"}).content.decode()
    assert "Nessuna pratica adottata con questi filtri." in vuoto and not _frecce(vuoto)


def test_a_place_outside_tuscany_is_a_box_the_arrow_starts_from(client, indice):
    from buonepratiche.tests.factories import AdozioneFactory

    fano = ZonaFactory(slug="ats-6-fano-flussi", nome="ATS 6 Fano", regione="Marche", tipo=Zona.Tipo.AMBITO)
    AdozioneFactory(
        pratica=pratica(indice, "Tavoli di coprogettazione", [fano]), zona_adottante=Zona.objects.get(slug="pisana")
    )

    html = client.get(reverse("flusso")).content.decode()

    scatola = BeautifulSoup(html, "html.parser").select_one("#flussi svg rect.scatola").parent
    assert scatola["href"] == fano.get_absolute_url() and scatola.text == "ATS 6 Fano"
    assert set(_frecce(html)) == {"Da ATS 6 Fano a Pisana: 1 buona pratica adottata"}


def test_a_new_adoption_is_drawn_at_the_next_visit(client, adozioni):
    from buonepratiche.tests.factories import AdozioneFactory

    client.get(reverse("flusso"))  # cached now
    AdozioneFactory(pratica=adozioni["prima"], zona_adottante=Zona.objects.get(slug="versilia"))

    assert "Da Pisana a Versilia: 1 buona pratica adottata" in _frecce(client.get(reverse("flusso")).content.decode())


def test_the_flow_map_costs_the_same_queries_for_few_or_many_adoptions(client, indice, django_assert_max_num_queries):
    from buonepratiche.tests.factories import AdozioneFactory

    origini = list(Zona.objects.toscane().attuali()[:10])
    numeri = []
    for quante in (1, 9):
        for origine in origini[:quante]:
            AdozioneFactory(
                pratica=pratica(indice, f"Da {origine.nome} {quante}", [origine]), zona_adottante=origini[-1]
            )
        client.get(reverse("flusso"))
        with django_assert_max_num_queries(16) as contate:  # as test_flusso.py: the whole page
            assert client.get(reverse("flusso")).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1]


# --- The map elsewhere: the home page's entry to the territories, a practice's zones ---------------------


def test_the_home_page_map_leads_to_every_zone(client, home_page):
    svg = _svg(client.get("/").content.decode())

    assert sorted(a["href"] for a in svg.select("a")) == sorted(
        z.get_absolute_url() for z in Zona.objects.toscane().attuali()
    )


def test_a_practice_page_shows_its_zones_highlighted_on_the_region(client, indice):
    pisana, elba = Zona.objects.get(slug="pisana"), Zona.objects.get(slug="elba")
    fuori = ZonaFactory(slug="ambito-fuori-mappa", nome="Ambito fuori", regione="Marche")
    pagina = pratica(indice, "Pratica di due zone", [pisana, elba, fuori])

    svg = _svg(client.get(pagina.url).content.decode())

    assert svg["aria-label"] == "Le zone della pratica sulla mappa della Toscana"
    assert sorted(a["href"] for a in svg.select("a")) == ["/zone/elba/", "/zone/pisana/"]
    assert len(svg.select("a path.evidenziata")) == 2


def test_a_practice_of_places_outside_tuscany_has_no_map(client, indice):
    fuori = ZonaFactory(slug="ambito-senza-mappa", nome="Ambito senza mappa", regione="Marche")
    pagina = pratica(indice, "Pratica marchigiana", [fuori])

    assert "mappa-zone" not in client.get(pagina.url).content.decode()


def test_the_map_draws_the_40_strongest_flows_and_says_how_many_there_are(client, indice):
    from buonepratiche.tests.factories import AdozioneFactory

    zone = list(Zona.objects.toscane().attuali().order_by("nome"))
    coppie = [(da, a) for da in zone for a in zone[:2] if da != a][:45]
    for numero, (da, a) in enumerate(coppie):
        AdozioneFactory(pratica=pratica(indice, f"Pratica {numero}", [da]), zona_adottante=a)
    forte = coppie[-1]
    AdozioneFactory(pratica=pratica(indice, "Un'altra", [forte[0]]), zona_adottante=forte[1])

    html = client.get(reverse("flusso")).content.decode()

    assert len(_frecce(html)) == 40 and len(_tabella(html)) == 40
    assert _tabella(html)[0] == (forte[0].nome, forte[1].nome, "2")
    assert "(i 40 passaggi più frequenti di 45: filtra per tema o per anno per vedere gli altri)" in html
