"""Member profiles and the directory: who sees which profile (the person chooses: members only, everyone, no
one), tested from the side of each viewer (anonymous, a member, the person themselves, a referente, an editor)
on the profile page, in /membri/ and on every surface where a name appears; what the activity lists show; the
photo upload; the data export and the account deletion."""

import io
import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from buonepratiche.tests.aiuti_proposte import PDF
from buonepratiche.tests.factories import BuonaPraticaPageFactory, BuonePraticheIndexPageFactory
from cop.models import Profilo
from cop.permissions import can_view_profile
from cop.tests.factories import (
    PASSWORD,
    OperatoreFactory,
    OrganizzazioneFactory,
    ProfiloFactory,
    RedattoreFactory,
    ReferenteFactory,
    TemaFactory,
    UserFactory,
    ZonaFactory,
)
from eventi.tests.factories import EventoPageFactory, IscrizioneFactory
from forum import services as forum
from forum.models import Discussione, Messaggio
from forum.tests.factories import CategoriaFactory, DiscussioneFactory, MessaggioFactory
from gruppi import services as gruppi
from gruppi.models import Appartenenza, Gruppo

pytestmark = pytest.mark.django_db


def archivio():
    return Profilo._meta.get_field("avatar").storage


ELENCO = reverse("membri")
VISIBILITA = [Profilo.Visibilita.TUTTI, Profilo.Visibilita.MEMBRI, Profilo.Visibilita.NESSUNO]
SPETTATORI = ["anonimo", "operatore", "se stessa", "referente", "redattore", "account da confermare"]
# Who sees a profile, by its visibility (the rule of cop/permissions.py, written out).
VEDE = {
    Profilo.Visibilita.TUTTI: set(SPETTATORI),
    Profilo.Visibilita.MEMBRI: {"operatore", "se stessa", "referente", "redattore"},
    Profilo.Visibilita.NESSUNO: {"se stessa"},
}


@pytest.fixture
def zona():
    return ZonaFactory(slug="zona-dei-membri", nome="Zona dei membri")


@pytest.fixture
def lucia(zona):
    """The member whose profile is looked at."""
    user = OperatoreFactory(username="lucia.verdi", first_name="Lucia", last_name="Verdi", email="lucia@esempio.it")
    ProfiloFactory(user=user, zona=zona, bio="Lavoro con le famiglie del quartiere.")
    return user


def imposta(user, visibilita):
    Profilo.objects.filter(user=user).update(visibilita=visibilita)


@pytest.fixture
def spettatori(lucia, zona):
    # Fixed names: a random one ("Luciano") would contain what the tests look for in the page.
    referente = ReferenteFactory(first_name="Paola", last_name="Referente")
    ProfiloFactory(user=referente, zona=zona)
    return {
        "anonimo": None,
        "operatore": OperatoreFactory(first_name="Ugo", last_name="Operatore"),
        "se stessa": lucia,
        "referente": referente,
        "redattore": RedattoreFactory(first_name="Rita", last_name="Redattrice"),
        "account da confermare": UserFactory(verified=False, first_name="Ada", last_name="Nuova"),  # no role yet
    }


def entra(client, spettatori, chi):
    if spettatori[chi] is not None:
        client.force_login(spettatori[chi])


# --- The profile page and the directory: the matrix ----------------------------------------------------


@pytest.mark.parametrize("visibilita", VISIBILITA)
@pytest.mark.parametrize("chi", SPETTATORI)
def test_the_profile_page_opens_only_for_who_the_person_allowed_and_is_404_otherwise(
    client, lucia, spettatori, visibilita, chi
):
    imposta(lucia, visibilita)
    entra(client, spettatori, chi)

    risposta = client.get(reverse("membro", kwargs={"username": "lucia.verdi"}))

    if chi in VEDE[visibilita]:
        assert risposta.status_code == 200
        html = risposta.content.decode()
        assert "Lucia Verdi" in html and "Lavoro con le famiglie del quartiere." in html
        assert "lucia@esempio.it" not in html  # the email is never on the page
    else:
        assert risposta.status_code == 404  # not 403: whether the account exists does not show
        html = risposta.content.decode()
        assert "Lucia Verdi" not in html and "Lavoro con le famiglie del quartiere." not in html


@pytest.mark.parametrize("visibilita", VISIBILITA)
@pytest.mark.parametrize("chi", SPETTATORI)
def test_the_photo_is_served_only_to_who_may_see_the_profile(client, lucia, spettatori, visibilita, chi):
    profilo = Profilo.objects.get(user=lucia)
    profilo.visibilita = visibilita
    profilo.avatar.save("x.webp", ContentFile(b"RIFF0000WEBPVP8 "), save=True)
    entra(client, spettatori, chi)

    risposta = client.get(profilo.url_avatar)

    if chi in VEDE[visibilita]:
        assert risposta.status_code == 200
        assert risposta["Content-Type"] == "image/webp" and risposta["Cache-Control"].startswith("private")
        assert b"".join(risposta.streaming_content).startswith(b"RIFF")
    else:
        assert risposta.status_code == 404


def test_an_unknown_member_and_a_hidden_one_look_the_same(client, lucia):
    imposta(lucia, Profilo.Visibilita.NESSUNO)
    nascosto = client.get(reverse("membro", kwargs={"username": "lucia.verdi"}))
    inesistente = client.get(reverse("membro", kwargs={"username": "nessuno.cosi"}))
    assert nascosto.status_code == inesistente.status_code == 404


@pytest.mark.parametrize("visibilita", VISIBILITA)
@pytest.mark.parametrize("chi", SPETTATORI)
def test_the_directory_lists_a_profile_only_for_who_may_see_it(client, lucia, spettatori, visibilita, chi):
    imposta(lucia, visibilita)
    entra(client, spettatori, chi)

    html = client.get(ELENCO).content.decode()

    assert ("Lucia Verdi" in html) == (chi in VEDE[visibilita])


@pytest.mark.parametrize("chi", ["se stessa", "redattore", "operatore"])
def test_the_profile_of_an_inactive_account_is_shown_to_nobody(client, lucia, spettatori, chi):
    imposta(lucia, Profilo.Visibilita.TUTTI)
    type(lucia).objects.filter(pk=lucia.pk).update(is_active=False)
    entra(client, spettatori, chi)

    assert client.get(reverse("membro", kwargs={"username": "lucia.verdi"})).status_code == 404
    assert "Lucia Verdi" not in client.get(ELENCO).content.decode()


def test_the_profile_shows_role_organisation_and_confirmed_zone_and_links_them(client, lucia, zona):
    organizzazione = OrganizzazioneFactory(nome="Cooperativa Il Ponte")
    Profilo.objects.filter(user=lucia).update(organizzazione=organizzazione, visibilita=Profilo.Visibilita.TUTTI)

    html = client.get(reverse("membro", kwargs={"username": "lucia.verdi"})).content.decode()

    assert "Assistente sociale" in html
    assert f'<a href="{organizzazione.get_absolute_url()}">Cooperativa Il Ponte</a>' in html
    assert f'<a href="{zona.get_absolute_url()}">Zona dei membri</a>' in html
    assert 'class="avatar-membro' in html and ">LV</span>" in html  # no photo: the initials


def test_a_zone_still_waiting_for_confirmation_is_not_shown_as_the_members_zone(client, lucia, zona):
    altra = ZonaFactory(nome="Zona dichiarata")
    Profilo.objects.filter(user=lucia).update(zona=altra, zona_confermata=None, visibilita=Profilo.Visibilita.TUTTI)

    html = client.get(reverse("membro", kwargs={"username": "lucia.verdi"})).content.decode()

    assert "Zona dichiarata" not in html


# --- The directory's filters -------------------------------------------------------------------------------


def test_the_directory_filters_by_zone_role_organisation_and_followed_theme(client, lucia, zona):
    organizzazione = OrganizzazioneFactory(nome="Comune di Prova", slug="comune-di-prova")
    tema = TemaFactory(nome="Povertà", slug="poverta")
    Profilo.objects.filter(user=lucia).update(organizzazione=organizzazione)
    lucia.profilo.temi_seguiti.add(tema)
    marco = OperatoreFactory(first_name="Marco", last_name="Neri")
    ProfiloFactory(user=marco, ruolo_professionale=Profilo.Ruolo.EDUCATORE)
    client.force_login(OperatoreFactory())

    for query in ("zona=zona-dei-membri", "ruolo=assistente-sociale", "organizzazione=comune-di-prova", "tema=poverta"):
        html = client.get(f"{ELENCO}?{query}").content.decode()
        assert "Lucia Verdi" in html and "Marco Neri" not in html, query
    html = client.get(f"{ELENCO}?ruolo=educatore&ruolo=assistente-sociale").content.decode()
    assert "Lucia Verdi" in html and "Marco Neri" in html


def test_a_bad_filter_is_ignored_with_a_notice_and_the_others_still_apply(client, lucia):
    marco = OperatoreFactory(first_name="Marco", last_name="Neri")
    ProfiloFactory(user=marco, ruolo_professionale=Profilo.Ruolo.EDUCATORE)
    client.force_login(OperatoreFactory())

    risposta = client.get(f"{ELENCO}?zona=non-esiste&ruolo=educatore&page=99&colore=blu")

    assert risposta.status_code == 200
    html = " ".join(risposta.content.decode().split())
    assert "Il filtro «zona=non-esiste» non è valido ed è stato ignorato." in html
    assert "Il parametro «colore» non è riconosciuto ed è stato ignorato." in html
    assert "La pagina 99 non esiste: ecco la pagina 1." in html
    assert "Marco Neri" in html and "Lucia Verdi" not in html


def test_the_facets_count_only_profiles_the_viewer_may_see(client, lucia, zona):
    imposta(lucia, Profilo.Visibilita.MEMBRI)
    pubblico = OperatoreFactory(first_name="Paolo", last_name="Bianchi")
    ProfiloFactory(user=pubblico, zona=zona, visibilita=Profilo.Visibilita.TUTTI)

    soup = BeautifulSoup(client.get(ELENCO).content, "html.parser")

    etichetta = next(label for label in soup.find_all("label") if "Zona dei membri" in label.get_text())
    assert etichetta.find(class_="badge").get_text(strip=True) == "(1)"  # Lucia is for members only


@pytest.mark.parametrize("membri", [2, 20])
def test_the_directory_reads_a_fixed_number_of_queries(client, zona, membri, django_assert_max_num_queries):
    organizzazione = OrganizzazioneFactory()
    tema = TemaFactory()
    for _ in range(membri):
        profilo = ProfiloFactory(user=OperatoreFactory(), zona=zona, organizzazione=organizzazione)
        profilo.temi_seguiti.add(tema)
    client.force_login(OperatoreFactory())

    # The session, the viewer and their groups, the page's layout (about 12), the vocabularies (3), one
    # count per facet (4), the count and the page: the same with 2 members and with 20.
    with django_assert_max_num_queries(23):  # with the bell's unread count
        risposta = client.get(ELENCO)

    assert risposta.content.decode().count('class="avatar-membro') == membri


# --- Activity on the profile ------------------------------------------------------------------------------


def test_the_activity_lists_public_practices_only(client, lucia, home_page):
    imposta(lucia, Profilo.Visibilita.TUTTI)
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    BuonaPraticaPageFactory(parent=indice, title="Sportello pubblico", owner=lucia)
    BuonaPraticaPageFactory(parent=indice, title="Bozza mai pubblicata", owner=lucia, live=False)

    html = client.get(reverse("membro", kwargs={"username": "lucia.verdi"})).content.decode()

    assert "Sportello pubblico" in html
    assert "Bozza mai pubblicata" not in html


def test_the_activity_lists_past_events_attended_not_upcoming_ones(client, lucia):
    imposta(lucia, Profilo.Visibilita.TUTTI)
    IscrizioneFactory(user=lucia, evento=EventoPageFactory(title="Seminario di marzo", passato=True))
    IscrizioneFactory(user=lucia, evento=EventoPageFactory(title="Seminario di domani"))

    html = client.get(reverse("membro", kwargs={"username": "lucia.verdi"})).content.decode()

    assert "Seminario di marzo" in html
    assert "Seminario di domani" not in html


def _gruppo_riservato_con_messaggio(zona, autore):
    gruppo = Gruppo.objects.create(nome="Tavolo riservato", accesso=Gruppo.Accesso.RISERVATO, zona=zona)
    gruppi.assicura_discussioni(gruppo=gruppo)
    Appartenenza.objects.create(gruppo=gruppo, user=autore)
    DiscussioneFactory(categoria=gruppo.categoria, autore=autore, titolo="Il verbale riservato")
    return gruppo


@pytest.mark.parametrize("chi", ["anonimo", "operatore", "se stessa"])
def test_the_activity_does_not_leak_the_discussions_of_a_reserved_group(client, lucia, spettatori, zona, chi):
    imposta(lucia, Profilo.Visibilita.TUTTI)
    _gruppo_riservato_con_messaggio(zona, lucia)
    DiscussioneFactory(categoria=CategoriaFactory(), autore=lucia, titolo="Una domanda aperta")
    entra(client, spettatori, chi)

    html = client.get(reverse("membro", kwargs={"username": "lucia.verdi"})).content.decode()

    assert "Una domanda aperta" in html
    assert ("Il verbale riservato" in html) == (chi == "se stessa")  # she is in the group


def test_the_activity_leaves_out_posts_hidden_by_the_moderators(client, lucia):
    imposta(lucia, Profilo.Visibilita.TUTTI)
    discussione = DiscussioneFactory(titolo="Aperta da altri")
    MessaggioFactory(discussione=discussione, autore=lucia, stato=Messaggio.Stato.NASCOSTO)

    html = client.get(reverse("membro", kwargs={"username": "lucia.verdi"})).content.decode()

    assert "Aperta da altri" not in html


@pytest.mark.parametrize("quante", [2, 20])
def test_the_profile_page_reads_a_fixed_number_of_queries(
    client, lucia, home_page, quante, django_assert_max_num_queries
):
    imposta(lucia, Profilo.Visibilita.TUTTI)
    indice = BuonePraticheIndexPageFactory(parent=home_page)
    categoria = CategoriaFactory()
    for n in range(quante):
        BuonaPraticaPageFactory(parent=indice, title=f"Pratica {n}", owner=lucia)
        DiscussioneFactory(categoria=categoria, autore=lucia)
        IscrizioneFactory(user=lucia, evento=EventoPageFactory(passato=True))
    client.force_login(OperatoreFactory())

    # The layout and the viewer (about 14), the profile, then each app's section (practices 2 plus the view
    # restrictions, forum 4, events 2 plus the view restrictions): 26 with 2 items of each and with 20.
    with django_assert_max_num_queries(27):  # with the bell's unread count
        html = client.get(reverse("membro", kwargs={"username": "lucia.verdi"})).content.decode()

    assert f"Gli ultimi 5 di {quante}." in html if quante > 5 else "Pratica 1" in html


# --- Names that link to the profile ----------------------------------------------------------------------


def _link_al_profilo(html):
    return f'href="{reverse("membro", kwargs={"username": "lucia.verdi"})}"' in html


@pytest.mark.parametrize("visibilita", VISIBILITA)
@pytest.mark.parametrize("chi", ["anonimo", "operatore", "se stessa", "redattore"])
def test_a_forum_author_is_a_link_only_when_the_viewer_may_see_the_profile(client, lucia, spettatori, visibilita, chi):
    imposta(lucia, visibilita)
    discussione = DiscussioneFactory(autore=lucia, titolo="Il tavolo con le scuole")
    entra(client, spettatori, chi)

    pagina = client.get(discussione.get_absolute_url()).content.decode()
    categoria = client.get(discussione.categoria.get_absolute_url()).content.decode()

    assert "Lucia Verdi" in pagina and "Lucia Verdi" in categoria
    atteso = chi in VEDE[visibilita]
    assert _link_al_profilo(pagina) == atteso
    assert _link_al_profilo(categoria) == atteso


@pytest.mark.parametrize("visibilita", VISIBILITA)
@pytest.mark.parametrize("chi", ["anonimo", "operatore"])
def test_a_mention_links_to_the_profile_only_when_the_viewer_may_see_it(client, lucia, spettatori, visibilita, chi):
    imposta(lucia, visibilita)
    autore = OperatoreFactory(date_joined=timezone.now() - timedelta(days=3))
    discussione = forum.crea_discussione(
        categoria=CategoriaFactory(), user=autore, titolo="Chi sa?", testo="Chiedo a @lucia.verdi, lei sa."
    )
    entra(client, spettatori, chi)

    html = client.get(discussione.get_absolute_url()).content.decode()

    assert "@lucia.verdi" in html
    link = f'<a class="menzione" href="{reverse("membro", kwargs={"username": "lucia.verdi"})}">@lucia.verdi</a>'
    assert (link in html) == (chi in VEDE[visibilita])
    # What is stored does not depend on who reads it.
    assert '<strong class="menzione">@lucia.verdi</strong>' in Messaggio.objects.get(discussione=discussione).html


def test_the_topic_page_queries_do_not_grow_with_the_authors_and_mentions(client, django_assert_max_num_queries):
    def pagina_con(n):
        discussione = DiscussioneFactory(primo_messaggio=False)
        for _ in range(n):
            altro = OperatoreFactory()
            ProfiloFactory(user=altro, visibilita=Profilo.Visibilita.TUTTI)
            MessaggioFactory(discussione=discussione, autore=altro, testo=f"Ciao @{altro.username}")
        Messaggio.objects.filter(discussione=discussione).update(
            html=Messaggio.objects.filter(discussione=discussione).first().html
        )
        return discussione

    client.force_login(OperatoreFactory())
    client.get(pagina_con(1).get_absolute_url())
    conteggi = []
    for n in (2, 12):
        discussione = pagina_con(n)
        with django_assert_max_num_queries(40) as catturate:
            client.get(discussione.get_absolute_url())
        conteggi.append(len(catturate.captured_queries))
    assert conteggi[0] == conteggi[1]


@pytest.mark.parametrize("visibilita", VISIBILITA)
@pytest.mark.parametrize("chi", ["operatore", "se stessa"])
def test_a_group_members_name_links_to_the_profile_only_when_allowed(client, lucia, spettatori, zona, visibilita, chi):
    imposta(lucia, visibilita)
    gruppo = Gruppo.objects.create(nome="Tavolo aperto", accesso=Gruppo.Accesso.APERTO, zona=zona)
    Appartenenza.objects.create(gruppo=gruppo, user=lucia)
    entra(client, spettatori, chi)

    html = client.get(gruppo.get_absolute_url()).content.decode()

    assert "Lucia Verdi" in html
    assert _link_al_profilo(html) == (chi in VEDE[visibilita])


def test_can_view_profile_is_the_same_rule_as_the_queryset(lucia, spettatori):
    for visibilita in VISIBILITA:
        imposta(lucia, visibilita)
        for chi, spettatore in spettatori.items():
            viewer = spettatore or AnonymousUser()
            profilo = Profilo.objects.select_related("user").get(user=lucia)
            nel_queryset = Profilo.objects.visible_to(viewer).filter(pk=profilo.pk).exists()
            assert can_view_profile(viewer, profilo) == nel_queryset == (chi in VEDE[visibilita]), (visibilita, chi)


# --- Editing: visibility, bio, photo ---------------------------------------------------------------------


def _dati(**cambi):
    dati = {
        "first_name": "Lucia",
        "last_name": "Verdi",
        "ente": "",
        "ruolo_professionale": "educatore",
        "zona": "",
        "visibilita": "tutti",
        "bio": "Educatrice da dieci anni.",
    }
    dati.update(cambi)
    return dati


def _foto(formato="JPEG", dimensioni=(800, 600), nome="foto.jpg", exif=True):
    immagine = Image.new("RGB", dimensioni, (200, 30, 30))
    uscita = io.BytesIO()
    extra = {}
    if exif and formato == "JPEG":
        dati_exif = Image.Exif()
        dati_exif[0x010F] = "Fotocamera Segreta"  # Make
        extra["exif"] = dati_exif.tobytes()
    immagine.save(uscita, format=formato, **extra)
    return SimpleUploadedFile(nome, uscita.getvalue(), content_type=f"image/{formato.lower()}")


@pytest.fixture
def modifica(client, lucia):
    client.force_login(lucia)
    return client


def test_a_photo_is_cut_to_a_square_webp_without_its_metadata(modifica, lucia):
    risposta = modifica.post(reverse("profilo_modifica"), _dati(avatar=_foto()))

    assert risposta.status_code == 302
    profilo = Profilo.objects.get(user=lucia)
    assert profilo.visibilita == "tutti" and profilo.bio == "Educatrice da dieci anni."
    assert profilo.avatar.name.startswith("avatar/") and profilo.avatar.name.endswith(".webp")
    with profilo.avatar.open("rb") as file, Image.open(file) as salvata:
        assert salvata.format == "WEBP" and salvata.size == (256, 256)
        assert not salvata.getexif()
        contenuto = file.seek(0) or file.read()
    assert b"Fotocamera Segreta" not in contenuto
    html = modifica.get(reverse("membro", kwargs={"username": "lucia.verdi"})).content.decode()
    assert f'src="{profilo.url_avatar}"' in html
    assert not profilo.avatar.path.startswith(str(settings.MEDIA_ROOT))  # no URL of its own on the web server


@pytest.mark.parametrize(
    ("file", "messaggio"),
    [
        (
            SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 non sono una foto", content_type="image/jpeg"),
            "Il file «virus.jpg» non è una foto JPG, PNG o WebP leggibile",
        ),
        (
            SimpleUploadedFile("foto.gif", b"GIF89a", content_type="image/gif"),
            "Il file «foto.gif» non è accettato: carica una foto JPG, PNG o WebP.",
        ),
        (
            SimpleUploadedFile("pagina.png", b"<html><script>alert(1)</script></html>", content_type="image/png"),
            "Il file «pagina.png» non è una foto JPG, PNG o WebP leggibile",
        ),
        (
            SimpleUploadedFile("enorme.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1), content_type="image/jpeg"),
            "Il file «enorme.jpg» pesa 5,0 MB: il massimo è 5 MB.",
        ),
    ],
    ids=["non-image", "gif", "fake-extension", "oversized"],
)
def test_a_file_that_is_not_an_accepted_photo_is_refused_and_the_rest_is_kept(modifica, lucia, file, messaggio):
    risposta = modifica.post(reverse("profilo_modifica"), _dati(avatar=file, bio="Quello che avevo scritto."))

    assert risposta.status_code == 400
    html = " ".join(risposta.content.decode().split())
    assert messaggio in html
    assert "Quello che avevo scritto." in html  # what was typed is still in the form
    assert not Profilo.objects.get(user=lucia).avatar


def test_a_gif_renamed_as_jpg_is_refused(modifica, lucia):
    gif = _foto(formato="GIF", nome="finta.jpg", exif=False)
    risposta = modifica.post(reverse("profilo_modifica"), _dati(avatar=gif))
    assert risposta.status_code == 400
    assert "Il file «finta.jpg» non è una foto JPG, PNG o WebP leggibile" in risposta.content.decode()


def test_a_bio_longer_than_600_characters_is_refused(modifica, lucia):
    risposta = modifica.post(reverse("profilo_modifica"), _dati(bio="a" * 601))
    assert risposta.status_code == 400
    assert Profilo.objects.get(user=lucia).bio == "Lavoro con le famiglie del quartiere."


def test_a_new_photo_replaces_the_old_file_and_removing_it_deletes_it(
    modifica, lucia, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        modifica.post(reverse("profilo_modifica"), _dati(avatar=_foto()))
    prima = Profilo.objects.get(user=lucia).avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        modifica.post(reverse("profilo_modifica"), _dati(avatar=_foto(formato="PNG", nome="nuova.png")))
    seconda = Profilo.objects.get(user=lucia).avatar.name
    assert seconda != prima and not archivio().exists(prima) and archivio().exists(seconda)

    with django_capture_on_commit_callbacks(execute=True):
        modifica.post(reverse("profilo_modifica"), _dati(rimuovi_avatar="on"))

    assert not Profilo.objects.get(user=lucia).avatar
    assert not archivio().exists(seconda)


def test_the_edit_page_explains_who_sees_what(modifica):
    html = " ".join(modifica.get(reverse("profilo_modifica")).content.decode().split())
    assert "Chi vede il tuo profilo pubblico" in html
    assert "Email e zone che segui non sono mai mostrate." in html
    assert 'enctype="multipart/form-data"' in html


# --- Data export and deletion ----------------------------------------------------------------------------


def test_the_data_export_has_the_visibility_the_bio_and_the_photo(modifica, lucia):
    Profilo.objects.filter(user=lucia).update(visibilita="nessuno")
    profilo = Profilo.objects.get(user=lucia)
    profilo.avatar.save("x.webp", ContentFile(b"RIFF"), save=True)

    dati = json.loads(modifica.get(reverse("profilo_esporta")).content)["profilo"]

    assert dati["visibilita_del_profilo"] == "A nessuno"
    assert dati["presentazione"] == "Lavoro con le famiglie del quartiere."
    assert dati["foto"].endswith(profilo.url_avatar)


def test_deleting_the_account_deletes_the_photo(modifica, lucia, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        modifica.post(reverse("profilo_modifica"), _dati(avatar=_foto()))
    nome = Profilo.objects.get(user=lucia).avatar.name
    assert archivio().exists(nome)

    with django_capture_on_commit_callbacks(execute=True):
        modifica.post(reverse("profilo_elimina"), {"password": PASSWORD, "conferma": "on"})

    assert not Profilo.objects.filter(user_id=lucia.pk).exists()
    assert not archivio().exists(nome)
    assert modifica.get(reverse("membro", kwargs={"username": "lucia.verdi"})).status_code == 404


def test_discussions_keep_their_author_as_removed_after_deletion(client, lucia):
    discussione = DiscussioneFactory(autore=lucia, titolo="Resta")
    lucia.delete()
    assert Discussione.objects.get(pk=discussione.pk).autore is None
    assert "utente rimosso" in client.get(discussione.get_absolute_url()).content.decode()


def test_editors_find_every_profile_in_the_admin_even_one_shown_to_no_one(client, lucia):
    imposta(lucia, Profilo.Visibilita.NESSUNO)
    client.force_login(RedattoreFactory())

    html = client.get(reverse("wagtailsnippets_cop_profilo:list") + "?visibilita=nessuno").content.decode()

    assert "Lucia Verdi" in html
    assert client.get(reverse("membro", kwargs={"username": "lucia.verdi"})).status_code == 404  # not on the site


@pytest.mark.parametrize("visibilita", VISIBILITA)
def test_the_uploader_of_a_group_document_links_to_the_profile_only_when_allowed(client, lucia, zona, visibilita):
    imposta(lucia, visibilita)
    gruppo = Gruppo.objects.create(nome="Tavolo dei documenti", accesso=Gruppo.Accesso.APERTO, zona=zona)
    Appartenenza.objects.create(gruppo=gruppo, user=lucia)
    collega = OperatoreFactory()
    Appartenenza.objects.create(gruppo=gruppo, user=collega)
    client.force_login(lucia)
    client.post(
        reverse("gruppi:carica", args=[gruppo.slug]),
        {"titolo": "Verbale", "file": SimpleUploadedFile("verbale.pdf", PDF, content_type="application/pdf")},
    )
    client.force_login(collega)

    html = client.get(reverse("gruppi:documenti", args=[gruppo.slug])).content.decode()

    assert "verbale.pdf" in html and "Lucia Verdi" in html
    assert _link_al_profilo(html) == (visibilita != Profilo.Visibilita.NESSUNO)


@pytest.mark.parametrize("visibilita", VISIBILITA)
def test_a_request_to_join_names_the_person_with_a_link_only_when_allowed(client, lucia, zona, visibilita):
    imposta(lucia, visibilita)
    gruppo = Gruppo.objects.create(nome="Tavolo su richiesta", accesso=Gruppo.Accesso.SU_RICHIESTA, zona=zona)
    coordinatore = OperatoreFactory()
    Appartenenza.objects.create(gruppo=gruppo, user=coordinatore, ruolo=Appartenenza.Ruolo.COORDINATORE)
    Appartenenza.objects.create(gruppo=gruppo, user=lucia, stato=Appartenenza.Stato.RICHIESTA)
    client.force_login(coordinatore)

    html = client.get(gruppo.get_absolute_url()).content.decode()

    assert "Lucia Verdi" in html
    assert _link_al_profilo(html) == (visibilita != Profilo.Visibilita.NESSUNO)
