"""Reads of the forum used by other apps (home page, data export, zone pages, "Flusso")."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, ExtractYear

from .models import Discussione, Messaggio, Segnalazione


def ultime_discussioni(request, *, quante=5):
    """The home page's "Ultime discussioni" (one query): none of a group the visitor may not read."""
    discussioni = Discussione.objects.leggibili_da(request.user).filter(num_messaggi__gt=0)
    return list(discussioni.order_by("-ultima_attivita", "-pk")[:quante])


def dati_utente(user):
    """The member's topics and posts, for their data export."""
    return {
        "forum": {
            "discussioni": [
                {"titolo": d.titolo, "aperta_il": d.creata_il.isoformat(), "url": d.get_absolute_url()}
                for d in Discussione.objects.filter(autore=user).order_by("pk")
            ],
            "messaggi": [
                {
                    "discussione": m.discussione.titolo,
                    "scritto_il": m.creato_il.isoformat(),
                    "modificato_il": m.modificato_il.isoformat() if m.modificato_il else None,
                    "stato": m.stato,
                    "testo": m.testo,
                }
                for m in Messaggio.objects.filter(autore=user).select_related("discussione").order_by("pk")
            ],
        }
    }


# --- Territories: what the zone page and the "Flusso" read of the forum (search/flusso.py) --------------
#
# A topic belongs to the zone of its category; in a category of no zone (the themes' categories), to the
# zones of the page it discusses ("Discuti" on a practice or an event). The same for themes. The forum
# does not know which page types have zones: the caller names the lookups from wagtailcore.Page
# (e.g. "buonapraticapage__zone").


def discussioni_pubbliche():
    """Topics as an anonymous visitor sees them: those with at least one post visible to them."""
    visibili = Messaggio.objects.filter(discussione=OuterRef("pk")).visibili_a(AnonymousUser())
    return Discussione.objects.filter(Exists(visibili))


def _della_zona(zona, zone_della_pagina):
    attraverso_la_pagina = Q()
    for lookup in zone_della_pagina:
        attraverso_la_pagina |= Q(**{f"pagina__{lookup}": zona})
    q = Q(categoria__zona=zona)
    if zone_della_pagina:
        q |= Q(categoria__zona__isnull=True) & attraverso_la_pagina
    # A subquery: the joins through the pages' zones would repeat a topic.
    return Q(pk__in=Discussione.objects.filter(q).values("pk"))


def discussioni_della_zona(zona, limite, *, zone_della_pagina=()):
    """The public topics of a zone, the latest active first (one query)."""
    return list(
        discussioni_pubbliche()
        .filter(_della_zona(zona, zone_della_pagina))
        .select_related("categoria")
        .order_by("-ultima_attivita", "-pk")[:limite]
    )


def ultime_discussioni_pubbliche(limite, *, zona=None, zone_della_pagina=()):
    """The newest public topics (by opening), of one zone or of all, with their category and its zone
    (one query)."""
    discussioni = discussioni_pubbliche()
    if zona is not None:
        discussioni = discussioni.filter(_della_zona(zona, zone_della_pagina))
    return list(discussioni.select_related("categoria__zona").order_by("-creata_il", "-pk")[:limite])


def _coalesce(campo_categoria, lookups_pagina):
    campi = [campo_categoria, *(f"pagina__{lookup}" for lookup in lookups_pagina)]
    return Coalesce(*campi) if len(campi) > 1 else F(campo_categoria)


def conteggi_zona_tema(*, zone_della_pagina=(), temi_della_pagina=()):
    """{(zona_id, tema_id): number of public topics}, in one GROUP BY query."""
    righe = (
        discussioni_pubbliche()
        .order_by()
        .annotate(
            zona_flusso=_coalesce("categoria__zona", zone_della_pagina),
            tema_flusso=_coalesce("categoria__tema", temi_della_pagina),
        )
        .filter(zona_flusso__isnull=False, tema_flusso__isnull=False)
        .values_list("zona_flusso", "tema_flusso")
        .annotate(n=Count("pk", distinct=True))
    )
    return {(zona, tema): n for zona, tema, n in righe}


# --- Moderation: the reports queue of the admin (forum/admin_views.py) ---------------------------------


def messaggi_segnalati(*, gestite=False):
    """The posts with open reports (oldest report first), or with `gestite` those with handled reports
    (latest handled first). Each post carries `segnalazioni_elencate`, those reports with who wrote and
    who handled them: three queries whatever their number (the page, the count, the reports)."""
    aperta = not gestite
    segnalazioni = Segnalazione.objects.filter(gestita_il__isnull=aperta)
    sul_messaggio = Q(segnalazioni__gestita_il__isnull=aperta)
    messaggi = (
        Messaggio.objects.filter(Exists(segnalazioni.filter(messaggio=OuterRef("pk"))))
        .annotate(num_segnalazioni=Count("segnalazioni", filter=sul_messaggio))
        .select_related("autore", "discussione")
        .prefetch_related(
            Prefetch(
                "segnalazioni",
                queryset=segnalazioni.select_related("autore", "gestita_da").order_by(
                    "-gestita_il" if gestite else "creata_il", "pk"
                ),
                to_attr="segnalazioni_elencate",
            )
        )
    )
    if gestite:
        return messaggi.annotate(ultima=Max("segnalazioni__gestita_il", filter=sul_messaggio)).order_by(
            "-ultima", "-pk"
        )
    return messaggi.annotate(prima=Min("segnalazioni__creata_il", filter=sul_messaggio)).order_by("prima", "pk")


def messaggi_per_zona_e_anno():
    """{(zona_id, year): posts a visitor can read, written that year in the categories of the zone}."""
    righe = (
        Messaggio.objects.visibili_a(AnonymousUser())
        .filter(discussione__categoria__zona__isnull=False)
        .order_by()
        .annotate(anno=ExtractYear("creato_il"))
        .values_list("discussione__categoria__zona", "anno")
        .annotate(n=Count("pk"))
    )
    return {(zona, anno): n for zona, anno, n in righe}


# --- Member profiles: what a member's page shows of the forum (cop/membri.py) ---------------------------


def attivita_membro(user, viewer, limite):
    """The topics `user` opened and the posts they wrote, as `viewer` may read them: nothing of a group's
    discussions `viewer` may not read (forum/accesso.py), no post hidden or removed. The latest `limite`
    of each and how many (four queries)."""
    from django.utils.translation import gettext as _

    from cop.membri import SezioneAttivita, Voce

    messaggi = Messaggio.objects.visibili_a(viewer).filter(autore=user, stato=Messaggio.Stato.VISIBILE).order_by()
    leggibili = Messaggio.objects.visibili_a(viewer).filter(discussione=OuterRef("pk"), stato=Messaggio.Stato.VISIBILE)
    discussioni = Discussione.objects.leggibili_da(viewer).filter(autore=user).filter(Exists(leggibili))
    ultime_discussioni = discussioni.order_by("-creata_il", "-pk")[:limite]
    ultimi_messaggi = messaggi.select_related("discussione").order_by("-creato_il", "-pk")[:limite]
    return [
        SezioneAttivita(
            chiave="discussioni",
            titolo=_("Discussioni aperte"),
            voci=[Voce(d.titolo, d.get_absolute_url(), d.creata_il) for d in ultime_discussioni],
            totale=discussioni.count(),
        ),
        SezioneAttivita(
            chiave="messaggi",
            titolo=_("Messaggi nel forum"),
            voci=[
                Voce(_("In «%(titolo)s»") % {"titolo": m.discussione.titolo}, m.get_absolute_url(), m.creato_il)
                for m in ultimi_messaggi
            ],
            totale=messaggi.count(),
        ),
    ]
