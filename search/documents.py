"""What the search index holds: one source per kind of content, each turning the PUBLIC objects of
its models into `Documento` dicts (see search/backends/base.py).

    documento("buonepratiche.buonapraticapage:42")   -> Documento, or None (gone, draft, restricted...)
    documenti(["forum.messaggio:7", ...])           -> {id: Documento or None}, a few queries per kind
    tutti_i_documenti()                              -> every public document, streamed in blocks
    id_documento(obj)                                -> "app_label.model:pk"

A source reads in blocks of BLOCCO objects with every relation read in one query per block (page id
-> zone slugs and names, ...), so building documents costs a fixed number of queries per block, never
per object; page URLs are computed from `url_path` and the sites' root paths (`IndirizziPagine`).

Pages without a source of their own (simple pages, index pages, and page types added later such as
the news of `cop`) go through `SorgentePagine`; a page model shapes its document with two optional
hooks:

    def documento_di_ricerca(self) -> dict      # keys of Documento to override: tipo, zone, temi...
    @classmethod
    def queryset_di_ricerca(cls, queryset)      # select_related/prefetch_related for the hook
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.models import Page, Site, get_page_models

from cop.permessi_pagine import IndiceDiZona

from .analisi import testo_semplice
from .backends.base import Documento

BLOCCO = 1000
LUNGHEZZA_SOMMARIO = 300
DATA_SCONOSCIUTA = datetime(2000, 1, 1, tzinfo=UTC)


def _utc(valore):
    return valore.astimezone(UTC) if valore is not None else None


def _sommario(testo):
    testo = " ".join(testo.split())
    if len(testo) <= LUNGHEZZA_SOMMARIO:
        return testo
    taglio = testo.rfind(" ", 0, LUNGHEZZA_SOMMARIO)
    return testo[: taglio if taglio > 0 else LUNGHEZZA_SOMMARIO] + "…"


def _unisci(*parti):
    return " ".join(p for p in (" ".join(str(x).split()) for x in parti if x) if p)


def _documento(**campi) -> Documento:
    campi.setdefault("zone", [])
    campi.setdefault("temi", [])
    campi.setdefault("validata", False)
    campi.setdefault("suggerimenti", [campi["titolo"]])
    campi["zone"] = sorted(set(campi["zone"]))
    campi["temi"] = sorted(set(campi["temi"]))
    campi["data"] = _utc(campi["data"]) or DATA_SCONOSCIUTA
    return Documento(**{chiave: campi[chiave] for chiave in Documento.__annotations__})


def id_documento(obj) -> str:
    """The id of an object's document: "app_label.model:pk" (for a page, its specific model)."""
    modello = obj.specific_class if isinstance(obj, Page) else type(obj)
    return f"{modello._meta.label_lower}:{obj.pk}"


def dividi_id(doc_id):
    """("app_label.model", pk as a string) of a document id; ValueError for a malformed id."""
    etichetta, _sep, pk = doc_id.partition(":")
    if not etichetta or not pk:
        raise ValueError(doc_id)
    return etichetta, pk


def _per_pagina(modello, campo, pks, *colonne):
    """{page pk: [row of `colonne` of each related object]} of the many-to-many `campo` of `modello`
    (e.g. "zone" -> [("pisana", "Pisana"), ...]), in one query for all of `pks`, each list in the
    related model's order: what `page.<campo>.all()` gives after a prefetch, without building objects."""
    field = modello._meta.get_field(campo)
    nome = field.related_query_name()
    righe = field.related_model._default_manager.filter(**{f"{nome}__in": pks}).values_list(nome, *colonne)
    per_pagina = defaultdict(list)
    for pk, *valori in righe:
        per_pagina[pk].append(tuple(valori))
    return per_pagina


# Paths that `reverse("wagtail_serve")` returns unchanged after its prefix (no character to quote).
_PERCORSO_SEMPLICE = re.compile(r"(?:[A-Za-z0-9_-]+/)*")


class IndirizziPagine:
    """Page URLs for a block of pages: `page.get_url_parts()[2]`, the path on its site, computed from
    `url_path` and the sites' root paths read once, instead of a cache lookup and a `reverse()` per
    page. The first site (in `Site.get_site_root_paths()` order) whose root path starts the page's
    `url_path` wins, as in Wagtail; None for a page outside every site. A path with characters that
    `reverse()` would quote (non-ASCII slugs) goes through `reverse()`; a page model with its own
    `get_url_parts`, and sites with Wagtail's i18n, through Wagtail itself (`dal_percorso` is False)."""

    def __init__(self):
        self.radici = Site.get_site_root_paths()
        self.con_i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
        try:
            self.prefisso = reverse("wagtail_serve", args=("",))
        except NoReverseMatch:  # Wagtail's pages are not served here: no page has a URL
            self.prefisso = None

    def dal_percorso(self, modello) -> bool:
        """Whether the URL of a page of `modello` follows from its `url_path` alone."""
        return not self.con_i18n and modello.get_url_parts is Page.get_url_parts

    def url(self, page):
        if not self.dal_percorso(type(page)):
            parti = page.get_url_parts()
            return parti[2] if parti else None
        return self.url_del_percorso(page.url_path)

    def url_del_percorso(self, url_path):
        """The URL of a page of a model for which `dal_percorso` is True, from its `url_path`."""
        if self.prefisso is None:
            return None
        radice = next((r.root_path for r in self.radici if url_path.startswith(r.root_path)), None)
        if radice is None:
            return None
        relativo = url_path[len(radice) :]
        if _PERCORSO_SEMPLICE.fullmatch(relativo):
            percorso = self.prefisso + relativo
        else:
            try:
                percorso = reverse("wagtail_serve", args=(relativo,))
            except NoReverseMatch:
                return None
        if not WAGTAIL_APPEND_SLASH and percorso != "/":
            percorso = percorso.rstrip("/")
        return percorso


# --- Sources ----------------------------------------------------------------------------------------


class Sorgente:
    """The public objects of some models and how each becomes a document."""

    # What the documents take from their zones and themes (cop.Zona, cop.Tema): the slug, as a facet.
    # search/outbox.py reads this to record the documents that a renamed zone or theme changes.
    da_zone_e_temi = frozenset({"slug"})

    def modelli(self) -> list:
        raise NotImplementedError

    def queryset(self, modello):
        """The public objects of `modello`, with what `costruisci` needs prefetched."""
        raise NotImplementedError

    def costruisci(self, oggetti: list) -> list[Documento | None]:
        """The documents of one block of objects of the same model (None to skip one)."""
        raise NotImplementedError

    def conta(self) -> int:
        return sum(self.queryset(modello).order_by().count() for modello in self.modelli())

    def tutti(self, blocco=BLOCCO) -> Iterator[Documento]:
        for modello in self.modelli():
            ultimo = None
            while True:
                qs = self.queryset(modello).order_by("pk")
                if ultimo is not None:
                    qs = qs.filter(pk__gt=ultimo)
                oggetti = list(qs[:blocco])
                if not oggetti:
                    break
                ultimo = oggetti[-1].pk
                yield from (doc for doc in self.costruisci(oggetti) if doc is not None)

    def per_pk(self, modello, pks) -> dict[str, Documento]:
        """{id: document} of the public objects among `pks` (the others are missing)."""
        trovati = {}
        pks = list(pks)
        for inizio in range(0, len(pks), BLOCCO):
            oggetti = list(self.queryset(modello).filter(pk__in=pks[inizio : inizio + BLOCCO]))
            for doc in self.costruisci(oggetti):
                if doc is not None:
                    trovati[doc["id"]] = doc
        return trovati


class SorgenteDiPagine(Sorgente):
    """Live pages that a visitor can open: published, no view restriction on them or above them,
    inside a site."""

    def queryset_pagine(self, modello):
        qs = modello.objects.live().public().filter(content_type=ContentType.objects.get_for_model(modello))
        radici = list(Site.objects.values_list("root_page__path", flat=True))
        if not radici:
            return qs.none()
        nei_siti = Q()
        for percorso in radici:
            nei_siti |= Q(path__startswith=percorso)
        return qs.filter(nei_siti)


class SorgentePratiche(SorgenteDiPagine):
    """Practices are read as rows (named tuples of CAMPI), not page objects: with thousands of
    practices, building the page objects (modelcluster's constructor) cost more than the rest of
    their documents."""

    tipo = "pratica"
    da_zone_e_temi = frozenset({"slug", "nome"})  # the names are in the text too
    SEZIONI = ("contesto", "obiettivi", "azioni", "risultati", "difficolta", "trasferibilita")
    CAMPI = (
        "pk",
        "title",
        "url_path",
        "first_published_at",
        "last_published_at",
        "abstract",
        "data_inizio",
        "validata",
        *SEZIONI,
    )

    def modelli(self):
        return [apps.get_model("buonepratiche", "BuonaPraticaPage")]

    def queryset(self, modello):
        return self.queryset_pagine(modello).values_list(*self.CAMPI, named=True)

    def costruisci(self, oggetti):
        if not oggetti:
            return []
        modello, pks = self.modelli()[0], [p.pk for p in oggetti]
        Soggetto = modello._meta.get_field("soggetti").related_model
        zone = _per_pagina(modello, "zone", pks, "slug", "nome")
        temi = _per_pagina(modello, "temi", pks, "slug", "nome")
        soggetti = defaultdict(list)
        for pk, nome in Soggetto.objects.filter(pratica_id__in=pks, organizzazione__isnull=False).values_list(
            "pratica_id", "organizzazione__nome"
        ):
            soggetti[pk].append(nome)
        indirizzi, etichetta = IndirizziPagine(), modello._meta.label_lower
        # A page model that shapes its own URL needs its pages (one query, only then).
        pagine = None if indirizzi.dal_percorso(modello) else modello.objects.in_bulk(pks)
        # The practice's own rule for its year; it reads data_inizio and first_published_at of the row.
        anno = modello.anno.fget
        documenti = []
        for p in oggetti:
            url = indirizzi.url_del_percorso(p.url_path) if pagine is None else indirizzi.url(pagine[p.pk])
            if url is None:
                documenti.append(None)
                continue
            zone_p, temi_p = zone.get(p.pk, ()), temi.get(p.pk, ())
            testo = _unisci(
                p.abstract,
                *(testo_semplice(getattr(p, campo)) for campo in self.SEZIONI),
                *soggetti.get(p.pk, ()),
                *(nome for _slug, nome in zone_p),
                *(nome for _slug, nome in temi_p),
            )
            documenti.append(
                _documento(
                    id=f"{etichetta}:{p.pk}",
                    tipo=self.tipo,
                    titolo=p.title,
                    testo=testo,
                    sommario=_sommario(p.abstract),
                    url=url,
                    data=p.first_published_at or p.last_published_at,
                    anno=anno(p),
                    zone=[slug for slug, _nome in zone_p],
                    temi=[slug for slug, _nome in temi_p],
                    validata=p.validata,
                )
            )
        return documenti


class SorgenteEventi(SorgenteDiPagine):
    tipo = "evento"
    da_zone_e_temi = frozenset({"slug", "nome"})  # the names are in the text too

    def modelli(self):
        return [apps.get_model("eventi", "EventoPage")]

    def queryset(self, modello):
        return self.queryset_pagine(modello)

    def costruisci(self, oggetti):
        if not oggetti:
            return []
        Relatore = apps.get_model("eventi", "Relatore")
        modello, pks = type(oggetti[0]), [p.pk for p in oggetti]
        zone_per_pagina = _per_pagina(modello, "zone", pks, "slug", "nome")
        temi_per_pagina = _per_pagina(modello, "temi", pks, "slug", "nome")
        voci = {p.pk: self._voci_programma(p) for p in oggetti}
        ids_relatori = {pk for lista in voci.values() for _t, _d, relatori in lista for pk in relatori}
        relatori = Relatore.objects.in_bulk(ids_relatori) if ids_relatori else {}
        indirizzi = IndirizziPagine()
        documenti = []
        for p in oggetti:
            url = indirizzi.url(p)
            if url is None:
                documenti.append(None)
                continue
            zone, temi = zone_per_pagina.get(p.pk, ()), temi_per_pagina.get(p.pk, ())
            programma = [
                _unisci(titolo, descrizione, *(str(relatori[r]) for r in ids if r in relatori))
                for titolo, descrizione, ids in voci[p.pk]
            ]
            testo = _unisci(
                p.intro,
                testo_semplice(p.descrizione),
                *programma,
                p.luogo,
                p.organizzatori,
                p.partner,
                *(nome for _slug, nome in zone),
                *(nome for _slug, nome in temi),
                p.trascrizione_in_testo,
            )
            documenti.append(
                _documento(
                    id=id_documento(p),
                    tipo=self.tipo,
                    titolo=p.title,
                    testo=testo,
                    sommario=_sommario(p.intro or testo_semplice(p.descrizione)),
                    url=url,
                    data=p.inizio,
                    anno=timezone.localtime(p.inizio).year,
                    zone=[slug for slug, _nome in zone],
                    temi=[slug for slug, _nome in temi],
                )
            )
        return documenti

    @staticmethod
    def _voci_programma(pagina):
        """[(title, description, [speaker ids])] from the programme's raw JSON (no block objects)."""
        voci = []
        for blocco in pagina.programma.raw_data or []:
            valore = blocco.get("value") or {}
            relatori = [r.get("value") if isinstance(r, dict) else r for r in valore.get("relatori") or []]
            voci.append((valore.get("titolo", ""), valore.get("descrizione", ""), [r for r in relatori if r]))
        return voci


class SorgentePagine(SorgenteDiPagine):
    """Every other page type: simple pages, the accessibility statement, news... Text from the
    model's search fields; the model's `documento_di_ricerca()` may override any key. Not the home
    page, nor the index pages of the library, the events and the updates: what they show is their
    children, each found on its own, and a result that only lists them sends the visitor to a
    second search."""

    tipo = "pagina"
    ESCLUSI = ("cop.homepage",)
    # cop's updates take the slugs of their zones and themes and their names in the text
    # (AggiornamentoPage.documento_di_ricerca).
    da_zone_e_temi = frozenset({"slug", "nome"})

    def __init__(self, *, altre_sorgenti=()):
        self.altre_sorgenti = altre_sorgenti

    def modelli(self):
        gestiti = {m for s in self.altre_sorgenti for m in s.modelli()}
        return [
            m
            for m in get_page_models()
            if m not in gestiti
            and m._meta.label_lower not in self.ESCLUSI
            and not m._meta.abstract
            and not issubclass(m, IndiceDiZona)
        ]

    def queryset(self, modello):
        qs = self.queryset_pagine(modello).filter(depth__gt=1)
        aggiungi = getattr(modello, "queryset_di_ricerca", None)
        return aggiungi(qs) if aggiungi is not None else qs

    @staticmethod
    def _testo(page):
        parti = []
        for campo in page.get_search_fields():
            if type(campo).__name__ != "SearchField" or campo.field_name == "title":
                continue
            try:
                campo_modello = page._meta.get_field(campo.field_name)
            except FieldDoesNotExist:  # a property or method named in search_fields
                campo_modello = None
            valore = getattr(page, campo.field_name, "")
            if callable(valore):
                valore = valore()
            if campo_modello is not None and hasattr(campo_modello, "get_searchable_content"):
                parti.extend(testo_semplice(v) for v in campo_modello.get_searchable_content(valore))
            else:
                parti.append(testo_semplice(valore))
        return _unisci(page.search_description, *parti)

    def costruisci(self, oggetti):
        indirizzi = IndirizziPagine()
        documenti = []
        for p in oggetti:
            url = indirizzi.url(p)
            if url is None:
                documenti.append(None)
                continue
            testo = self._testo(p)
            data = p.last_published_at or p.first_published_at
            campi = {
                "id": id_documento(p),
                "tipo": self.tipo,
                "titolo": p.title,
                "testo": testo,
                "sommario": _sommario(p.search_description or getattr(p, "intro", "") or testo),
                "url": url,
                "data": data,
                "anno": timezone.localtime(data).year if data else DATA_SCONOSCIUTA.year,
            }
            gancio = getattr(p, "documento_di_ricerca", None)
            if gancio is not None:
                aggiunte = gancio()
                campi.update(aggiunte)
                if "anno" not in aggiunte and campi["data"] is not None:
                    campi["anno"] = timezone.localtime(campi["data"]).year
            campi["sommario"] = testo_semplice(campi["sommario"])
            documenti.append(_documento(**campi))
        return documenti


def _messaggi_pubblici():
    """Posts a visitor reads: the forum's one visibility rule for an anonymous visitor, minus the
    posts removed by their author (shown as "messaggio rimosso", without their text)."""
    Messaggio = apps.get_model("forum", "Messaggio")
    return Messaggio.objects.visibili_a(AnonymousUser()).exclude(stato=Messaggio.Stato.RIMOSSO)


def _categorie_pubbliche():
    """Forum categories a visitor can open: not those of a working group that is not open (the forum's
    own rule, forum/accesso.py)."""
    return apps.get_model("forum", "Categoria").objects.leggibili_da(AnonymousUser())


def _facet_della_categoria(categoria):
    """Topics take their zone and theme from their category, slugs for the facets, names for words."""
    return {
        "zone": [categoria.zona.slug] if categoria.zona_id else [],
        "temi": [categoria.tema.slug] if categoria.tema_id else [],
    }


def _nomi_della_categoria(categoria):
    return [relazione.nome for relazione in (categoria.zona, categoria.tema) if relazione is not None]


class SorgenteDiscussioni(Sorgente):
    """A topic with its visible posts, the first one and the replies: a reply is found as its topic,
    so that a lively topic is one result, not one per reply pushing the practices off the page. Up
    to MASSIMO_CARATTERI of text, the first posts first."""

    tipo = "discussione"
    da_zone_e_temi = frozenset({"slug", "nome"})  # the category's zone and theme names are in the text
    MASSIMO_CARATTERI = 100_000

    def modelli(self):
        return [apps.get_model("forum", "Discussione")]

    def queryset(self, modello):
        return modello.objects.filter(categoria__in=_categorie_pubbliche()).select_related(
            "categoria__zona", "categoria__tema"
        )

    def costruisci(self, oggetti):
        messaggi = defaultdict(list)
        if oggetti:
            righe = (
                _messaggi_pubblici()
                .filter(discussione__in=[d.pk for d in oggetti])
                .order_by("discussione_id", "pk")
                .values_list("discussione_id", "html")
            )
            for discussione_id, html in righe.iterator(chunk_size=BLOCCO):
                messaggi[discussione_id].append(html)
        documenti = []
        for d in oggetti:
            testi, lunghezza = [], 0
            for html in messaggi[d.pk]:
                testo = testo_semplice(html)
                if lunghezza + len(testo) > self.MASSIMO_CARATTERI and testi:
                    break
                testi.append(testo)
                lunghezza += len(testo)
            documenti.append(
                _documento(
                    id=id_documento(d),
                    tipo=self.tipo,
                    titolo=d.titolo,
                    testo=_unisci(*testi, *_nomi_della_categoria(d.categoria)),
                    sommario=_sommario(testi[0] if testi else ""),
                    url=d.get_absolute_url(),
                    data=d.creata_il,
                    anno=timezone.localtime(d.creata_il).year,
                    **_facet_della_categoria(d.categoria),
                )
            )
        return documenti


# --- Registry -----------------------------------------------------------------------------------------


class Registro:
    def __init__(self):
        self.sorgenti: list[Sorgente] = []

    def registra(self, sorgente: Sorgente) -> Sorgente:
        self.sorgenti.append(sorgente)
        return sorgente

    def per_modello(self, modello) -> Sorgente | None:
        for sorgente in self.sorgenti:
            if modello in sorgente.modelli():
                return sorgente
        return None

    def per_etichetta(self, etichetta):
        """(source, model) for "app_label.model", or (None, None) for a kind nobody indexes."""
        try:
            modello = apps.get_model(etichetta)
        except (LookupError, ValueError):
            return None, None
        return self.per_modello(modello), modello


def _registro_predefinito():
    registro = Registro()
    pratiche = registro.registra(SorgentePratiche())
    eventi = registro.registra(SorgenteEventi())
    registro.registra(SorgenteDiscussioni())
    # Last: every page type that no source above claims.
    registro.registra(SorgentePagine(altre_sorgenti=[pratiche, eventi]))
    return registro


registro = _registro_predefinito()


def documento(doc_id: str) -> Documento | None:
    """The document of one id, or None when the object is gone or not public."""
    return documenti([doc_id])[doc_id]


def documenti(ids: Iterable[str]) -> dict[str, Documento | None]:
    """{id: document or None} for many ids, a fixed number of queries per kind of content."""
    ids = list(dict.fromkeys(ids))
    per_etichetta = defaultdict(list)
    for doc_id in ids:
        try:
            etichetta, pk = dividi_id(doc_id)
        except ValueError:
            continue
        per_etichetta[etichetta].append(pk)
    trovati = {}
    for etichetta, pks in per_etichetta.items():
        sorgente, modello = registro.per_etichetta(etichetta)
        if sorgente is None:
            continue
        pks_validi = []
        for pk in pks:
            try:
                pks_validi.append(modello._meta.pk.to_python(pk))
            except ValidationError:  # a malformed pk has no document
                continue
        trovati.update(sorgente.per_pk(modello, pks_validi))
    return {doc_id: trovati.get(doc_id) for doc_id in ids}


def tutti_i_documenti(blocco=BLOCCO) -> Iterator[Documento]:
    """Every public document of the site, source after source, in blocks of `blocco` objects."""
    for sorgente in registro.sorgenti:
        yield from sorgente.tutti(blocco=blocco)


def conta_documenti() -> int:
    """About how many documents `tutti_i_documenti` yields (for the progress bar)."""
    return sum(sorgente.conta() for sorgente in registro.sorgenti)
