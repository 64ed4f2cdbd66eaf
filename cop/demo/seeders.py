"""The shared app's demo content: site settings, the pages under the home page, the home page."""

from wagtail import hooks
from wagtail.models import Site

from cop.models import DichiarazioneAccessibilitaPage, ImpostazioniSito, PaginaSemplice

from . import testi
from .builders import metti_in_evidenza, pagina_figlia

PAGINE_SEMPLICI = [
    (testi.COMUNITA, True),
    (testi.COME_PARTECIPARE, True),
    (testi.PRIVACY, False),
    (testi.COOKIE, False),
    (testi.NOTE_LEGALI, False),
]


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


@hooks.register("cop_demo", order=10)
def impostazioni_sito(esito):
    """Fill the empty fields of the site settings; what an editor wrote stays."""
    impostazioni = ImpostazioniSito.load()
    mancanti = {campo: valore for campo, valore in testi.IMPOSTAZIONI.items() if not getattr(impostazioni, campo)}
    if mancanti:
        for campo, valore in mancanti.items():
            setattr(impostazioni, campo, valore)
        impostazioni.save()
        esito.creato(f"impostazioni del sito: {', '.join(mancanti)}")
    else:
        esito.presente()


@hooks.register("cop_demo", order=20)
def pagine_semplici(esito):
    home = home_page()
    for dati, nel_menu in PAGINE_SEMPLICI:
        page, creata = pagina_figlia(parent=home, model=PaginaSemplice, show_in_menus=nel_menu, **dati)
        esito.registra(f"pagina «{page.title}» ({page.url_path})", creata)


@hooks.register("cop_demo", order=30)
def dichiarazione_accessibilita(esito):
    page, creata = pagina_figlia(
        parent=home_page(),
        model=DichiarazioneAccessibilitaPage,
        email_contatto=testi.EMAIL_ACCESSIBILITA,
        **testi.ACCESSIBILITA,
    )
    esito.registra(f"pagina «{page.title}» ({page.url_path})", creata)


@hooks.register("cop_demo", order=90)
def home(esito):
    """The home page's introduction and its featured cards (after every app has made its pages)."""
    home = home_page()
    if not home.intro:
        home.intro = testi.HOME_INTRO
        home.save_revision().publish()
        esito.creato("introduzione della home page")
    else:
        esito.presente()
    figli = {page.slug: page for page in home.get_children().live()}
    voci = [
        (figli[slug], etichetta, descrizione) for slug, etichetta, descrizione in testi.IN_EVIDENZA if slug in figli
    ]
    aggiunte = metti_in_evidenza(home=home_page(), voci=voci)
    if aggiunte:
        esito.creato(f"{aggiunte} contenuti in evidenza nella home page")
    else:
        esito.presente()
