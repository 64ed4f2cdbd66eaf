"""axe-core in Chromium on a zone page (full and empty) and on the "Flusso" page with its heat map, at
desktop and phone widths: no "serious" or "critical" violation; the table scrolls sideways on a phone
and keeps its zone names in view."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from buonepratiche.tests.factories import AdozioneFactory, BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.models import Zona
from cop.tests.factories import ProfiloFactory, TemaFactory
from eventi.tests.factories import EventiIndexPageFactory, EventoPageFactory
from forum.tests.factories import CategoriaFactory, DiscussioneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADESSO = timezone.now().replace(microsecond=0)


@pytest.fixture
def territori(home_page):
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    EventiIndexPageFactory(parent=home_page)
    pisana = Zona.objects.get(slug="pisana")
    livornese = Zona.objects.get(slug="livornese")
    temi = [TemaFactory(slug=f"tema-a11y-{i}", nome=f"Tema numero {i}") for i in range(6)]
    for i in range(12):
        pratica = BuonaPraticaPageFactory(
            parent=indice,
            title=f"Pratica pisana {i}",
            zone=[pisana],
            temi=temi[: 1 + i % 6],
            first_published_at=ADESSO - datetime.timedelta(days=i),
        )
        if i < 3:
            AdozioneFactory(pratica=pratica, zona_adottante=livornese)
    AdozioneFactory(
        pratica=BuonaPraticaPageFactory(parent=indice, title="Pratica livornese", zone=[livornese], temi=temi[:2]),
        zona_adottante=pisana,
    )
    for giorni in (-20, -3, 5, 12):
        EventoPageFactory(
            title=f"Incontro di zona a {giorni} giorni",
            zone=[pisana],
            temi=temi[:1],
            inizio=ADESSO + datetime.timedelta(days=giorni),
            first_published_at=ADESSO - datetime.timedelta(days=30),
        )
    categoria = CategoriaFactory(slug="pisana-a11y", nome="Zona Pisana", zona=pisana)
    DiscussioneFactory(categoria=categoria, titolo="Il tavolo")
    ProfiloFactory(zona=pisana)
    return {"pisana": pisana}


LARGHEZZE = (1280, 375)


def test_zone_page_has_no_serious_axe_violations(page, axe, territori):
    for larghezza in LARGHEZZE:
        page.set_viewport_size({"width": larghezza, "height": 900})
        risposta = page.goto(territori["pisana"].get_absolute_url())
        assert risposta.status == 200
        assert page.get_by_role("heading", name="Buone pratiche", exact=True).is_visible()
        axe(page, label=f"zona pisana ({larghezza}px)")


def test_empty_and_ended_zone_pages_have_no_serious_axe_violations(page, axe, territori):
    for slug in ("casentino", "aretina-casentino-valtiberina"):
        assert page.goto(reverse("zona_detail", args=[slug])).status == 200
        axe(page, label=slug)


def test_flusso_page_has_no_serious_axe_violations(page, axe, territori):
    for larghezza in LARGHEZZE:
        page.set_viewport_size({"width": larghezza, "height": 900})
        risposta = page.goto(reverse("flusso"))
        assert risposta.status == 200
        tabella = page.locator("table.mappa-calore")
        assert tabella.locator("caption").is_visible()
        axe(page, label=f"flusso ({larghezza}px)")


def test_flusso_table_scrolls_sideways_on_a_phone_keeping_the_zone_names(page, territori):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(reverse("flusso"))
    contenitore = page.locator(".table-responsive[role=region]")
    larghezze = contenitore.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert larghezze[0] > larghezze[1]  # the table is wider than the phone: it scrolls, the page does not
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    contenitore.evaluate("el => { el.scrollLeft = el.scrollWidth }")
    zona = page.locator("table.mappa-calore tbody th[scope=row]").first
    assert zona.bounding_box()["x"] < 60  # sticky: still at the left edge
    contenitore.focus()  # reachable with the keyboard
    assert page.evaluate("() => document.activeElement.getAttribute('role')") == "region"


def test_flusso_heat_map_cells_have_the_colour_of_their_legend_step(page, territori):
    """Each cell is painted with the colour its legend promises (Bootstrap Italia's table cells had
    painted them white, with white numbers on the busiest ones)."""
    page.goto(reverse("flusso"))
    colori = page.evaluate(
        """() => {
            const sfondo = (el) => getComputedStyle(el).backgroundColor;
            const risultato = {};
            for (const campione of document.querySelectorAll(".legenda-calore .campione")) {
                const livello = [...campione.classList].find((c) => c.startsWith("livello-"));
                const cella = document.querySelector(`table.mappa-calore td.${livello}`);
                if (cella) risultato[livello] = [sfondo(campione), sfondo(cella), getComputedStyle(cella).color];
            }
            return risultato;
        }"""
    )
    assert {"livello-0", "livello-1"} <= colori.keys()
    for livello, (legenda, cella, testo) in colori.items():
        assert cella == legenda, f"{livello}: la cella è {cella}, la legenda promette {legenda}"
        assert cella != testo, f"{livello}: testo dello stesso colore dello sfondo ({testo})"
