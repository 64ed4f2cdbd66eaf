"""News pages ("Aggiornamenti"): where they may be created, who publishes them, the listing with its
filters in the URL, the page, the feeds, the home section, the search document and the demo."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from cop.demo.aggiornamenti import AGGIORNAMENTI
from cop.demo.registry import Esito
from cop.models import AggiornamentiIndexPage, AggiornamentoPage, HomePage, PaginaSemplice
from cop.tests.factories import (
    AggiornamentiIndexPageFactory,
    AggiornamentoPageFactory,
    OperatoreFactory,
    RedattoreFactory,
    ReferenteFactory,
    TemaFactory,
    ZonaFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indice(home_page):
    return AggiornamentiIndexPageFactory(parent=home_page)


@pytest.fixture
def temi(db):
    return {
        "poverta": TemaFactory(nome="Contrasto alla povertà", slug="poverta-agg"),
        "minori": TemaFactory(nome="Minori e povertà educativa", slug="minori-agg"),
    }


@pytest.fixture
def notizie(indice, temi):
    zona = ZonaFactory(nome="Pisana", slug="pisana-agg")
    return {
        "adi": AggiornamentoPageFactory(
            parent=indice,
            title="Arriva l'Assegno di inclusione",
            temi=[temi["poverta"]],
            data=datetime.date(2024, 1, 1),
            tags=["ADI"],
        ),
        "cop": AggiornamentoPageFactory(
            parent=indice,
            title="Presentata la Comunità di pratica",
            ambito=AggiornamentoPage.Ambito.REGIONALE,
            temi=[temi["minori"], temi["poverta"]],
            data=datetime.date(2021, 3, 12),
        ),
        "zona": AggiornamentoPageFactory(
            parent=indice,
            title="Tavolo di zona sulla povertà educativa",
            ambito=AggiornamentoPage.Ambito.ZONALE,
            temi=[temi["minori"]],
            zone=[zona],
            data=datetime.date(2022, 6, 8),
        ),
        "bozza": AggiornamentoPageFactory(parent=indice, title="Bozza riservata", temi=[temi["poverta"]], live=False),
    }


# --- The page tree ------------------------------------------------------------------------------------


class TestWhereUpdatesLive(WagtailPageTestCase):
    def test_updates_are_created_only_under_the_index(self):
        self.assertCanCreateAt(AggiornamentiIndexPage, AggiornamentoPage)
        self.assertCanNotCreateAt(HomePage, AggiornamentoPage)
        self.assertCanNotCreateAt(PaginaSemplice, AggiornamentoPage)
        self.assertCanNotCreateAt(AggiornamentoPage, AggiornamentoPage)
        self.assertAllowedParentPageTypes(AggiornamentoPage, {AggiornamentiIndexPage})
        self.assertAllowedSubpageTypes(AggiornamentiIndexPage, {AggiornamentoPage})

    def test_the_index_lives_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, AggiornamentiIndexPage)
        self.assertAllowedParentPageTypes(AggiornamentiIndexPage, {HomePage})

    def test_pages_are_routable_and_renderable(self):
        home = HomePage.objects.first()
        indice = AggiornamentiIndexPageFactory(parent=home)
        notizia = AggiornamentoPageFactory(parent=indice)
        self.assertPageIsRoutable(indice)
        self.assertPageIsRenderable(indice)
        self.assertPageIsRoutable(notizia)
        self.assertPageIsRenderable(notizia)


# --- Who publishes in the admin -----------------------------------------------------------------------

RUOLI = {"anonimo": None, "operatore": OperatoreFactory, "referente": ReferenteFactory, "redattore": RedattoreFactory}


def _dati_form(tema, *, titolo="Nuove soglie ISEE", azione="action-publish"):
    dati = nested_form_data(
        {
            "title": titolo,
            "slug": "nuove-soglie-isee",
            "data": "2025-01-15",
            "ambito": "nazionale",
            "intro": "Le nuove soglie ISEE per l'Assegno di inclusione.",
            "body": rich_text("<p>Il testo.</p>"),
            "fonte_nome": "INPS",
            "fonte_url": "https://www.inps.it/",
            "tags": "ISEE",
            azione: "1",
        }
    )
    dati["temi"] = [tema.pk]
    return dati


@pytest.mark.parametrize(
    ("ruolo", "crea", "pubblica"),
    [("anonimo", False, False), ("operatore", False, False), ("referente", True, False), ("redattore", True, True)],
)
def test_who_can_write_and_publish_an_update_in_the_admin(client, indice, temi, ruolo, crea, pubblica):
    user = RUOLI[ruolo]() if RUOLI[ruolo] else None
    if user is not None:
        client.force_login(user)
        permessi = indice.permissions_for_user(user)
        assert permessi.can_add_subpage() is crea
        assert permessi.can_publish_subpage() is pubblica
    url = reverse("wagtailadmin_pages:add", args=["cop", "aggiornamentopage", indice.pk])

    response = client.post(url, _dati_form(temi["poverta"]))

    creata = AggiornamentoPage.objects.filter(slug="nuove-soglie-isee").first()
    if not crea:
        assert response.status_code == 302
        assert creata is None
        return
    assert creata is not None, response.content.decode()[:2000]
    assert creata.live is pubblica  # a referente's "publish" is not honoured: the page stays a draft
    if pubblica:
        assert list(creata.temi.all()) == [temi["poverta"]]
        assert client.get(creata.url).status_code == 200


def test_a_referente_submits_an_update_for_review_and_it_stays_a_draft(client, indice, temi):
    client.force_login(ReferenteFactory())
    url = reverse("wagtailadmin_pages:add", args=["cop", "aggiornamentopage", indice.pk])

    client.post(url, _dati_form(temi["poverta"], azione="action-submit"))

    creata = AggiornamentoPage.objects.get(slug="nuove-soglie-isee")
    assert not creata.live
    assert creata.current_workflow_state is not None


# --- An update "di zona" names its zones ---------------------------------------------------------------

ZONA_MANCANTE = "Un aggiornamento di zona deve indicare almeno una zona."


def _crea_da_admin(client, indice, dati):
    client.force_login(RedattoreFactory())
    return client.post(reverse("wagtailadmin_pages:add", args=["cop", "aggiornamentopage", indice.pk]), dati)


def test_a_zone_update_without_zones_is_sent_back_with_the_reason(client, indice, temi):
    dati = _dati_form(temi["poverta"])
    dati["ambito"] = "zonale"

    response = _crea_da_admin(client, indice, dati)

    assert response.status_code == 200
    assert ZONA_MANCANTE in response.content.decode()
    assert response.context["form"].errors["zone"] == [ZONA_MANCANTE]
    assert not AggiornamentoPage.objects.filter(slug="nuove-soglie-isee").exists()


def test_a_zone_update_with_its_zone_is_published(client, indice, temi):
    zona = ZonaFactory(nome="Valdinievole", slug="valdinievole-agg")
    dati = _dati_form(temi["poverta"])
    dati["ambito"] = "zonale"
    dati["zone"] = [zona.pk]

    response = _crea_da_admin(client, indice, dati)

    assert response.status_code == 302
    creata = AggiornamentoPage.objects.get(slug="nuove-soglie-isee")
    assert creata.live
    assert list(creata.zone.all()) == [zona]


@pytest.mark.parametrize("ambito", ["nazionale", "regionale"])
def test_a_national_or_regional_update_needs_no_zone(client, indice, temi, ambito):
    dati = _dati_form(temi["poverta"])
    dati["ambito"] = ambito

    response = _crea_da_admin(client, indice, dati)

    assert response.status_code == 302
    creata = AggiornamentoPage.objects.get(slug="nuove-soglie-isee")
    assert creata.live and creata.ambito == ambito
    assert not creata.zone.exists()


def test_turning_an_update_into_a_zone_one_needs_the_zone_in_the_same_edit(client, indice, temi):
    notizia = AggiornamentoPageFactory(parent=indice, slug="nuove-soglie-isee", temi=[temi["poverta"]])
    zona = ZonaFactory(nome="Valdinievole", slug="valdinievole-agg")
    client.force_login(RedattoreFactory())
    url = reverse("wagtailadmin_pages:edit", args=[notizia.pk])
    dati = _dati_form(temi["poverta"])
    dati["ambito"] = "zonale"

    senza = client.post(url, dati)
    assert senza.status_code == 200
    assert ZONA_MANCANTE in senza.content.decode()
    assert AggiornamentoPage.objects.get(pk=notizia.pk).ambito == "nazionale"

    dati["zone"] = [zona.pk]
    con = client.post(url, dati)
    assert con.status_code == 302
    notizia = AggiornamentoPage.objects.get(pk=notizia.pk)
    assert notizia.ambito == "zonale"
    assert list(notizia.zone.all()) == [zona]


def test_code_cannot_publish_a_zone_update_without_zones(indice):
    with pytest.raises(ValidationError) as errore:
        AggiornamentoPageFactory(parent=indice, ambito=AggiornamentoPage.Ambito.ZONALE)

    assert errore.value.message_dict == {"zone": [ZONA_MANCANTE]}
    assert not AggiornamentoPage.objects.exists()


# --- The listing --------------------------------------------------------------------------------------


def _titoli(response):
    return [p.title for p in response.context["elenco"].pagina]


def test_the_listing_shows_published_updates_newest_first(client, indice, notizie):
    response = client.get(indice.url)

    assert response.status_code == 200
    assert _titoli(response) == [
        "Arriva l'Assegno di inclusione",
        "Tavolo di zona sulla povertà educativa",
        "Presentata la Comunità di pratica",
    ]
    html = response.content.decode()
    assert "Bozza riservata" not in html
    assert "Ultimo aggiornamento" in html
    assert "Quanto sono chiare le informazioni su questa pagina?" in html


@pytest.mark.parametrize(
    ("query", "attesi"),
    [
        ("?tema=minori-agg", {"cop", "zona"}),
        ("?ambito=regionale", {"cop"}),
        ("?tema=poverta-agg&ambito=nazionale", {"adi"}),
        ("?tema=poverta-agg&tema=minori-agg", {"adi", "cop", "zona"}),
        ("?zona=pisana-agg", {"zona"}),
        ("?ambito=zonale&tema=poverta-agg", set()),
    ],
)
def test_the_listing_filters_by_theme_kind_and_zone(client, indice, notizie, query, attesi):
    response = client.get(indice.url + query)

    assert response.status_code == 200
    assert set(_titoli(response)) == {notizie[chiave].title for chiave in attesi}
    assert response.context["elenco"].filtri.avvisi == []


def test_the_filter_panel_counts_each_option_with_the_other_filters(client, indice, notizie):
    response = client.get(indice.url + "?ambito=nazionale")

    faccette = {f["parametro"]: f for f in response.context["elenco"].faccette}
    temi = {o["valore"]: o["n"] for o in faccette["tema"]["opzioni"]}
    ambiti = {o["valore"]: (o["n"], o["scelto"]) for o in faccette["ambito"]["opzioni"]}
    assert temi == {"poverta-agg": 1}
    assert ambiti == {"nazionale": (1, True), "regionale": (1, False), "zonale": (1, False)}
    html = response.content.decode()
    assert 'name="ambito" value="nazionale" checked' in html
    assert "Ambito: Nazionale" in html  # the active filter, removable


def test_bad_parameters_are_ignored_with_a_notice(client, indice, notizie):
    response = client.get(indice.url + "?tema=inesistente&ambito=galattico&page=abc&colore=blu")

    assert response.status_code == 200
    assert len(_titoli(response)) == 3
    avvisi = response.context["elenco"].filtri.avvisi
    assert len(avvisi) == 4
    html = response.content.decode()
    assert "Il filtro «tema=inesistente» non è valido ed è stato ignorato." in html
    assert "Il parametro «colore» non è riconosciuto ed è stato ignorato." in html


def test_the_listing_is_paginated_and_a_page_out_of_range_says_so(client, indice, temi):
    for i in range(12):
        AggiornamentoPageFactory(parent=indice, temi=[temi["poverta"]], data=datetime.date(2024, 1, 1 + i))

    prima = client.get(indice.url + "?tema=poverta-agg")
    seconda = client.get(indice.url + "?tema=poverta-agg&page=2")
    oltre = client.get(indice.url + "?page=99")

    assert len(_titoli(prima)) == 10
    assert len(_titoli(seconda)) == 2
    assert "?tema=poverta-agg&amp;page=2" in prima.content.decode()
    assert "La pagina 99 non esiste: ecco la pagina 2." in oltre.content.decode()


def test_the_listing_queries_do_not_grow_with_the_updates(client, indice, temi, django_assert_max_num_queries):
    zone = [ZonaFactory() for _ in range(3)]
    for i in range(15):
        AggiornamentoPageFactory(parent=indice, temi=list(temi.values()), zone=zone[: i % 3 + 1], tags=["x", "y"])
    client.get(indice.url)  # warm the site's caches

    with django_assert_max_num_queries(22):
        response = client.get(indice.url + "?tema=poverta-agg&page=2")
    assert len(_titoli(response)) == 5


# --- The update page, the feeds, the home page, search ---------------------------------------------------


def test_the_update_page_shows_its_kind_themes_source_and_rating(client, notizie):
    response = client.get(notizie["adi"].url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Nazionale" in html
    assert "1 gennaio 2024" in html
    assert '<a href="https://www.lavoro.gov.it/" rel="noopener">Ministero del Lavoro' in html
    assert "?tema=poverta-agg" in html
    assert "ADI" in html
    assert "Ultimo aggiornamento" in html
    assert 'name="voto"' in html


def test_a_draft_update_is_not_served(client, notizie):
    assert client.get(notizie["bozza"].url or f"{notizie['bozza'].url_path}").status_code == 404


def test_the_body_keeps_only_the_editor_features(indice, temi):
    notizia = AggiornamentoPageFactory(parent=indice, temi=[temi["poverta"]])
    features = AggiornamentoPage._meta.get_field("body").features

    assert "image" not in features and "embed" not in features
    assert notizia.testo_semplice() == (
        "Che cosa cambia per i servizi sociali delle zone-distretto.\n\nIl testo dell'aggiornamento."
    )


@pytest.mark.parametrize("formato", ["rss", "atom"])
def test_the_feed_lists_published_updates_with_absolute_links(client, indice, notizie, formato):
    response = client.get(indice.url + f"feed/{formato}/")

    assert response.status_code == 200
    xml = response.content.decode()
    assert "Arriva l&#x27;Assegno di inclusione" in xml or "Arriva l'Assegno di inclusione" in xml
    assert "http://testserver/aggiornamenti/" in xml
    assert "Bozza riservata" not in xml


def test_an_unknown_feed_format_is_not_found(client, indice):
    assert client.get(indice.url + "feed/pdf/").status_code == 404


def test_the_home_page_shows_the_latest_updates(client, notizie):
    html = client.get("/").content.decode()

    assert "Aggiornamenti" in html
    assert f'href="{notizie["adi"].url}"' in html
    assert "Bozza riservata" not in html


def test_the_home_page_without_updates_says_so(client, home_page):
    assert "Non ci sono ancora aggiornamenti dalla redazione." in client.get("/").content.decode()


def test_the_search_document_has_kind_themes_zones_and_plain_text(notizie):
    documento = Page.objects.get(pk=notizie["zona"].pk).specific.documento_di_ricerca()

    assert documento == {
        "tipo": "aggiornamento",
        "temi": ["minori-agg"],
        "zone": ["pisana-agg"],
        # Its zones' and themes' names too, so that searching them finds it.
        "testo": "Che cosa cambia per i servizi sociali delle zone-distretto.\n\nIl testo dell'aggiornamento."
        "\n\nPisana\n\nMinori e povertà educativa",
        "sommario": "Che cosa cambia per i servizi sociali delle zone-distretto.",
        "data": timezone.make_aware(datetime.datetime(2022, 6, 8)),
    }
    assert documento["data"].isoformat() == "2022-06-08T00:00:00+02:00"


# --- Demo ---------------------------------------------------------------------------------------------


def test_the_demo_builds_the_index_and_the_updates_once(client, home_page):
    from cop.demo.aggiornamenti import aggiornamenti

    aggiornamenti(Esito())
    esito = Esito()
    aggiornamenti(esito)

    assert esito.creati == []
    indice = AggiornamentiIndexPage.objects.child_of(home_page).get()
    assert AggiornamentoPage.objects.child_of(indice).live().count() == len(AGGIORNAMENTI)
    adi = AggiornamentoPage.objects.get(slug="dal-reddito-di-cittadinanza-all-assegno-di-inclusione")
    assert {t.slug for t in adi.temi.all()} == {"poverta", "lavoro"}
    assert {t.name for t in adi.tags.all()} == {"ADI", "SFL", "RdC"}
    assert client.get(adi.url).status_code == 200
    assert client.get(indice.url + "?ambito=regionale").context["elenco"].totale == 1
    for di_zona in AggiornamentoPage.objects.filter(ambito=AggiornamentoPage.Ambito.ZONALE):
        assert di_zona.zone.exists(), di_zona.title


def test_the_site_search_reads_an_update_through_its_hook(notizie):
    from search.documents import documenti, id_documento

    trovati = documenti([id_documento(notizie["zona"]), id_documento(notizie["bozza"])])

    documento = trovati[id_documento(notizie["zona"])]
    assert documento["tipo"] == "aggiornamento"
    assert documento["temi"] == ["minori-agg"]
    assert documento["zone"] == ["pisana-agg"]
    assert documento["anno"] == 2022
    assert "<p>" not in documento["testo"]
    assert trovati[id_documento(notizie["bozza"])] is None  # drafts never reach the index
