"""`/api/v1/pratiche/`: the library of good practices, with the library's filters (the same names and
values as on the site, see `buonepratiche.filters`). The contact person, shown on the site to members
only, is never here."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from buonepratiche.filters import FACCETTE_PER_PARAMETRO, ORDINAMENTO_PREDEFINITO, FiltriBibliotecaForm
from buonepratiche.models import BuonaPraticaPage, SoggettoCoinvolto
from buonepratiche.services.dati_aperti import per_esportazione
from cop.models import Organizzazione

from . import tipi
from .base import PaginaSerializer, PagineAPIViewSet, TestoRicco, VoceSerializer

# --- representation -------------------------------------------------------------------------------


class PraticaSerializer(PaginaSerializer):
    abstract = serializers.CharField()
    zone = VoceSerializer(many=True)
    temi = VoceSerializer(many=True)
    stato = serializers.CharField()
    data_inizio = serializers.DateField()
    data_fine = serializers.DateField()
    anno = serializers.IntegerField()
    validata = serializers.BooleanField()
    adottata_da = serializers.IntegerField(source="numero_adozioni")


class SoggettoSerializer(serializers.Serializer):
    nome = serializers.CharField()
    tipo = serializers.CharField()
    ruolo = serializers.CharField()


class IndicatoreSerializer(serializers.Serializer):
    valore = serializers.CharField()
    descrizione = serializers.CharField()


class AllegatoSerializer(serializers.Serializer):
    titolo = serializers.CharField(source="titolo_visualizzato")
    url = serializers.SerializerMethodField()

    def get_url(self, allegato):
        return self.context["request"].build_absolute_uri(allegato.documento.url)


class AdozioneSerializer(serializers.Serializer):
    zona = VoceSerializer(source="zona_adottante")
    data = serializers.DateTimeField(source="creata_il")


class PraticaDettaglioSerializer(PraticaSerializer):
    destinatari = VoceSerializer(many=True)
    fonti_finanziamento = VoceSerializer(many=True)
    metodologie = VoceSerializer(many=True)
    soggetti = SoggettoSerializer(many=True)
    contesto = TestoRicco()
    obiettivi = TestoRicco()
    azioni = TestoRicco()
    risultati = TestoRicco()
    difficolta = TestoRicco()
    trasferibilita = TestoRicco()
    indicatori = IndicatoreSerializer(many=True)
    allegati = AllegatoSerializer(many=True)
    etichette = serializers.SerializerMethodField()
    adozioni = AdozioneSerializer(many=True)

    def get_etichette(self, pratica):
        return sorted(tag.name for tag in pratica.tags.all())


SCHEMA_PRATICA = tipi.oggetto(
    {
        **tipi.PAGINA,
        "abstract": tipi.TESTO,
        "zone": tipi.VOCI,
        "temi": tipi.VOCI,
        "stato": tipi.enum(BuonaPraticaPage.Stato.values),
        "data_inizio": tipi.DATA,
        "data_fine": tipi.DATA,
        "anno": {**tipi.INTERO, "description": "Anno di avvio (o di pubblicazione, se l'avvio non è indicato)."},
        "validata": {**tipi.BOOLEANO, "description": "Validata dalla redazione secondo i criteri di valutazione."},
        "adottata_da": {**tipi.INTERO, "description": "Quante zone hanno dichiarato di averla adottata."},
    },
    descrizione="Una buona pratica (campi dell'elenco).",
)
SCHEMA_PRATICA_DETTAGLIO = tipi.estendi(
    SCHEMA_PRATICA,
    destinatari=tipi.VOCI,
    fonti_finanziamento=tipi.VOCI,
    metodologie=tipi.VOCI,
    soggetti=tipi.lista(
        tipi.oggetto(
            {
                "nome": tipi.TESTO,
                "tipo": tipi.enum(Organizzazione.Tipo.values),
                "ruolo": tipi.enum(SoggettoCoinvolto.Ruolo.values),
            }
        )
    ),
    contesto=tipi.HTML,
    obiettivi=tipi.HTML,
    azioni=tipi.HTML,
    risultati=tipi.HTML,
    difficolta=tipi.HTML,
    trasferibilita=tipi.HTML,
    indicatori=tipi.lista(tipi.oggetto({"valore": tipi.TESTO, "descrizione": tipi.TESTO})),
    allegati=tipi.DOCUMENTI,
    etichette=tipi.lista(tipi.TESTO),
    adozioni=tipi.lista(tipi.oggetto({"zona": tipi.VOCE, "data": tipi.DATA_ORA})),
)
SCHEMA_PRATICA_DETTAGLIO["description"] = "Una buona pratica, con tutte le sezioni della scheda."


class PraticheAPIViewSet(PagineAPIViewSet):
    model = BuonaPraticaPage
    nome_schema = "Pratica"
    titolo = _("Buone pratiche")
    descrizione = _(
        "Le buone pratiche pubblicate nella biblioteca, con gli stessi filtri del sito: tra valori dello "
        "stesso filtro basta uno (OR), tra filtri diversi valgono tutti (AND)."
    )
    filtri = FiltriBibliotecaForm
    serializer_elenco = PraticaSerializer
    serializer_dettaglio = PraticaDettaglioSerializer
    schema_elemento = SCHEMA_PRATICA
    schema_dettaglio = SCHEMA_PRATICA_DETTAGLIO

    def per_api(self, queryset):
        queryset = queryset.per_elenco()
        return queryset if self.action == "listing_view" else per_esportazione(queryset)

    def filtra(self, queryset, valori):
        criteri = {
            FACCETTE_PER_PARAMETRO[nome].criterio: valore
            for nome, valore in valori.items()
            if nome in FACCETTE_PER_PARAMETRO
        }
        if valori.get("validata"):
            criteri["validata"] = True
        return queryset.filtra(**criteri).ordina(valori.get("ordina", ORDINAMENTO_PREDEFINITO))
