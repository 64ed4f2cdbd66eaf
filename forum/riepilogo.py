"""The forum's source for the weekly digest (cop/riepilogo.py): topics opened in an interval.

A topic belongs to the zone and the theme of its category and, when it was opened from a page with the
"Discuti" button (`Discussione.pagina`), to the zones and themes of that page too, while the page is live
and public: a draft or a restricted practice lends nothing. The forum is readable by everyone; a topic
counts only while it has a visible post (one hidden by the moderators, with nothing else, does not)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Value
from wagtail.models import Page

from cop.models import Tema, Zona
from cop.riepilogo import Voce

from .models import Discussione, Messaggio

# The fields through which a page type (practice, event, update) says where and about what it is.
CAMPI_DELLE_PAGINE = {Zona: "zone", Tema: "temi"}


def _relazioni_delle_pagine():
    """[(kind, through model, page column, zone-or-theme column)] of every page type's `zone` and `temi`."""
    relazioni = []
    for modello, campo in CAMPI_DELLE_PAGINE.items():
        for rel in modello._meta.related_objects:
            if rel.many_to_many and issubclass(rel.related_model, Page) and rel.field.name == campo:
                pagina = rel.through._meta.get_field(rel.field.m2m_field_name()).attname
                valore = rel.through._meta.get_field(rel.field.m2m_reverse_field_name()).attname
                relazioni.append((campo, rel.through, pagina, valore))
    return relazioni


def zone_e_temi_delle_pagine(page_ids):
    """{page id: (zone pks, theme pks)} of the live, public pages among `page_ids` (two queries: the view
    restrictions, then every page type's zones and themes in one UNION)."""
    if not page_ids:
        return {}
    visibili = Page.objects.live().public().filter(pk__in=page_ids).values("pk")
    parti = [
        through.objects.filter(**{f"{pagina}__in": visibili})
        .annotate(campo=Value(campo))
        .values_list(pagina, valore, "campo")
        for campo, through, pagina, valore in _relazioni_delle_pagine()
    ]
    if not parti:
        return {}
    trovate = {}
    for page_id, pk, campo in parti[0].union(*parti[1:], all=True):
        zone, temi = trovate.setdefault(page_id, (set(), set()))
        (zone if campo == "zone" else temi).add(pk)
    return trovate


def novita_per_riepilogo(*, dal, adesso):
    """Topics opened after `dal` with at least one visible post (one query whatever their number, three
    when some were opened from a page). The digest is the same for every reader: only what anyone may
    read, none of a working group's discussions that are not public."""
    visibili = Messaggio.objects.filter(discussione=OuterRef("pk"), stato=Messaggio.Stato.VISIBILE)
    discussioni = list(
        Discussione.objects.leggibili_da(AnonymousUser())
        .filter(creata_il__gt=dal, creata_il__lte=adesso, num_messaggi__gt=0)
        .filter(Exists(visibili))
        .select_related("categoria")
        .order_by("-creata_il", "-pk")
    )
    delle_pagine = zone_e_temi_delle_pagine({d.pagina_id for d in discussioni if d.pagina_id})
    voci = []
    for discussione in discussioni:
        categoria = discussione.categoria
        zone_pagina, temi_pagina = delle_pagine.get(discussione.pagina_id, ((), ()))
        voci.append(
            Voce(
                titolo=discussione.titolo,
                percorso=discussione.get_absolute_url(),
                data=discussione.creata_il,
                dettaglio=categoria.nome,
                zone=frozenset([categoria.zona_id, *zone_pagina]) - {None},
                temi=frozenset([categoria.tema_id, *temi_pagina]) - {None},
                autore_id=discussione.autore_id,
            )
        )
    return voci
