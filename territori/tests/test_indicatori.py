"""Indicators over time: imported by the Redattori regionali from CSV or XLSX in the admin (a preview that
writes nothing, errors by row and nothing written, exact updates), the platform's own computed from what
is published, shown on a zone's page as charts with their table, on `/dati/` on the map with the
downloads, and in the API."""

import csv
import io
import json

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.models import Zona
from cop.tests.factories import OperatoreFactory, ProfiloFactory, RedattoreFactory, ReferenteFactory
from territori import importazione, indicatori
from territori.models import Importazione, Indicatore, ValoreIndicatore

pytestmark = pytest.mark.django_db

INTESTAZIONE = "indicatore;nome;unita;fonte;aggregazione;piu_alto_e_meglio;zona;comune;anno;valore\n"


def file_csv(*righe, intestazione=INTESTAZIONE):
    return (intestazione + "".join(r + "\n" for r in righe)).encode()


def carica(client, contenuto, nome="indicatori.csv"):
    file = io.BytesIO(contenuto)
    file.name = nome
    return client.post(reverse("territori_importa"), {"file": file})


def leggibile(risposta):
    return BeautifulSoup(risposta.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def redattore(client):
    utente = RedattoreFactory()
    client.force_login(utente)
    return utente


NUOVO = (
    "adi-nuclei;Nuclei con Assegno di inclusione;nuclei;INPS, osservatorio;somma;no;pisana;;2023;1200",
    "adi-nuclei;;;;;;pisana;;2024;1350,5",
    "adi-nuclei;;;;;;;Lucca;2024;400",
    "adi-nuclei;;;;;;;Capannori;2024;250",
)


# --- the import -------------------------------------------------------------------------------------


def test_a_valid_file_is_previewed_without_writing_then_imported_on_confirmation(client, redattore):
    risposta = carica(client, file_csv(*NUOVO))

    caricata = Importazione.objects.get()
    assert risposta.url == reverse("territori_importazione", args=[caricata.pk])
    anteprima = leggibile(client.get(risposta.url))
    atteso = "Righe nel file: 4, tutte valide. Valori nuovi: 4; da aggiornare: 0; invariati: 0."
    assert f"{atteso} Nulla è ancora stato scritto." in anteprima
    assert "adi-nuclei : Nuclei con Assegno di inclusione (nuclei)" in anteprima
    assert not Indicatore.objects.exists() and not ValoreIndicatore.objects.exists()

    fatto = client.post(reverse("territori_importazione_conferma", args=[caricata.pk]), follow=True)

    assert "Importazione completata. Valori nuovi: 4; aggiornati: 0; invariati: 0." in leggibile(fatto)
    adi = Indicatore.objects.get(codice="adi-nuclei")
    assert (adi.nome, adi.unita, adi.fonte, adi.aggregazione, adi.piu_alto_e_meglio) == (
        "Nuclei con Assegno di inclusione",
        "nuclei",
        "INPS, osservatorio",
        "somma",
        False,
    )
    valori = {(v.zona.slug, v.comune, v.anno): str(v.valore) for v in adi.valori.select_related("zona")}
    assert valori == {
        ("pisana", "", 2023): "1200.0000",
        ("pisana", "", 2024): "1350.5000",
        ("piana-di-lucca", "Lucca", 2024): "400.0000",
        ("piana-di-lucca", "Capannori", 2024): "250.0000",
    }
    caricata.refresh_from_db()
    assert caricata.stato == "importata" and caricata.riepilogo["valori_nuovi"] == 4
    # Confirmed twice (a double click): nothing is written again.
    client.post(reverse("territori_importazione_conferma", args=[caricata.pk]))
    assert ValoreIndicatore.objects.count() == 4


def test_a_file_with_bad_rows_lists_each_error_by_row_and_writes_nothing(client, redattore):
    righe = (
        "adi-nuclei;Nuclei;nuclei;INPS;somma;sì;pisana;;2024;10",  # 2: valid
        "adi-nuclei;;;;;;zona-che-non-esiste;;2024;10",  # 3
        "adi-nuclei;;;;;;;Bologna;2024;10",  # 4
        "adi-nuclei;;;;;;pisana;;duemila;10",  # 5
        "adi-nuclei;;;;;;pisana;;2023;dieci",  # 6
        "adi-nuclei;;;;;;pisana;;2024;11",  # 7: same place and year as row 2
        "adi-nuclei;;;;massimo;;pisana;;2022;10",  # 8
        "altro;;;;;;pisana;;2024;10",  # 9: a new indicator without name and unit
        "cop-messaggi;;;;;;pisana;;2024;10",  # 10: the platform's own
        "adi-nuclei;;;;;;pisana;Lucca;2021;10",  # 11: Lucca is not in the Pisana zone
        "adi-nuclei;;;;;;pisana;;2020;1.234,5",  # 12
    )
    risposta = client.get(carica(client, file_csv(*righe)).url)
    pagina = BeautifulSoup(risposta.content, "html.parser")
    errori = {int(tr.td.get_text()): tr.find_all("td")[1].get_text() for tr in pagina.select("tbody tr")}

    assert "Il file ha 10 errori: non è stato importato nulla." in leggibile(risposta)
    assert errori == {
        3: "«zona-che-non-esiste» non è una zona: scrivere lo slug o il nome.",
        4: "«Bologna» non è un comune delle zone-distretto toscane.",
        5: f"«duemila» non è un anno tra 1990 e {timezone.localdate().year + 1}.",
        6: "«dieci» non è un numero.",
        7: "Lo stesso indicatore, luogo e anno è già alla riga 2.",
        8: "Aggregazione «massimo»: scrivere somma o media.",
        9: "L'indicatore «altro» è nuovo: servono le colonne nome, unita.",
        10: "«cop-messaggi»: i codici che iniziano con «cop-» sono degli indicatori della piattaforma.",
        11: "Nel 2021 il comune «Lucca» era nella zona Piana di Lucca, non in Pisana.",
        12: "«1.234,5»: scrivere il numero senza separatore delle migliaia.",
    }
    assert "Conferma l'importazione" not in leggibile(risposta)

    client.post(reverse("territori_importazione_conferma", args=[Importazione.objects.get().pk]))

    assert not Indicatore.objects.exists() and not ValoreIndicatore.objects.exists()
    assert Importazione.objects.get().stato == "anteprima"


@pytest.mark.parametrize(
    ("contenuto", "nome", "messaggio"),
    [
        (b"indicatore,anno,valore,colore\n", "a.csv", "Colonne sconosciute: colore."),
        (b"indicatore,zona,valore\nx,pisana,1\n", "a.csv", "Mancano le colonne: anno."),
        (b"indicatore,anno,valore\nx,2024,1\n", "a.csv", "Manca la colonna «zona» o la colonna «comune»."),
        (b"\n\n", "a.csv", "Il file è vuoto."),
        (b"PK\x03\x04 non un vero xlsx", "a.xlsx", "Il file XLSX non si apre"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(client, redattore, contenuto, nome, messaggio):
    risposta = client.get(carica(client, contenuto, nome).url)

    assert messaggio in leggibile(risposta)
    assert "Non è stato importato nulla." in leggibile(risposta)


def test_a_file_of_another_kind_is_refused_at_upload(client, redattore):
    risposta = carica(client, b"%PDF-1.4", "indicatori.pdf")

    assert risposta.status_code == 200
    assert "Sono ammessi file CSV (.csv) o Excel (.xlsx)." in leggibile(risposta)
    assert not Importazione.objects.exists()


def _importa(contenuto, nome="indicatori.csv"):
    esito = importazione.leggi(nome, contenuto)
    assert esito.errori == []
    importazione.applica(esito)
    return esito


def test_a_file_that_updates_values_shows_and_writes_exactly_the_changes(client, redattore):
    _importa(file_csv(*NUOVO))
    aggiornamento = file_csv(
        "adi-nuclei;;;INPS;;;pisana;;2023;1200",  # unchanged
        "adi-nuclei;;;;;;pisana;;2024;1400",  # changed
        "adi-nuclei;;;;;;;Lucca;2024;400,0",  # unchanged, written otherwise
        "adi-nuclei;;;;;;pisana;;2025;1500",  # new
    )

    anteprima = client.get(carica(client, aggiornamento).url)
    pagina = BeautifulSoup(anteprima.content, "html.parser")

    assert "Righe nel file: 4, tutte valide. Valori nuovi: 1; da aggiornare: 1; invariati: 2." in leggibile(anteprima)
    cambiati = [[td.get_text() for td in tr.find_all("td")] for tr in pagina.select("table")[1].select("tbody tr")]
    assert cambiati == [["adi-nuclei", "Pisana", "2024", "1.350,5", "1.400"]]
    assert [c.get_text() for c in pagina.select("table")[0].select("tbody td")] == [
        "adi-nuclei",
        "fonte",
        "INPS, osservatorio",
        "INPS",
    ]
    prima = {v.pk: (v.valore, v.zona_id, v.comune, v.anno) for v in ValoreIndicatore.objects.all()}

    client.post(reverse("territori_importazione_conferma", args=[Importazione.objects.latest("pk").pk]))

    dopo = {v.pk: (v.valore, v.zona_id, v.comune, v.anno) for v in ValoreIndicatore.objects.all()}
    diversi = {pk for pk in prima if prima[pk] != dopo[pk]}
    assert [dopo[pk][0] for pk in diversi] == [1400] and dopo[next(iter(diversi))][3] == 2024
    assert len(dopo) == len(prima) + 1
    assert Indicatore.objects.get().fonte == "INPS"


def test_an_xlsx_file_is_read_like_a_csv():
    libro = openpyxl.Workbook()
    foglio = libro.active
    foglio.append(["Indicatore", "Nome", "Unità", "Più alto è meglio", "Aggregazione", "Comune", "Anno", "Valore"])
    foglio.append(["tasso-occupazione", "Tasso di occupazione", "%", "sì", "media", "Pisa", 2024, 61.5])
    foglio.append(["tasso-occupazione", None, None, None, None, "Cascina", 2024, 58.5])
    file = io.BytesIO()
    libro.save(file)

    _importa(file.getvalue(), "dati.xlsx")

    tasso = indicatori.definizione("tasso-occupazione")
    assert tasso.aggregazione == "media" and tasso.piu_alto_e_meglio
    pisana = Zona.objects.get(slug="pisana")
    assert indicatori.per_zona(tasso)[(pisana.pk, 2024)] == 60  # the average of its two comuni


def test_comuni_go_to_the_zone_in_force_that_year_and_sum_up_to_it():
    _importa(
        file_csv(
            "minori-in-carico;Minori in carico;minori;Comuni;somma;no;;Arezzo;2021;100",
            "minori-in-carico;;;;;;;Bibbiena;2021;30",
            "minori-in-carico;;;;;;;Arezzo;2023;120",
            "minori-in-carico;;;;;;;Bibbiena;2023;35",
            "minori-in-carico;;;;;;;Arezzo;2015;90",  # before the zones of 2017: on their boundaries
        )
    )
    valori = indicatori.per_zona(indicatori.definizione("minori-in-carico"))
    zone = {z.pk: z.slug for z in Zona.objects.all()}

    assert {(zone[z], anno): v for (z, anno), v in valori.items()} == {
        ("aretina-casentino-valtiberina", 2015): 90,
        ("aretina-casentino-valtiberina", 2021): 130,
        ("aretina", 2023): 120,
        ("casentino", 2023): 35,
    }


def test_a_file_of_10000_rows_is_imported_whole():
    comuni = [c for z in Zona.objects.toscane().attuali() for c in z.elenco_comuni]
    righe = [
        f"serie-{n};Serie {n};persone;;somma;;;{comune};{anno};{(n * anno + i) % 997}"
        for n in range(1, 6)
        for anno in range(2017, 2025)
        for i, comune in enumerate(comuni)
    ][:10_000]

    esito = _importa(file_csv(*righe))

    assert len(esito.nuovi) == 10_000
    assert ValoreIndicatore.objects.count() == 10_000


# --- who may import ---------------------------------------------------------------------------------


def referente_della_pisana():
    pisana = Zona.objects.get(slug="pisana")
    referente = ReferenteFactory()
    ProfiloFactory(user=referente, zona=pisana, zona_confermata=pisana)
    return referente


@pytest.mark.parametrize(
    ("ruolo", "rimandato_a"),
    [
        (None, "/account/redazione/"),
        (OperatoreFactory, "/account/redazione/"),
        (referente_della_pisana, "/admin/"),
        (RedattoreFactory, None),
    ],
    ids=["anonimo", "operatore", "referente", "redattore"],
)
def test_only_the_redattori_import(client, ruolo, rimandato_a):
    """A referente reaches the admin but not the import: Wagtail sends them back to its home with a notice."""
    caricata = Importazione.objects.create(nome_file="a.csv", contenuto=file_csv(*NUOVO))
    if ruolo is not None:
        client.force_login(ruolo())

    pagine = [
        client.get(reverse("territori_importa")),
        client.get(reverse("territori_importazione", args=[caricata.pk])),
        client.get(reverse("territori_importazione_esempio")),
        client.post(reverse("territori_importazione_conferma", args=[caricata.pk])),
    ]

    if rimandato_a is None:
        assert [p.status_code for p in pagine] == [200, 200, 200, 302]
        assert ValoreIndicatore.objects.count() == 4
    else:
        assert {(p.status_code, p["Location"].split("?")[0]) for p in pagine} == {(302, rimandato_a)}
        assert not ValoreIndicatore.objects.exists()
        assert Importazione.objects.get().stato == "anteprima"


# --- the platform's own, the zone's page, /dati/ and the API ----------------------------------------


@pytest.fixture
def pratica_pisana(home_page):
    pisana = Zona.objects.get(slug="pisana")
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    pratica = BuonaPraticaPageFactory(parent=indice, title="Emporio solidale")
    pratica.zone.set([pisana])
    pratica.save_revision().publish()
    return pratica


def test_a_practice_published_counts_at_once_in_the_zone_and_the_region(client, pratica_pisana):
    anno = pratica_pisana.first_published_at.astimezone(timezone.get_current_timezone()).year
    definizione = indicatori.definizione("cop-pratiche-pubblicate")
    pisana = Zona.objects.get(slug="pisana")
    assert indicatori.per_zona(definizione) == {(pisana.pk, anno): 1}

    seconda = BuonaPraticaPageFactory(parent=pratica_pisana.get_parent(), title="Sportello casa")
    seconda.zone.set([pisana])
    seconda.save_revision().publish()

    assert indicatori.per_zona(definizione) == {(pisana.pk, anno): 2}
    regione = indicatori.regionali(definizione)[anno]
    in_vigore = Zona.objects.toscane().valide_nel(anno).count()  # 28, and the factories' zones
    assert (regione.media, regione.totale, regione.zone_con_dato, regione.zone_in_vigore) == (2, 2, 1, in_vigore)


def test_the_zone_page_draws_each_indicator_with_its_table(client, pratica_pisana):
    _importa(file_csv(NUOVO[0], NUOVO[1], "adi-nuclei;;;;;;valdinievole;;2024;650,5"))

    pagina = BeautifulSoup(client.get(reverse("zona_detail", args=["pisana"])).content, "html.parser")
    sezione = pagina.select_one("#indicatori")

    titoli = [h3.get_text() for h3 in sezione.select("h3")]
    assert titoli == ["Buone pratiche pubblicate", "Nuclei con Assegno di inclusione"]
    tabella = sezione.select("table")[1]
    righe = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])] for tr in tabella.select("tbody tr")]
    n = Zona.objects.toscane().valide_nel(2023).count()  # 28, and the factories' zones
    assert righe == [
        ["2023", "1.200", f"1.200 (1 zone su {n})", "1.200"],
        ["2024", "1.350,5", f"1.000,5 (2 zone su {n})", "2.001"],
    ]
    grafico = sezione.select("svg")[1]
    assert grafico["role"] == "img" and "Pisana" in grafico.title.get_text()
    assert len(grafico.select("circle.zona")) == 2 and len(grafico.select("circle.regione")) == 2
    assert "," not in " ".join(c["cx"] + c["cy"] for c in grafico.select("circle"))  # never localised

    # The section is cached with the figures: a new import shows at once.
    _importa(file_csv("adi-nuclei;;;;;;pisana;;2025;1500"))
    pagina = BeautifulSoup(client.get(reverse("zona_detail", args=["pisana"])).content, "html.parser")
    anni = [tr.th.get_text() for tr in pagina.select("#indicatori table")[1].select("tbody tr")]
    assert anni == ["2023", "2024", "2025"]


def test_a_zone_without_figures_has_no_indicators_section(client):
    pagina = BeautifulSoup(client.get(reverse("zona_detail", args=["lunigiana"])).content, "html.parser")

    assert pagina.select_one("#indicatori") is None


def test_dati_shows_an_indicator_on_the_map_for_a_year_with_its_table(client):
    _importa(file_csv(*NUOVO, "adi-nuclei;;;;;;valdinievole;;2024;100"))

    pagina = BeautifulSoup(
        client.get(reverse("dati"), {"indicatore": "adi-nuclei", "anno": "2024"}).content, "html.parser"
    )

    assert pagina.h2.get_text(" ", strip=True) == "Nuclei con Assegno di inclusione · 2024"
    righe = {tr.th.get_text(" ", strip=True): tr.td.get_text(strip=True) for tr in pagina.select("tbody tr")}
    assert len(righe) == 28
    assert (righe["Pisana"], righe["Piana di Lucca"], righe["Valdinievole"], righe["Lunigiana"]) == (
        "1.350,5",
        "650",
        "100",
        "nessun dato",
    )
    piede = [tr.get_text(" ", strip=True) for tr in pagina.select("tfoot tr")]
    assert piede == ["Media delle zone toscane (3 zone su 28) 700,17", "Totale Toscana 2.100,5"]
    colori = {a["aria-label"].split(":")[0]: a.path["class"] for a in pagina.select("svg a")}
    assert "livello-4" in colori["Pisana"] and "livello-1" in colori["Valdinievole"]
    assert "livello-0" in colori["Lunigiana"]


def test_dati_with_bad_parameters_tells_and_shows_the_first_indicator(client):
    risposta = client.get(reverse("dati"), {"indicatore": "non-esiste", "anno": "1800"})

    assert risposta.status_code == 200
    assert "I filtri «indicatore, anno» nell'indirizzo non sono validi e sono stati ignorati." in leggibile(risposta)
    assert "Buone pratiche pubblicate" in BeautifulSoup(risposta.content, "html.parser").h2.get_text()


def test_dati_for_a_year_without_values_says_so_and_shows_the_latest(client):
    _importa(file_csv(*NUOVO))

    risposta = client.get(reverse("dati"), {"indicatore": "adi-nuclei", "anno": "2020"})

    assert "Per il 2020 questo indicatore non ha dati: è mostrato l'anno più recente che li ha." in leggibile(risposta)
    assert BeautifulSoup(risposta.content, "html.parser").h2.get_text(" ", strip=True).endswith("· 2024")


def test_the_downloads_have_every_value_and_the_csv_imports_again(client):
    _importa(file_csv(*NUOVO))

    scaricato = client.get(reverse("dati_csv", args=["adi-nuclei"]))
    righe = list(csv.reader(io.StringIO(scaricato.content.decode())))
    dati = json.loads(client.get(reverse("dati_json", args=["adi-nuclei"])).content)

    assert righe == [
        ["indicatore", "zona", "comune", "anno", "valore"],
        ["adi-nuclei", "piana-di-lucca", "", "2024", "650"],
        ["adi-nuclei", "piana-di-lucca", "Capannori", "2024", "250"],
        ["adi-nuclei", "piana-di-lucca", "Lucca", "2024", "400"],
        ["adi-nuclei", "pisana", "", "2023", "1200"],
        ["adi-nuclei", "pisana", "", "2024", "1350.5"],
    ]
    assert dati["indicatore"]["nome"] == "Nuclei con Assegno di inclusione" and len(dati["valori"]) == 5
    assert client.get(reverse("dati_csv", args=["non-esiste"])).status_code == 404
    # Imported again as it is: nothing changes but the aggregated row, which becomes the zone's own.
    esito = importazione.leggi("adi.csv", scaricato.content)
    assert (len(esito.errori), len(esito.cambiati), esito.invariati) == (0, 0, 4)


def test_the_api_lists_the_indicators_and_gives_the_values_of_one(client):
    _importa(file_csv(*NUOVO))

    elenco = client.get("/api/v1/indicatori/").json()["items"]
    uno = client.get("/api/v1/indicatori/adi-nuclei/", {"zona": "pisana"}).json()

    assert [i["codice"] for i in elenco][:2] == ["cop-pratiche-pubblicate", "cop-adozioni"]
    assert elenco[-1]["codice"] == "adi-nuclei" and elenco[-1]["url"].endswith("/api/v1/indicatori/adi-nuclei/")
    assert uno["valori"] == [
        {"zona": "pisana", "comune": None, "anno": 2023, "valore": 1200.0},
        {"zona": "pisana", "comune": None, "anno": 2024, "valore": 1350.5},
    ]
    assert [r["anno"] for r in uno["regione"]] == [2023, 2024]
    assert client.get("/api/v1/indicatori/non-esiste/").status_code == 404
    sbagliato = client.get("/api/v1/indicatori/adi-nuclei/", {"zona": "atlantide"})
    assert sbagliato.status_code == 400 and sbagliato.json()["parametro"] == "zona"


def test_dati_and_the_zone_page_cost_the_same_queries_for_few_or_many_values(client, django_assert_max_num_queries):
    """Definitions, values and the zones in force are cached; the page reads the zones of the year and the
    menu, whatever the number of values."""
    numeri = []
    for anni in (range(2020, 2022), range(2010, 2025)):
        _importa(
            file_csv(
                *[f"adi-nuclei;Nuclei;nuclei;;somma;;;{c};{a};{a}" for a in anni for c in ("Pisa", "Lucca", "Siena")]
            )
        )
        for url in (reverse("dati") + "?indicatore=adi-nuclei", reverse("zona_detail", args=["pisana"])):
            client.get(url)  # fills the caches
            with django_assert_max_num_queries(30) as contate:
                assert client.get(url).status_code == 200
            numeri.append(len(contate))
    assert numeri[:2] == numeri[2:]


def test_dati_draws_the_zones_of_the_year_the_one_dissolved_in_2022_included(client):
    _importa(
        file_csv(
            "minori-in-carico;Minori in carico;minori;Comuni;somma;no;;Arezzo;2021;100",
            "minori-in-carico;;;;;;;Arezzo;2023;120",
        )
    )

    def zone_disegnate(anno):
        pagina = BeautifulSoup(
            client.get(reverse("dati"), {"indicatore": "minori-in-carico", "anno": anno}).content, "html.parser"
        )
        return {a["aria-label"]: a.path["class"] for a in pagina.select("svg a")}

    prima, dopo = zone_disegnate(2021), zone_disegnate(2023)

    assert "livello-4" in prima["Aretina-Casentino-Valtiberina: 100 minori"]
    assert "Aretina: nessun dato" not in prima  # covered by the zone it was part of, and not a link
    assert "livello-4" in dopo["Aretina: 120 minori"]
    assert not any(nome.startswith("Aretina-Casentino") for nome in dopo)
