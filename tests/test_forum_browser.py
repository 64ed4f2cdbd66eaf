"""The forum in Chromium: a corpus of XSS vectors posted through the reply form must not open a
dialog nor run anything; axe-core on the category page, the topic page and the reply form."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cop.tests.factories import PASSWORD, OperatoreFactory
from cop.tests.test_sanitize import XSS_VECTORS
from forum import services
from forum.models import Categoria, ImpostazioniForum, Messaggio
from forum.views import MESSAGGI_PER_PAGINA
from tests.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Counts every call of the dialog functions and every script that an injected payload might run.
SPIA = """
window.__xss = 0;
for (const nome of ["alert", "confirm", "prompt", "print"]) {
    window[nome] = function () { window.__xss += 1; };
}
"""

# A few extra vectors aimed at Markdown rather than raw HTML.
VETTORI_MARKDOWN = [
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[clic](https://ok.example "onmouseover=alert(1)")',
    "![img](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[a]: javascript:alert(1)\n\n[a]",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "> <img src=x onerror=alert(1)>",
]


@pytest.fixture
def forum(db):
    impostazioni = ImpostazioniForum.load()
    impostazioni.secondi_tra_messaggi = 0
    impostazioni.secondi_tra_messaggi_nuovi = 0
    impostazioni.max_risposte_primo_giorno = 1000
    impostazioni.save()
    categoria = Categoria.objects.create(nome="Inclusione", slug="inclusione")
    autore = OperatoreFactory(email="autrice@esempio.it", date_joined=timezone.now() - timedelta(days=3))
    discussione = services.crea_discussione(
        categoria=categoria, user=autore, titolo="Tavolo con gli ETS", testo="Come avete organizzato il tavolo?"
    )
    return categoria, discussione


CENTRI_DEI_MESSAGGI = """(quanti) => [...document.querySelectorAll("article")].slice(0, quanti).map((articolo) => {
    const box = articolo.getBoundingClientRect();
    return [box.x + box.width / 2, box.y + box.height / 2];
})"""


def test_xss_corpus_posted_through_the_form_never_runs(page, forum):
    """Every vector is posted to the reply view as the form sends it (the same view, form, service and
    sanitiser as a browser's post, through Django's test client: a Chromium round trip per vector took
    three minutes and tested nothing more), a few through Chromium's own form; then every page of the
    topic is opened in Chromium, where nothing may run."""
    _categoria, discussione = forum
    vettori = list(XSS_VECTORS) + VETTORI_MARKDOWN
    assert len(vettori) >= 100
    dialoghi = []
    page.on("dialog", lambda dialog: (dialoghi.append(dialog.message), dialog.dismiss()))
    page.add_init_script(SPIA)
    tester = OperatoreFactory(email="tester@esempio.it", date_joined=timezone.now() - timedelta(days=3))
    rispondi = reverse("forum:rispondi", kwargs={"pk": discussione.pk})

    client = Client()
    client.force_login(tester)
    rifiutati = []
    for i, vettore in enumerate(vettori[3:], start=3):
        risposta = client.post(rispondi, {"testo": f"{vettore}\n\nvettore {i}", "sito_web": ""})
        if risposta.status_code != 302:
            # Refused (e.g. a NUL character): a clear message in the error summary, never a 500.
            assert risposta.status_code == 200, (vettore, risposta.status_code)
            assert risposta.content.decode().count("alert-danger") == 1, vettore
            rifiutati.append(vettore)

    log_in(page, tester.email, PASSWORD)
    page.goto(rispondi)
    for i, vettore in enumerate(vettori[:3]):
        form = page.locator("form:has(textarea[name=testo])")
        assert form.get_attribute("action").endswith(rispondi)
        form.locator("textarea[name=testo]").fill(f"{vettore}\n\nvettore {i}")
        with page.expect_navigation():
            form.locator("[type=submit]").click()
        assert "/rispondi/" not in page.url, vettore
    assert len(rifiutati) <= 2, rifiutati
    assert Messaggio.objects.filter(discussione=discussione).count() == len(vettori) - len(rifiutati) + 1

    pagine = (len(vettori) + 1 - 1) // MESSAGGI_PER_PAGINA + 1
    for numero in range(1, pagine + 1):
        page.goto(f"/forum/t/{discussione.pk}/?page={numero}")
        # The mouse goes over every post (mouseover / mouseenter vectors), the whole page in the window.
        page.set_viewport_size({"width": 1280, "height": page.evaluate("document.documentElement.scrollHeight")})
        for x, y in page.evaluate(CENTRI_DEI_MESSAGGI, MESSAGGI_PER_PAGINA):
            page.mouse.move(x, y)
        page.wait_for_timeout(100)
        assert page.evaluate("window.__xss") == 0, f"uno script iniettato è stato eseguito a pagina {numero}"
        pericolosi = page.evaluate(
            """() => {
                const trovati = [];
                for (const el of document.querySelectorAll('.forum-testo *, .forum-testo')) {
                    for (const a of el.attributes) {
                        const v = a.value.trim().toLowerCase();
                        if (a.name.startsWith('on') || a.name === 'style' || a.name === 'src'
                            || (a.name === 'href' && !/^(https?:|mailto:|\\/|#)/.test(v))) {
                            trovati.push(el.outerHTML.slice(0, 120));
                        }
                    }
                    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'IMG', 'FORM', 'STYLE', 'BASE', 'META']
                        .includes(el.tagName.toUpperCase())) trovati.push(el.outerHTML.slice(0, 120));
                }
                return trovati;
            }"""
        )
        assert pericolosi == [], pericolosi
    assert dialoghi == []


def test_category_topic_and_reply_form_have_no_serious_axe_violations(page, axe, forum):
    categoria, discussione = forum
    page.goto(f"/forum/c/{categoria.slug}/")
    axe(page, label="categoria")
    page.goto(f"/forum/t/{discussione.pk}/")
    axe(page, label="discussione (anonimo)")
    OperatoreFactory(email="lettrice@esempio.it", date_joined=timezone.now() - timedelta(days=3))
    log_in(page, "lettrice@esempio.it", PASSWORD)
    page.goto(f"/forum/t/{discussione.pk}/")
    axe(page, label="discussione con il modulo di risposta")
    form = page.locator("form:has(textarea[name=testo])")
    form.locator("textarea[name=testo]").fill("x" * 20_001)
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    assert "troppo lungo" in page.content()
    axe(page, label="modulo di risposta con errori")
    page.goto(f"/forum/c/{categoria.slug}/nuova/")
    axe(page, label="nuova discussione")
