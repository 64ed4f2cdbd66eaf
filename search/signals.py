"""Wiring only: every change that affects what a visitor can find writes an outbox record in the
same transaction (search/outbox.py has the rules). Connected once, in SearchConfig.ready()."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import outbox
from .documents import id_documento
from .forms import CACHE_VOCABOLARI
from .models import Modifica
from .synonyms import COMUNI

# Page columns a save may touch without changing the published page (drafts, locks, workflow).
CAMPI_BOZZA = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "live_revision",
        "wagtail_admin_comments",
    }
)
# Counters kept by forum.services after every post: the documents do not show them.
CONTATORI_DISCUSSIONE = frozenset({"num_messaggi", "ultimo_messaggio_id_visibile", "ultima_attivita", "ultimo_autore"})
CONTATORI_CATEGORIA = frozenset({"num_discussioni", "num_messaggi", "ultima_discussione", "ultima_attivita"})


def _solo(update_fields, campi):
    return update_fields is not None and set(update_fields) <= campi


# --- Pages ------------------------------------------------------------------------------------------


def pagina_prima_del_salvataggio(sender, instance, update_fields=None, **kwargs):
    """A page with children that changes its URL (new slug, move) changes its subtree's URLs:
    remember the old path to compare after the save (one query, pages with children only)."""
    if not isinstance(instance, Page) or instance.pk is None or not instance.numchild:
        return
    if _solo(update_fields, CAMPI_BOZZA):
        return
    instance._ricerca_url_path_prima = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()


def pagina_salvata(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or not isinstance(instance, Page) or _solo(update_fields, CAMPI_BOZZA):
        return
    prima = getattr(instance, "_ricerca_url_path_prima", None)
    if prima is not None and prima != instance.url_path:
        outbox.registra_pagine(Page.objects.descendant_of(instance, inclusive=True))
    else:
        outbox.registra([id_documento(instance)])
    instance._ricerca_url_path_prima = None


def pagina_pubblicata_o_ritirata(sender, instance, **kwargs):
    outbox.registra([id_documento(instance)])


def pagina_spostata(sender, instance, **kwargs):
    """Also after the move's own transaction (the save inside it has recorded the subtree
    already): harmless, and it covers a move that did not save the page."""
    outbox.registra_pagine(Page.objects.descendant_of(instance, inclusive=True))


def pagina_eliminata(sender, instance, **kwargs):
    if isinstance(instance, Page):
        outbox.registra([id_documento(instance)], azione=Modifica.Azione.ELIMINA)


def restrizione_cambiata(sender, instance, **kwargs):
    """A view restriction hides (or, removed, shows) the page and everything under it."""
    pagina = Page.objects.filter(pk=instance.page_id).first()
    if pagina is not None:
        outbox.registra_pagine(Page.objects.descendant_of(pagina, inclusive=True))


# --- Forum ------------------------------------------------------------------------------------------


def messaggio_cambiato(sender, instance, raw=False, **kwargs):
    """A post (written, edited, hidden, restored, removed): its topic's document holds the posts."""
    if raw:
        return
    from forum.models import Discussione

    outbox.registra([f"{Discussione._meta.label_lower}:{instance.discussione_id}"])


def discussione_cambiata(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or _solo(update_fields, CONTATORI_DISCUSSIONE):
        return
    outbox.registra([id_documento(instance)])


def discussione_eliminata(sender, instance, **kwargs):
    outbox.registra([id_documento(instance)], azione=Modifica.Azione.ELIMINA)


def categoria_cambiata(sender, instance, update_fields=None, raw=False, **kwargs):
    """A category's zone or theme is the facet of its topics."""
    if raw or kwargs.get("created") or _solo(update_fields, CONTATORI_CATEGORIA):
        return
    from forum.models import Discussione

    outbox.registra(
        [f"{Discussione._meta.label_lower}:{pk}" for pk in instance.discussioni.values_list("pk", flat=True)]
    )


# --- Practices: "validata" is derived from the evaluations, written with a queryset update ---------


def valutazione_cambiata(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from buonepratiche.models import BuonaPraticaPage

    outbox.registra([f"{BuonaPraticaPage._meta.label_lower}:{instance.pratica_id}"])


def soglia_cambiata(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from buonepratiche.models import BuonaPraticaPage

    outbox.registra_pagine(BuonaPraticaPage.objects.all())


# --- Zones and themes: their slug is a facet of every document filed under them ---------------------

CAMPI_ZONA_TEMA = ("slug", "nome")


def zona_o_tema_prima_del_salvataggio(sender, instance, update_fields=None, raw=False, **kwargs):
    """Remember slug and name before the save, to compare after it (one query, an existing zone or
    theme whose slug or name the save may write). Practices and events show the name in their text,
    so a new name reaches them; the other documents only show the slug (search/documents.py)."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(CAMPI_ZONA_TEMA):
        return
    instance._ricerca_prima = sender._default_manager.filter(pk=instance.pk).values_list(*CAMPI_ZONA_TEMA).first()


def zona_o_tema_salvato(sender, instance, raw=False, **kwargs):
    prima = getattr(instance, "_ricerca_prima", None)
    instance._ricerca_prima = None
    if raw or prima is None:
        return
    cambiati = {
        campo for campo, valore in zip(CAMPI_ZONA_TEMA, prima, strict=True) if getattr(instance, campo) != valore
    }
    if cambiati:
        outbox.registra_zona_o_tema(instance, campi=cambiati)


def zona_o_tema_da_eliminare(sender, instance, **kwargs):
    """Before the delete: afterwards its links (page many-to-many rows, categories) are gone. In the
    delete's own transaction."""
    outbox.registra_zona_o_tema(instance, campi=CAMPI_ZONA_TEMA)


# --- Sites: which pages are public (inside a site) and their paths follow the sites' root pages ------


def sito_prima_del_salvataggio(sender, instance, raw=False, **kwargs):
    """Remember the root page before the save (one query, an existing site). Documents hold the path
    of a page on its site, not its host: a new hostname, port, name or default site changes none."""
    if raw or instance._state.adding or instance.pk is None:
        return
    instance._ricerca_radice_prima = Site.objects.filter(pk=instance.pk).values_list("root_page_id", flat=True).first()


def sito_salvato(sender, instance, created=False, raw=False, **kwargs):
    prima = getattr(instance, "_ricerca_radice_prima", None)
    instance._ricerca_radice_prima = None
    if raw:
        return
    if created:
        outbox.registra_sotto_le_radici({instance.root_page_id})
    elif prima is not None and prima != instance.root_page_id:
        outbox.registra_sotto_le_radici({prima, instance.root_page_id})


def sito_eliminato(sender, instance, **kwargs):
    """Its pages leave the index, or take the path of another site that holds them."""
    outbox.registra_sotto_le_radici({instance.root_page_id})


def organizzazione_prima_del_salvataggio(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._ricerca_nome_prima = sender.objects.filter(pk=instance.pk).values_list("nome", flat=True).first()


def organizzazione_salvata(sender, instance, created=False, raw=False, **kwargs):
    """A renamed organisation: the practices that name it as promoter or partner are indexed again."""
    from buonepratiche.models import BuonaPraticaPage

    prima = getattr(instance, "_ricerca_nome_prima", None)
    instance._ricerca_nome_prima = None
    if raw or created or prima is None or prima == instance.nome:
        return
    outbox.registra_pagine(BuonaPraticaPage.objects.filter(soggetti__organizzazione=instance))


def collega():
    from buonepratiche.models import ImpostazioniBuonePratiche, ValutazionePratica
    from cop.models import Organizzazione, Tema, Zona
    from forum.models import Categoria, Discussione, Messaggio

    # The zone and theme names of the search form.
    for modello in (Zona, Tema):
        CACHE_VOCABOLARI.collega(post_save, sender=modello)
        CACHE_VOCABOLARI.collega(post_delete, sender=modello)
    # The comuni of the zones, synonyms of their zone's name.
    COMUNI.collega(post_save, sender=Zona)
    COMUNI.collega(post_delete, sender=Zona)

    # Any page model: the sender is the specific class, or Page itself (moves, treebeard).
    pre_save.connect(pagina_prima_del_salvataggio, dispatch_uid="search_pagina_pre_save")
    post_save.connect(pagina_salvata, dispatch_uid="search_pagina_salvata")
    post_delete.connect(pagina_eliminata, dispatch_uid="search_pagina_eliminata")
    page_published.connect(pagina_pubblicata_o_ritirata, dispatch_uid="search_pagina_pubblicata")
    page_unpublished.connect(pagina_pubblicata_o_ritirata, dispatch_uid="search_pagina_ritirata")
    post_page_move.connect(pagina_spostata, dispatch_uid="search_pagina_spostata")
    post_save.connect(restrizione_cambiata, sender=PageViewRestriction, dispatch_uid="search_restrizione")
    post_delete.connect(restrizione_cambiata, sender=PageViewRestriction, dispatch_uid="search_restrizione_via")

    post_save.connect(messaggio_cambiato, sender=Messaggio, dispatch_uid="search_messaggio")
    post_delete.connect(messaggio_cambiato, sender=Messaggio, dispatch_uid="search_messaggio_eliminato")
    post_save.connect(discussione_cambiata, sender=Discussione, dispatch_uid="search_discussione")
    post_delete.connect(discussione_eliminata, sender=Discussione, dispatch_uid="search_discussione_eliminata")
    post_save.connect(categoria_cambiata, sender=Categoria, dispatch_uid="search_categoria")

    post_save.connect(valutazione_cambiata, sender=ValutazionePratica, dispatch_uid="search_valutazione")
    post_delete.connect(valutazione_cambiata, sender=ValutazionePratica, dispatch_uid="search_valutazione_via")
    post_save.connect(soglia_cambiata, sender=ImpostazioniBuonePratiche, dispatch_uid="search_soglia")

    for modello in (Zona, Tema):
        nome = modello._meta.label_lower
        pre_save.connect(zona_o_tema_prima_del_salvataggio, sender=modello, dispatch_uid=f"search_prima_{nome}")
        post_save.connect(zona_o_tema_salvato, sender=modello, dispatch_uid=f"search_salvato_{nome}")
        pre_delete.connect(zona_o_tema_da_eliminare, sender=modello, dispatch_uid=f"search_da_eliminare_{nome}")

    pre_save.connect(
        organizzazione_prima_del_salvataggio, sender=Organizzazione, dispatch_uid="search_organizzazione_prima"
    )
    post_save.connect(organizzazione_salvata, sender=Organizzazione, dispatch_uid="search_organizzazione_salvata")

    pre_save.connect(sito_prima_del_salvataggio, sender=Site, dispatch_uid="search_sito_prima")
    post_save.connect(sito_salvato, sender=Site, dispatch_uid="search_sito_salvato")
    post_delete.connect(sito_eliminato, sender=Site, dispatch_uid="search_sito_eliminato")
