"""`/api/v1/aggiornamenti/`: national, regional and zone updates, with the news listing's filters
(theme, kind, zone: the same names and values as on the site, see `cop.aggiornamenti`)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cop.aggiornamenti import FACCETTE, FiltriAggiornamentiForm
from cop.models import AggiornamentoPage

from . import tipi
from .base import PaginaSerializer, PagineAPIViewSet, TestoRicco, VoceSerializer

CRITERI = {faccetta.parametro: faccetta.criterio for faccetta in FACCETTE}


class AggiornamentoSerializer(PaginaSerializer):
    data = serializers.DateField()
    ambito = serializers.CharField()
    intro = serializers.CharField()
    temi = VoceSerializer(many=True)
    zone = VoceSerializer(many=True)
    fonte_nome = serializers.CharField()
    fonte_url = serializers.SerializerMethodField()

    def get_fonte_url(self, aggiornamento):
        return aggiornamento.fonte_url or None


class AggiornamentoDettaglioSerializer(AggiornamentoSerializer):
    testo = TestoRicco(source="body")
    etichette = serializers.SerializerMethodField()

    def get_etichette(self, aggiornamento):
        return sorted(tag.name for tag in aggiornamento.tags.all())


SCHEMA_AGGIORNAMENTO = tipi.oggetto(
    {
        **tipi.PAGINA,
        "data": {"type": "string", "format": "date"},
        "ambito": tipi.enum(AggiornamentoPage.Ambito.values),
        "intro": tipi.TESTO,
        "temi": tipi.VOCI,
        "zone": tipi.VOCI,
        "fonte_nome": {**tipi.TESTO, "description": "Chi ha emanato la misura o la notizia (es. INPS)."},
        "fonte_url": tipi.URL_O_NULLA,
    },
    descrizione="Un aggiornamento (campi dell'elenco).",
)
SCHEMA_AGGIORNAMENTO_DETTAGLIO = tipi.estendi(SCHEMA_AGGIORNAMENTO, testo=tipi.HTML, etichette=tipi.lista(tipi.TESTO))
SCHEMA_AGGIORNAMENTO_DETTAGLIO["description"] = "Un aggiornamento, con il testo completo."


class AggiornamentiAPIViewSet(PagineAPIViewSet):
    model = AggiornamentoPage
    nome_schema = "Aggiornamento"
    titolo = _("Aggiornamenti")
    descrizione = _(
        "Gli aggiornamenti nazionali, regionali e di zona pubblicati dalla redazione, dal più recente: tra "
        "valori dello stesso filtro basta uno (OR), tra filtri diversi valgono tutti (AND)."
    )
    filtri = FiltriAggiornamentiForm
    serializer_elenco = AggiornamentoSerializer
    serializer_dettaglio = AggiornamentoDettaglioSerializer
    schema_elemento = SCHEMA_AGGIORNAMENTO
    schema_dettaglio = SCHEMA_AGGIORNAMENTO_DETTAGLIO

    def per_api(self, queryset):
        queryset = queryset.per_elenco()
        return queryset if self.action == "listing_view" else queryset.prefetch_related("tags")

    def filtra(self, queryset, valori):
        return queryset.filtra(**{CRITERI[nome]: valore for nome, valore in valori.items() if nome in CRITERI})
