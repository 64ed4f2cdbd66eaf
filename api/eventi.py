"""`/api/v1/eventi/`: seminars, annual events and zone meetings, with the listing's filters (type,
theme, zone, year) and upcoming/past. Registrations, attendance codes and live-stream links are
never here."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.models import Page

from cop.filtri import VoceField, voci_di_scelte
from eventi.forms import FiltriEventiForm
from eventi.models import EventoPage, MaterialeEvento, PraticaCorrelata

from . import tipi
from .base import PaginaSerializer, PagineAPIViewSet, TestoRicco, VoceSerializer

QUANDO = ("prossimi", "passati")


class FiltriEventiAPI(FiltriEventiForm):
    """The listing's filters of the site, and whether the events are upcoming or past."""

    quando = VoceField(
        help_text=_(
            "prossimi: non ancora conclusi (anche quelli in corso), dal più vicino; passati: conclusi, dal più "
            "recente. Assente: prima i prossimi, poi l'archivio (come sul sito)."
        ),
        voci=voci_di_scelte({q: q for q in QUANDO}),
        elenco=QUANDO,
    )


class EventoSerializer(PaginaSerializer):
    tipo = serializers.CharField()
    intro = serializers.CharField()
    inizio = serializers.DateTimeField()
    fine = serializers.DateTimeField()
    modalita = serializers.CharField()
    luogo = serializers.CharField()
    indirizzo = serializers.CharField()
    organizzatori = serializers.CharField()
    partner = serializers.CharField()
    zone = VoceSerializer(many=True)
    temi = VoceSerializer(many=True)
    concluso = serializers.SerializerMethodField()
    registrazione_url = serializers.SerializerMethodField()

    def get_concluso(self, evento):
        return evento.e_concluso(self.context["adesso"])

    def get_registrazione_url(self, evento):
        return evento.registrazione_url or None


class MaterialeSerializer(serializers.Serializer):
    titolo = serializers.CharField(source="titolo_visibile")
    url = serializers.SerializerMethodField()

    def get_url(self, materiale):
        return self.context["request"].build_absolute_uri(materiale.documento.url)


class EventoDettaglioSerializer(EventoSerializer):
    descrizione = TestoRicco()
    materiali = MaterialeSerializer(many=True)
    pratiche_presentate = serializers.SerializerMethodField()

    def get_pratiche_presentate(self, evento):
        """The practices presented at the event that are themselves live and public."""
        request = self.context["request"]
        ids = [correlata.pagina_id for correlata in evento.pratiche_correlate.all()]
        pubbliche = {pagina.pk: pagina for pagina in Page.objects.live().public().filter(pk__in=ids)}
        return [
            {
                "id": pubbliche[pk].pk,
                "titolo": pubbliche[pk].title,
                "url": request.build_absolute_uri(pubbliche[pk].get_url(request)),
            }
            for pk in ids
            if pk in pubbliche
        ]


SCHEMA_EVENTO = tipi.oggetto(
    {
        **tipi.PAGINA,
        "tipo": tipi.enum(EventoPage.Tipo.values),
        "intro": tipi.TESTO,
        "inizio": tipi.DATA_ORA,
        "fine": tipi.DATA_ORA,
        "modalita": tipi.enum(EventoPage.Modalita.values),
        "luogo": tipi.TESTO,
        "indirizzo": tipi.TESTO,
        "organizzatori": tipi.TESTO,
        "partner": tipi.TESTO,
        "zone": tipi.VOCI,
        "temi": tipi.VOCI,
        "concluso": {**tipi.BOOLEANO, "description": "L'evento è già finito."},
        "registrazione_url": {**tipi.URL_O_NULLA, "description": "La registrazione video, se pubblicata."},
    },
    descrizione="Un evento (campi dell'elenco).",
)
SCHEMA_EVENTO_DETTAGLIO = tipi.estendi(
    SCHEMA_EVENTO,
    descrizione=tipi.HTML,
    materiali=tipi.DOCUMENTI,
    pratiche_presentate=tipi.lista(tipi.oggetto({"id": tipi.INTERO, "titolo": tipi.TESTO, "url": tipi.URL})),
)
SCHEMA_EVENTO_DETTAGLIO["description"] = "Un evento, con descrizione, materiali e buone pratiche presentate."


class EventiAPIViewSet(PagineAPIViewSet):
    model = EventoPage
    nome_schema = "Evento"
    titolo = _("Eventi")
    descrizione = _("Seminari online, eventi annuali, incontri di zona, formazioni e tavoli di lavoro pubblicati.")
    filtri = FiltriEventiAPI
    serializer_elenco = EventoSerializer
    serializer_dettaglio = EventoDettaglioSerializer
    schema_elemento = SCHEMA_EVENTO
    schema_dettaglio = SCHEMA_EVENTO_DETTAGLIO

    def per_api(self, queryset):
        queryset = queryset.per_elenco()
        if self.action == "listing_view":
            return queryset
        return queryset.prefetch_related(
            Prefetch("materiali", queryset=MaterialeEvento.objects.select_related("documento")),
            Prefetch("pratiche_correlate", queryset=PraticaCorrelata.objects.order_by("sort_order", "pk")),
        )

    def filtra(self, queryset, valori):
        queryset = queryset.filtra(
            tipo=valori.get("tipo"), tema=valori.get("tema"), zona=valori.get("zona"), anno=valori.get("anno")
        )
        quando = valori.get("quando")
        if quando == "prossimi":
            return queryset.prossimi(self.adesso)
        if quando == "passati":
            return queryset.passati(self.adesso)
        return queryset.in_ordine_elenco(self.adesso)

    @cached_property
    def adesso(self):
        """One "now" for the whole request: filters and `concluso` agree."""
        return timezone.now()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "adesso": self.adesso}
