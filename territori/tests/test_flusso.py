# ruff: noqa: F811 - the fixtures imported from territori.tests.territori are arguments of the tests
"""The "Flusso" page (`/flusso/`): the latest activity of the region, the zones × themes table with
exact counts and links to the filtered search, the transfers between zones, pinned queries."""

import datetime

import pytest
from django.urls import reverse

from buonepratiche.tests.factories import AdozioneFactory, BuonaPraticaPageFactory
from cop.models import Zona
from cop.tests.factories import AggiornamentiIndexPageFactory, AggiornamentoPageFactory, TemaFactory
from forum.tests.factories import CategoriaFactory
from territori import flusso
from territori.tests.territori import (  # noqa: F401 - fixtures
    ADESSO,
    altra,
    discussione,
    evento,
    giorni_fa,
    indice,
    indice_eventi,
    nascondi,
    popola_zona,
    pratica,
    sezione,
    tema,
    zona,
)

pytestmark = pytest.mark.django_db


# --- The "Flusso" page -------------------------------------------------------------------------------


@pytest.fixture
def piccolo_mondo(indice, indice_eventi, zona, altra, tema):
    """Two zones, two themes: every count of the table is known."""
    casa = TemaFactory(slug="casa-flusso", nome="Casa")
    pratica(indice, "P1", [zona], [tema])
    pratica(indice, "P2", [zona, altra], [tema, casa])
    BuonaPraticaPageFactory(parent=indice, title="P bozza", zone=[zona], temi=[tema], live=False)
    evento("E1", [zona], [tema])
    evento("E2", [altra], [casa], inizio=ADESSO - datetime.timedelta(days=20))
    evento("E senza tema", [zona], [])
    categoria_zona = CategoriaFactory(slug="cat-zona-casa", zona=zona, tema=casa)
    categoria_tema = CategoriaFactory(slug="cat-tema", tema=tema)
    discussione(categoria_zona, "D1")
    discussione(
        categoria_tema, "D2 sulla pratica P1", pagina=BuonaPraticaPageFactory._meta.model.objects.get(title="P1")
    )
    nascondi(discussione(categoria_zona, "D nascosta"))
    return {"casa": casa}


def test_flusso_counts_practices_events_and_topics_per_zone_and_theme(client, piccolo_mondo, zona, altra, tema):
    casa = piccolo_mondo["casa"]
    celle = flusso.conteggi()["celle"]

    assert celle[(zona.pk, tema.pk)] == (2, 1, 1)  # P1, P2 · E1 · D2 (about P1)
    assert celle[(zona.pk, casa.pk)] == (1, 0, 1)  # P2 · D1
    assert celle[(altra.pk, tema.pk)] == (1, 0, 0)  # P2
    assert celle[(altra.pk, casa.pk)] == (1, 1, 0)  # P2 · E2
    assert len([c for c in celle if c[0] in (zona.pk, altra.pk)]) == 4


def test_flusso_table_cells_link_to_the_filtered_search(client, piccolo_mondo, zona, tema):
    html = client.get(reverse("flusso")).content.decode()
    tabella = html[html.index("<table") : html.index("</table>")]

    assert "<caption" in tabella and '<th scope="col">Povertà</th>' in tabella
    assert f'<th scope="row"><a href="{zona.get_absolute_url()}">Zona del Flusso</a></th>' in tabella
    url = f"{reverse('search:cerca')}?zona={zona.slug}&amp;tema={tema.slug}"
    assert f'<td class="livello-4"><a href="{url}"' in tabella
    assert '>4<span class="visually-hidden">: 2 pratiche, 1 eventi, 1 discussioni</span>' in tabella
    assert "tema=casa-flusso" in tabella
    # Cells with nothing are a plain 0, without a link to an empty search.
    assert '<td class="livello-0">0</td>' in tabella


def test_flusso_shows_current_tuscan_zones_and_ended_ones_with_content(client, indice, tema):
    storica = Zona.objects.get(slug="aretina-casentino-valtiberina")
    senza_contenuti = Zona.objects.get(slug="casentino")
    pratica(indice, "Pratica storica", [storica], [tema])

    tabella = client.get(reverse("flusso")).content.decode()
    tabella = tabella[tabella.index("<table") : tabella.index("</table>")]

    assert storica.nome in tabella
    assert senza_contenuti.nome in tabella


def test_flusso_legend_gives_the_range_of_each_colour():
    assert flusso.legenda(8) == [
        {"livello": 0, "da": 0, "a": 0},
        {"livello": 1, "da": 1, "a": 2},
        {"livello": 2, "da": 3, "a": 4},
        {"livello": 3, "da": 5, "a": 6},
        {"livello": 4, "da": 7, "a": 8},
    ]
    assert [voce["livello"] for voce in flusso.legenda(2)] == [0, 2, 4]
    assert [flusso.livello(n, 8) for n in (0, 1, 2, 3, 6, 8)] == [0, 1, 1, 2, 3, 4]


def test_flusso_counts_follow_a_new_publication(client, indice, zona, tema):
    nuova = BuonaPraticaPageFactory(parent=indice, title="Nuova", zone=[zona], temi=[tema], live=False)
    assert (zona.pk, tema.pk) not in flusso.conteggi()["celle"]

    nuova.save_revision().publish()

    assert flusso.conteggi()["celle"][(zona.pk, tema.pk)] == (1, 0, 0)


def test_flusso_merges_the_latest_activity_newest_first(client, piccolo_mondo, indice, zona):
    html = sezione(client.get(reverse("flusso")).content.decode(), "attivita")
    for titolo in ("P1", "P2", "E1", "E2", "D1", "D2 sulla pratica P1"):
        assert f">{titolo}</a>" in html
    assert "P bozza" not in html and "D nascosta" not in html

    pratica(indice, "Appena pubblicata", [zona], giorni=0)
    html = sezione(client.get(reverse("flusso")).content.decode(), "attivita")
    assert html.index("Appena pubblicata") < html.index(">P1</a>")


def test_flusso_lists_the_latest_transfers_between_zones(client, indice, zona, altra):
    for i in range(10):
        adozione = AdozioneFactory(pratica=pratica(indice, f"Trasferita {i}", [altra]), zona_adottante=zona)
        type(adozione).objects.filter(pk=adozione.pk).update(creata_il=giorni_fa(10 - i))

    html = sezione(client.get(reverse("flusso")).content.decode(), "trasferimenti")

    assert html.index("Trasferita 9") < html.index("Trasferita 2")
    assert "Trasferita 1<" not in html  # the latest eight
    assert "Altra Zona" in html and "Zona del Flusso" in html
    assert reverse("buonepratiche:trasferimenti") in html


def test_flusso_says_when_there_is_nothing_yet(client):
    html = client.get(reverse("flusso")).content.decode()
    assert "Ancora nessuna attività" in html
    assert "Nessuna pratica, evento o discussione è ancora associato a una zona e a un tema." in html
    assert "Nessuna zona ha ancora dichiarato" in html


def test_flusso_queries_do_not_grow_with_the_content(
    client, django_assert_max_num_queries, indice, indice_eventi, zona, altra, tema
):
    numeri = []
    for n in (10, 40):
        popola_zona(indice, zona, altra, tema, n)
        client.get(reverse("flusso"))  # fills the counts' cache (a publication empties it)
        # 18 since the view restrictions and the breadcrumb came in; the same with more content (below)
        with django_assert_max_num_queries(18) as contate:
            assert client.get(reverse("flusso")).status_code == 200
        numeri.append(len(contate))
    assert numeri[0] == numeri[1]


def test_main_menu_and_zone_list_link_to_the_flusso(client):
    html = client.get(reverse("zona_list")).content.decode()
    assert html.count(f'href="{reverse("flusso")}"') == 2


def test_flusso_includes_the_news_updates(client, home_page, zona):
    indice_aggiornamenti = AggiornamentiIndexPageFactory(parent=home_page)
    AggiornamentoPageFactory(parent=indice_aggiornamenti, title="Nuovo Assegno di inclusione")
    bozza = AggiornamentoPageFactory(parent=indice_aggiornamenti, title="Aggiornamento in bozza", live=False)
    assert not bozza.live

    html = sezione(client.get(reverse("flusso")).content.decode(), "attivita")

    assert "Aggiornamento</span>" in html
    assert "Nuovo Assegno di inclusione" in html
    assert "Aggiornamento in bozza" not in html
