"""«Proponi una buona pratica» through the front end: every step saves a draft revision, a draft is
resumed from «Le mie pratiche», attachments are checked by extension and content, what people type
is sanitised."""

import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Revision

from buonepratiche import sezioni as testo_semplice
from buonepratiche.allegati import DIMENSIONE_MASSIMA
from buonepratiche.models import BuonaPraticaPage, Metodologia
from buonepratiche.services import proposte as servizi
from buonepratiche.tests.aiuti_proposte import *  # noqa: F403 (fixtures)
from buonepratiche.tests.aiuti_proposte import EXE, HTML, PDF, bozza, completa, con_zona, odf, ooxml
from buonepratiche.tests.factories import BuonaPraticaPageFactory, vocabolario
from cop.sanitize import pulisci_html
from cop.tests.factories import OperatoreFactory, ReferenteFactory

pytestmark = pytest.mark.django_db


def url_passo(pratica, passo):
    return reverse("buonepratiche:proposta_passo", args=[pratica.pk, passo])


def revisioni(pratica):
    return Revision.page_revisions.filter(object_id=str(pratica.pk)).count()


def ultima(pratica):
    return BuonaPraticaPage.objects.get(pk=pratica.pk).get_latest_revision_as_object()


# --- Step 1 creates the draft ------------------------------------------------------------------------


def test_step_one_creates_an_unpublished_page_owned_by_the_author(client, indice, operatore, zona, tema):
    client.force_login(operatore)
    pagina = client.get(reverse("buonepratiche:proponi"))
    assert pagina.status_code == 200
    # The author's zone is suggested.
    assert f'value="{zona.pk}" id="id_zone_' in pagina.content.decode()
    assert "checked" in pagina.content.decode().split(f'value="{zona.pk}"')[1][:40]

    response = client.post(
        reverse("buonepratiche:proponi"),
        {"title": "Budget di Salute", "abstract": "In breve.", "zone": [zona.pk], "temi": [tema.pk]},
    )

    pratica = BuonaPraticaPage.objects.get(draft_title="Budget di Salute")
    assert response.status_code == 302
    assert response["Location"] == url_passo(pratica, 2)
    assert pratica.get_parent().specific == indice
    assert pratica.owner == operatore
    assert not pratica.live
    assert revisioni(pratica) == 1
    assert list(ultima(pratica).zone.all()) == [zona]


def test_the_same_form_submitted_five_times_creates_one_draft(client, indice, operatore, zona, tema):
    client.force_login(operatore)
    pagina = client.get(reverse("buonepratiche:proponi")).content.decode()
    (chiave,) = re.findall(r'name="chiave_proposta" value="([0-9a-f]{32})"', pagina)
    dati = {"title": "Budget di Salute", "abstract": "In breve.", "zone": [zona.pk], "temi": [tema.pk]}

    risposte = [client.post(reverse("buonepratiche:proponi"), {**dati, "chiave_proposta": chiave}) for _ in range(5)]

    pratica = BuonaPraticaPage.objects.get()
    assert [r.status_code for r in risposte] == [302] * 5
    assert {r["Location"] for r in risposte} == {url_passo(pratica, 2)}
    assert revisioni(pratica) == 1
    nuovo_modulo = client.get(reverse("buonepratiche:proponi")).content.decode()
    assert chiave not in nuovo_modulo  # a new form, a new key: a second practice is still possible
    client.post(
        reverse("buonepratiche:proponi"),
        {**dati, "chiave_proposta": re.findall(r'name="chiave_proposta" value="([0-9a-f]{32})"', nuovo_modulo)[0]},
    )
    assert BuonaPraticaPage.objects.count() == 2


def test_a_form_with_errors_keeps_its_key(client, indice, operatore):
    client.force_login(operatore)
    chiave = "0123456789abcdef0123456789abcdef"
    response = client.post(reverse("buonepratiche:proponi"), {"title": "", "chiave_proposta": chiave})
    assert f'name="chiave_proposta" value="{chiave}"' in response.content.decode()


def test_step_one_with_errors_creates_nothing_and_says_why(client, indice, operatore):
    client.force_login(operatore)
    response = client.post(reverse("buonepratiche:proponi"), {"title": "", "abstract": ""})
    assert response.status_code == 400
    testo = response.content.decode()
    assert "Il modulo contiene" in testo
    assert "Scegli almeno un territorio." in testo
    assert not BuonaPraticaPage.objects.exists()


def test_every_step_saves_a_new_revision(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)

    r2 = client.post(
        url_passo(pratica, 2),
        {
            "contesto": "Una zona con molte famiglie in difficoltà.",
            "obiettivi": "- autonomia\n- lavoro",
            "azioni": "Prima azione.\n\nSeconda azione.",
            "indicatori-TOTAL_FORMS": "2",
            "indicatori-INITIAL_FORMS": "0",
            "indicatori-0-valore": "616",
            "indicatori-0-descrizione": "progetti finanziati",
            "indicatori-1-valore": "",
            "indicatori-1-descrizione": "",
        },
    )
    assert r2.status_code == 302 and r2["Location"] == url_passo(pratica, 3)
    assert revisioni(pratica) == 2

    budget = vocabolario(Metodologia, "budget-di-salute")
    r3 = client.post(
        url_passo(pratica, 3),
        {
            "soggetti-TOTAL_FORMS": "2",
            "soggetti-INITIAL_FORMS": "0",
            "soggetti-0-nome": "SdS Pisana",
            "soggetti-0-tipo": "sds",
            "soggetti-0-ruolo": "promotore",
            "soggetti-1-nome": "",
            "soggetti-1-tipo": "",
            "soggetti-1-ruolo": "partner",
            "metodologie": [budget.pk],
            "data_inizio": "2022-03-01",
            "data_fine": "",
            "stato": "in-corso",
            "tags": "co-progettazione, Housing first, co-progettazione",
        },
    )
    assert r3.status_code == 302 and r3["Location"] == url_passo(pratica, 4)
    assert revisioni(pratica) == 3

    r4 = client.post(
        url_passo(pratica, 4),
        {"contatto_nome": "Maria Rossi", "contatto_email": "maria@esempio.it", "azione": "continua"},
    )
    assert r4.status_code == 302
    assert r4["Location"] == reverse("buonepratiche:proposta_riepilogo", args=[pratica.pk])
    assert revisioni(pratica) == 4

    salvata = ultima(pratica)
    assert salvata.contesto == "<p>Una zona con molte famiglie in difficoltà.</p>"
    assert salvata.obiettivi == "<ul><li>autonomia</li><li>lavoro</li></ul>"
    assert salvata.azioni == "<p>Prima azione.</p><p>Seconda azione.</p>"
    assert [(i.valore, i.descrizione) for i in salvata.indicatori.all()] == [("616", "progetti finanziati")]
    assert [(s.nome, s.ruolo) for s in salvata.soggetti.all()] == [("SdS Pisana", "promotore")]
    assert list(salvata.metodologie.all()) == [budget]
    assert sorted(t.name for t in salvata.tags.all()) == ["Housing first", "co-progettazione"]
    assert str(salvata.data_inizio) == "2022-03-01"
    assert salvata.contatto_email == "maria@esempio.it"
    # Nothing of it is online: the page is still an unpublished draft.
    assert not BuonaPraticaPage.objects.get(pk=pratica.pk).live


def test_a_step_with_invalid_dates_is_not_saved(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    response = client.post(
        url_passo(pratica, 3),
        {
            "soggetti-TOTAL_FORMS": "0",
            "soggetti-INITIAL_FORMS": "0",
            "data_inizio": "2023-05-01",
            "data_fine": "2022-01-01",
            "stato": "conclusa",
        },
    )
    assert response.status_code == 400
    assert "La data di fine non può precedere la data di inizio." in response.content.decode()
    assert revisioni(pratica) == 1


def test_save_and_exit_goes_to_my_practices_and_the_draft_can_be_resumed(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    response = client.post(url_passo(pratica, 2), {"contesto": "Scritto ieri.", "azione": "esci", **_vuoti()})
    assert response["Location"] == reverse("buonepratiche:mie_pratiche")

    # Another session (the browser was closed): everything is there.
    client.logout()
    client.force_login(operatore)
    mie = client.get(reverse("buonepratiche:mie_pratiche")).content.decode()
    assert "Budget di Salute a Pisa" in mie
    assert "Bozza" in mie
    riprendi = reverse("buonepratiche:proposta_riepilogo", args=[pratica.pk])
    assert f'href="{riprendi}"' in mie
    riepilogo = client.get(riprendi).content.decode()
    assert "Scritto ieri." in riepilogo
    assert "Prima di inviare, completa:" in riepilogo
    passo_2 = client.get(url_passo(pratica, 2)).content.decode()
    assert "Scritto ieri.</textarea>" in passo_2


def _vuoti():
    return {"indicatori-TOTAL_FORMS": "0", "indicatori-INITIAL_FORMS": "0"}


def test_submitting_an_incomplete_draft_lists_what_is_missing(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    response = client.post(reverse("buonepratiche:proposta_riepilogo", args=[pratica.pk]))
    assert response.status_code == 400
    testo = response.content.decode()
    assert "La proposta non è stata inviata" in testo
    assert "gli obiettivi" in testo and "il promotore" in testo
    assert pratica.current_workflow_state is None


def test_submitting_from_the_summary_sends_to_review(client, indice, operatore, referente, zona, tema):
    pratica = completa(bozza(operatore, indice, zona, tema), operatore)
    client.force_login(operatore)
    response = client.post(reverse("buonepratiche:proposta_riepilogo", args=[pratica.pk]))
    assert response.status_code == 302
    assert pratica.current_workflow_state is not None
    mie = client.get(reverse("buonepratiche:mie_pratiche")).content.decode()
    assert "In revisione dal referente di zona" in mie
    # While it is in review the steps send the author back, with an explanation.
    response = client.get(url_passo(pratica, 1), follow=True)
    assert "è in revisione" in response.content.decode()


# --- Attachments ---------------------------------------------------------------------------------------


def carica(client, pratica, nome, contenuto, **extra):
    return client.post(
        url_passo(pratica, 4),
        {"nuovo_allegato": SimpleUploadedFile(nome, contenuto), "contatto_nome": "Maria Rossi", **extra},
    )


@pytest.mark.parametrize(
    ("nome", "contenuto"),
    [
        ("relazione.pdf", PDF),
        ("relazione.odt", odf()),
        ("bilancio.ods", odf("application/vnd.oasis.opendocument.spreadsheet")),
        ("relazione.docx", ooxml()),
        ("bilancio.xlsx", ooxml("xl/workbook.xml", "spreadsheetml.sheet.main+xml")),
    ],
)
def test_accepted_attachments_become_documents_of_the_collection(
    client, indice, operatore, zona, tema, nome, contenuto
):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    response = carica(client, pratica, nome, contenuto, titolo_allegato="Relazione finale", azione="altro")
    assert response.status_code == 302
    assert response["Location"] == url_passo(pratica, 4)

    allegati = list(ultima(pratica).allegati.all())
    assert len(allegati) == 1
    documento = allegati[0].documento
    assert documento.title == "Relazione finale"
    assert documento.collection.name == "Allegati delle proposte"  # members only until publication
    assert documento.uploaded_by_user == operatore
    assert documento.file_size == len(contenuto)


@pytest.mark.parametrize(
    ("nome", "contenuto", "messaggio"),
    [
        ("programma.exe", EXE, "non è accettato"),
        ("pagina.html", HTML, "non è accettato"),
        ("finto.pdf", EXE, "non è un vero documento PDF"),
        ("finto.odt", HTML, "non è un vero documento ODT"),
        ("finto.docx", odf(), "non è un vero documento DOCX"),
        ("finto.ods", odf(), "non è un vero documento ODS"),  # an ODT renamed
        ("finto.xlsx", ooxml(), "non è un vero documento XLSX"),  # a DOCX renamed
    ],
)
def test_other_files_are_refused_and_the_rest_of_the_step_is_kept(
    client, indice, operatore, zona, tema, nome, contenuto, messaggio
):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    response = carica(client, pratica, nome, contenuto)

    assert response.status_code == 400
    testo = response.content.decode()
    assert messaggio in testo
    assert f"«{nome}»" in testo
    assert not get_document_model().objects.exists()
    # The contact typed in the same step is saved, and still on screen.
    assert ultima(pratica).contatto_nome == "Maria Rossi"
    assert 'value="Maria Rossi"' in testo


def test_a_file_over_20_mb_is_refused(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    # Built in memory; the upload handler stops reading it at the limit.
    grande = PDF + b"0" * (DIMENSIONE_MASSIMA + 1 - len(PDF))
    response = carica(client, pratica, "grande.pdf", grande)
    assert response.status_code == 400
    assert "supera i 20 MB" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_the_size_is_checked_by_the_service_too(operatore, indice, zona, tema):
    """Whoever calls the service (not only the form), the limit holds."""
    grande = SimpleUploadedFile("grande.pdf", b"")
    grande.size = DIMENSIONE_MASSIMA + 1
    with pytest.raises(servizi.ValidationError, match="20 MB"):
        servizi.carica_documento(user=operatore, file=grande)


def test_an_attachment_can_be_removed(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    carica(client, pratica, "uno.pdf", PDF, azione="altro")
    carica(client, pratica, "due.pdf", PDF, azione="altro")
    assert [a.documento.title for a in ultima(pratica).allegati.all()] == ["uno", "due"]

    client.post(url_passo(pratica, 4), {"allegati_rimossi": ["0"], "azione": "altro"})
    assert [a.documento.title for a in ultima(pratica).allegati.all()] == ["due"]


def test_step_4_lists_each_document_with_its_name_type_size_and_a_link(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    carica(client, pratica, "programma.pdf", PDF, titolo_allegato="Programma dello sportello", azione="altro")
    documento = ultima(pratica).allegati.get().documento

    html = client.get(url_passo(pratica, 4)).content.decode()
    assert f'href="{documento.url}"' in html
    assert "Programma dello sportello" in html
    assert f"{documento.filename} · PDF · " in html
    assert "Togli «Programma dello sportello» quando salvi" in html


def test_removing_a_document_and_adding_a_refused_file_keeps_the_list_right(client, indice, operatore, zona, tema):
    """The step saves the removal, refuses the file and lists what is left (it listed the old ones)."""
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    carica(client, pratica, "uno.pdf", PDF, azione="altro")
    carica(client, pratica, "due.pdf", PDF, azione="altro")

    response = client.post(
        url_passo(pratica, 4),
        {"allegati_rimossi": ["0"], "nuovo_allegato": SimpleUploadedFile("virus.exe", EXE), "azione": "altro"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Togli «due» quando salvi" in html
    assert "Togli «uno» quando salvi" not in html
    assert [a.documento.title for a in ultima(pratica).allegati.all()] == ["due"]


def test_the_first_organisation_of_step_3_is_the_promoter(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    html = client.get(url_passo(pratica, 3)).content.decode()
    assert re.search(r'<option value="promotore" selected>', html.split('name="soggetti-1-ruolo"')[0])
    assert '<option value="partner" selected>' in html.split('name="soggetti-1-ruolo"')[1]


def test_the_summary_says_who_reviews_when_the_zone_has_no_referente(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    completa(pratica, operatore)
    client.force_login(operatore)
    riepilogo = reverse("buonepratiche:proposta_riepilogo", args=[pratica.pk])

    html = client.get(riepilogo).content.decode()
    assert "passa alla redazione regionale, che la revisiona direttamente" in html
    assert "passa al referente della tua zona" not in html

    con_zona(ReferenteFactory, zona)
    html = client.get(riepilogo).content.decode()
    assert "passa al referente della tua zona" in html


# --- Sanitisation and plain text ------------------------------------------------------------------------

ATTACCO = (
    '<p onclick="alert(1)">Testo</p><script>alert("x")</script><iframe src="https://male.example"></iframe>'
    '<a href="javascript:alert(1)">clic</a><img src=x onerror="alert(1)"><a href="https://esempio.it">ok</a>'
    "<style>body{display:none}</style><strong>forte</strong>"
)


def test_entered_html_is_sanitised_before_it_is_stored(client, indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    client.force_login(operatore)
    client.post(url_passo(pratica, 2), {"azioni": ATTACCO, **_vuoti()})

    azioni = ultima(pratica).azioni
    for vietato in ("<script", "<iframe", "onclick", "onerror", "javascript:", "<img", "<style", "alert("):
        assert vietato not in azioni
    assert "<p>Testo</p>" in azioni
    assert '<a href="https://esempio.it" rel="nofollow noopener ugc">ok</a>' in azioni
    assert "<strong>forte</strong>" in azioni


def test_plain_text_with_markup_characters_is_escaped_not_executed(indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    servizi.salva_passo(
        pratica=pratica,
        user=operatore,
        dati={"contesto": testo_semplice.testo_in_html("3 < 5 e <img src=x onerror=y>")},
    )
    contesto = ultima(pratica).contesto
    assert "<img" not in contesto
    assert "&lt;img" in contesto


def test_the_service_sanitises_whoever_calls_it(indice, operatore, zona, tema):
    pratica = bozza(operatore, indice, zona, tema)
    servizi.salva_passo(pratica=pratica, user=operatore, dati={"risultati": ATTACCO})
    assert "<script" not in ultima(pratica).risultati


@pytest.mark.parametrize(
    ("testo", "html"),
    [
        ("Uno.\n\nDue,\nriga nuova.", "<p>Uno.</p><p>Due,<br>riga nuova.</p>"),
        ("- primo\n- secondo", "<ul><li>primo</li><li>secondo</li></ul>"),
        ("1. primo\n2. secondo", "<ol><li>primo</li><li>secondo</li></ol>"),
        (
            "Vedi https://esempio.it/a?b=1.",
            '<p>Vedi <a href="https://esempio.it/a?b=1">https://esempio.it/a?b=1</a>.</p>',
        ),
        ("Con **grassetto** e *corsivo*.", "<p>Con <strong>grassetto</strong> e <em>corsivo</em>.</p>"),
        ("Vedi [il bando](https://esempio.it/bando).", '<p>Vedi <a href="https://esempio.it/bando">il bando</a>.</p>'),
        # Text that Markdown would read as markup keeps its characters.
        ("1990\\. Un anno, 3 \\* 2 e nome\\_file.", "<p>1990. Un anno, 3 * 2 e nome_file.</p>"),
        ("", ""),
    ],
)
def test_plain_text_becomes_paragraphs_and_lists_and_back(testo, html):
    assert testo_semplice.testo_in_html(testo) == html
    assert testo_semplice.html_in_testo(html) == testo


def test_sections_with_formatting_from_the_admin_are_edited_as_html():
    html = "<h3>Titolo</h3><p>Con <strong>grassetto</strong>.</p>"
    assert testo_semplice.html_in_testo(html) == html
    assert testo_semplice.testo_in_html(html) == html


def test_proposals_and_forum_posts_speak_the_same_markdown(operatore):
    """One dialect: the same text gives the same markup in a practice's section and in a post."""
    from forum.menzioni import rendi_messaggio

    testo = "Prima riga\nseconda riga, **importante**.\n\n- uno\n- due\n\nVedi www.esempio.it."
    assert pulisci_html(testo_semplice.testo_in_html(testo)) == rendi_messaggio(testo).replace("\n", "")


# --- «Le mie pratiche» and the author's link ------------------------------------------------------------


def test_my_practices_lists_only_mine_in_a_fixed_number_of_queries(
    client, indice, operatore, zona, tema, django_assert_num_queries, django_assert_max_num_queries
):
    altro = OperatoreFactory()
    bozza(altro, indice, zona, tema, title="Di un altro")
    bozza(operatore, indice, zona, tema)
    BuonaPraticaPageFactory(parent=indice, owner=operatore, zone=[zona], temi=[tema], title="Pubblicata")
    client.force_login(operatore)
    url = reverse("buonepratiche:mie_pratiche")
    client.get(url)  # warm the content type cache

    # Session, user, practices, workflow states, groups; the rest is the site layout (menu, settings),
    # cached until a page changes: both measures start from an empty cache.
    cache.clear()
    with django_assert_max_num_queries(19) as prima:
        client.get(url)
    for n in range(4):
        completa(bozza(operatore, indice, zona, tema, title=f"Pratica {n}"), operatore)
    servizi.invia_proposta(pratica=BuonaPraticaPage.objects.get(draft_title="Pratica 0"), user=operatore)
    BuonaPraticaPageFactory(parent=indice, owner=operatore, zone=[zona], temi=[tema], title="Pubblicata 2")
    cache.clear()
    with django_assert_num_queries(len(prima.captured_queries)):
        testo = client.get(url).content.decode()
    assert testo.count('class="card card-bg mb-3"') == 7
    assert "Di un altro" not in testo
    assert "Pubblicata" in testo and "Vedi la pagina pubblicata" in testo


def _azioni_autore(pratica, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("buonepratiche/includes/azioni_autore.html", {"page": pratica, "request": request})


def test_the_practice_page_offers_modifica_to_whoever_can_edit(indice, operatore, redattore, zona, tema):
    from django.contrib.auth.models import AnonymousUser

    pratica = BuonaPraticaPageFactory(parent=indice, owner=operatore, zone=[zona], temi=[tema])
    modifica = reverse("buonepratiche:proposta_riepilogo", args=[pratica.pk])
    assert modifica in _azioni_autore(pratica, operatore)
    assert modifica in _azioni_autore(pratica, redattore)
    assert modifica not in _azioni_autore(pratica, OperatoreFactory())
    assert modifica not in _azioni_autore(pratica, AnonymousUser())
