"""Indicators imported from a file (CSV or XLSX) in the admin: read every row, say what is wrong row by
row, show what would change, and write only a file whose rows are all valid, in one transaction.

The file has a header row. Required columns: `indicatore` (its code), `anno`, `valore`, and `zona` (slug
or name) or `comune` (a comune of Tuscany: its zone is the one it belonged to in that year). Optional:
`nome`, `unita`, `fonte`, `link`, `calcolo`, `piu_alto_e_meglio` (sì/no), `aggregazione` (somma/media),
the definition of an indicator that is new or changes; a new indicator needs at least `nome` and `unita`.

    esito = leggi(nome_file, contenuto)   # Esito: errors by row, or the changes (nothing written)
    applica(esito)                        # writes the changes of an Esito without errors
"""

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from cop.mappa import chiave_comune
from cop.models import Zona

from .indicatori import dati_cambiati
from .models import CODICI_RISERVATI, Indicatore, ValoreIndicatore

DIMENSIONE_MASSIMA = 5 * 1024 * 1024  # 5 MB: about 100,000 rows of CSV
RIGHE_MASSIME = 100_000
ANNO_MINIMO = 1990

OBBLIGATORIE = ("indicatore", "anno", "valore")
LUOGO = ("zona", "comune")
DEFINIZIONE = ("nome", "unita", "fonte", "link", "calcolo", "piu_alto_e_meglio", "aggregazione")
COLONNE = (*OBBLIGATORIE, *LUOGO, *DEFINIZIONE)
SI = {"sì", "si", "s", "vero", "true", "1", "x", "yes"}
NO = {"no", "n", "falso", "false", "0"}


class FileNonLeggibile(Exception):
    """The file as a whole cannot be read (format, encoding, header): the message says why, in Italian."""


@dataclass
class Modifica:
    indicatore: str
    luogo: str
    anno: int
    prima: Decimal | None
    dopo: Decimal


@dataclass
class Esito:
    righe: int = 0
    errori: list = field(default_factory=list)  # [(row number in the file, message)]
    definizioni_nuove: list = field(default_factory=list)  # [dict of the fields]
    definizioni_cambiate: list = field(default_factory=list)  # [(code, field's label, before, after)]
    nuovi: list = field(default_factory=list)  # [Modifica] with prima None
    cambiati: list = field(default_factory=list)  # [Modifica]
    invariati: int = 0
    _da_scrivere: dict = field(default_factory=dict, repr=False)  # what `applica` writes

    @property
    def valido(self):
        return not self.errori

    @property
    def cambia_qualcosa(self):
        return bool(self.definizioni_nuove or self.definizioni_cambiate or self.nuovi or self.cambiati)

    def riepilogo(self):
        return {
            "righe": self.righe,
            "errori": len(self.errori),
            "indicatori_nuovi": len(self.definizioni_nuove),
            "definizioni_cambiate": len(self.definizioni_cambiate),
            "valori_nuovi": len(self.nuovi),
            "valori_cambiati": len(self.cambiati),
            "invariati": self.invariati,
        }


# --- Reading the file -----------------------------------------------------------------------------------


def _testo_csv(contenuto):
    for codifica in ("utf-8-sig", "cp1252"):
        try:
            return contenuto.decode(codifica)
        except UnicodeDecodeError:
            continue
    raise FileNonLeggibile(_("Il file non è un testo leggibile: salvarlo come CSV UTF-8."))


def _righe_csv(contenuto):
    testo = _testo_csv(contenuto)
    prima = testo.split("\n", 1)[0]
    separatore = ";" if prima.count(";") > prima.count(",") else ","
    return list(csv.reader(io.StringIO(testo), delimiter=separatore))


def _righe_xlsx(contenuto):
    import openpyxl  # only for XLSX files

    try:
        libro = openpyxl.load_workbook(io.BytesIO(contenuto), read_only=True, data_only=True)
    except Exception as errore:  # openpyxl raises many kinds on a damaged or foreign file
        raise FileNonLeggibile(
            _("Il file XLSX non si apre (%(errore)s).") % {"errore": type(errore).__name__}
        ) from None
    try:
        foglio = libro.worksheets[0]
        return [["" if cella is None else cella for cella in riga] for riga in foglio.iter_rows(values_only=True)]
    finally:
        libro.close()


def righe_del_file(nome_file, contenuto):
    """The rows of the file (the first is the header), as lists of cells."""
    if len(contenuto) > DIMENSIONE_MASSIMA:
        raise FileNonLeggibile(_("Il file supera i 5 MB: dividerlo in più file."))
    nome = nome_file.lower()
    if nome.endswith(".xlsx"):
        righe = _righe_xlsx(contenuto)
    elif nome.endswith((".csv", ".txt")):
        righe = _righe_csv(contenuto)
    else:
        raise FileNonLeggibile(_("Sono ammessi file CSV (.csv) o Excel (.xlsx)."))
    righe = [riga for riga in righe if any(str(cella).strip() for cella in riga)]
    if not righe:
        raise FileNonLeggibile(_("Il file è vuoto."))
    if len(righe) - 1 > RIGHE_MASSIME:
        raise FileNonLeggibile(
            _("Il file ha più di %(n)s righe: dividerlo in più file.") % {"n": f"{RIGHE_MASSIME:,}".replace(",", ".")}
        )
    return righe


def nome_colonna(testo):
    """«Più alto è meglio», «unità», «Valore »: the column's name as COLONNE writes it."""
    senza_accenti = "".join(c for c in unicodedata.normalize("NFKD", str(testo)) if not unicodedata.combining(c))
    return "_".join(chiave_comune(senza_accenti).split())


def _sconosciute(riga, nomi):
    return [str(cella) for cella, nome in zip(riga, nomi, strict=True) if nome and nome not in COLONNE]


def _ripetute(nomi):
    return sorted({nome for nome in nomi if nome and nomi.count(nome) > 1})


def _intestazione(riga):
    """The columns' names, or FileNonLeggibile saying the first thing wrong with the header."""
    nomi = [nome_colonna(cella) for cella in riga]
    if sconosciute := _sconosciute(riga, nomi):
        raise FileNonLeggibile(
            _("Colonne sconosciute: %(colonne)s. Quelle ammesse: %(ammesse)s.")
            % {"colonne": ", ".join(sconosciute), "ammesse": ", ".join(COLONNE)}
        )
    if mancanti := [nome for nome in OBBLIGATORIE if nome not in nomi]:
        raise FileNonLeggibile(_("Mancano le colonne: %(colonne)s.") % {"colonne": ", ".join(mancanti)})
    if not set(LUOGO) & set(nomi):
        raise FileNonLeggibile(_("Manca la colonna «zona» o la colonna «comune»."))
    if doppie := _ripetute(nomi):
        raise FileNonLeggibile(_("Colonne ripetute: %(colonne)s.") % {"colonne": ", ".join(doppie)})
    return nomi


# --- Reading a cell -------------------------------------------------------------------------------------


def _testo(valore):
    if isinstance(valore, float) and valore.is_integer():
        valore = int(valore)
    return str(valore).strip()


def leggi_numero(valore):
    """A number written as people write it: 12.5, 12,5, -3, 1234; a thousands separator is refused
    (1.234,5 is ambiguous in a file that may come from Excel in Italian or in English)."""
    if isinstance(valore, bool):
        raise ValueError
    if isinstance(valore, int | float | Decimal):
        numero = Decimal(str(valore))
    else:
        testo = _testo(valore).replace(" ", "").replace("\u00a0", "")
        if "," in testo and "." in testo:
            raise ValueError(_("«%(valore)s»: scrivere il numero senza separatore delle migliaia.") % {"valore": testo})
        try:
            numero = Decimal(testo.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("«%(valore)s» non è un numero.") % {"valore": testo}) from None
    if not numero.is_finite() or abs(numero) >= Decimal("1e14"):
        raise ValueError(_("«%(valore)s» non è un numero ammesso.") % {"valore": valore})
    return numero.quantize(Decimal("0.0001"))


def leggi_anno(valore):
    testo = _testo(valore)
    if not testo.isdigit() or not ANNO_MINIMO <= int(testo) <= datetime.date.today().year + 1:
        raise ValueError(
            _("«%(valore)s» non è un anno tra %(da)s e %(a)s.")
            % {"valore": testo, "da": ANNO_MINIMO, "a": datetime.date.today().year + 1}
        )
    return int(testo)


def _si_no(valore):
    testo = _testo(valore).casefold()
    if testo in SI:
        return True
    if testo in NO:
        return False
    raise ValueError(_("«%(valore)s»: scrivere sì o no.") % {"valore": _testo(valore)})


# --- The places -----------------------------------------------------------------------------------------


class Luoghi:
    """Zones by slug or name; comuni by name and year (a comune's zone is the one in force that year, or
    its first zone for a year before it)."""

    def __init__(self):
        self.zone = list(Zona.objects.all())
        self.per_nome = {}
        for zona in self.zone:
            self.per_nome[zona.slug] = zona
            self.per_nome[chiave_comune(zona.nome)] = zona
        self.comuni = {}  # chiave -> [(zona, name as the zone writes it)]
        for zona in self.zone:
            if zona.regione == Zona._meta.get_field("regione").default:
                for nome in zona.elenco_comuni:
                    self.comuni.setdefault(chiave_comune(nome), []).append((zona, nome))

    def zona(self, testo):
        zona = self.per_nome.get(testo) or self.per_nome.get(chiave_comune(testo))
        if zona is None:
            raise ValueError(_("«%(zona)s» non è una zona: scrivere lo slug o il nome.") % {"zona": testo})
        return zona

    def comune(self, testo, anno):
        candidati = self.comuni.get(chiave_comune(testo))
        if not candidati:
            raise ValueError(_("«%(comune)s» non è un comune delle zone-distretto toscane.") % {"comune": testo})
        for zona, nome in candidati:
            if (zona.dal_anno is None or zona.dal_anno <= anno) and (zona.al_anno is None or zona.al_anno > anno):
                return zona, nome
        # Before the zones of L.R. 11/2017 (the first the platform knows): the comune's first zone, so that
        # older series are read on the 2017 boundaries.
        prima = min(candidati, key=lambda c: c[0].dal_anno or 0)
        if prima[0].dal_anno and anno < prima[0].dal_anno:
            return prima
        raise ValueError(
            _("Nel %(anno)s il comune «%(comune)s» non era in nessuna zona.") % {"anno": anno, "comune": testo}
        )


# --- The rows -------------------------------------------------------------------------------------------

CAMPI_DEFINIZIONE = {
    "nome": lambda v: _testo(v)[:200],
    "unita": lambda v: _testo(v)[:60],
    "fonte": lambda v: _testo(v)[:200],
    "link": lambda v: _testo(v),
    "calcolo": lambda v: _testo(v)[:2000],
    "piu_alto_e_meglio": _si_no,
    "aggregazione": lambda v: _testo(v).casefold(),
}


def _definizione(cella):
    """The definition's fields given on a row (only the non-empty cells), checked."""
    dati = {}
    for nome in DEFINIZIONE:
        if nome in cella and _testo(cella[nome]):
            dati[nome] = CAMPI_DEFINIZIONE[nome](cella[nome])
    if "aggregazione" in dati and dati["aggregazione"] not in Indicatore.Aggregazione.values:
        raise ValueError(_("Aggregazione «%(valore)s»: scrivere somma o media.") % {"valore": dati["aggregazione"]})
    if "link" in dati:
        try:
            URLValidator(schemes=["http", "https"])(dati["link"])
        except ValidationError:
            raise ValueError(_("«%(link)s» non è un indirizzo web.") % {"link": dati["link"]}) from None
    return dati


def _codice(testo):
    codice = _testo(testo).lower()
    if not codice:
        raise ValueError(_("Manca il codice dell'indicatore."))
    if codice.startswith(CODICI_RISERVATI):
        raise ValueError(
            _("«%(codice)s»: i codici che iniziano con «%(prefisso)s» sono degli indicatori della piattaforma.")
            % {"codice": codice, "prefisso": CODICI_RISERVATI}
        )
    try:
        Indicatore._meta.get_field("codice").run_validators(codice)
        if len(codice) > 60:
            raise ValidationError("")
    except ValidationError:
        raise ValueError(
            _("«%(codice)s» non è un codice valido: lettere minuscole, cifre e trattini, al massimo 60.")
            % {"codice": codice}
        ) from None
    return codice


class Lettore:
    def __init__(self):
        self.luoghi = Luoghi()
        self.esistenti = {i.codice: i for i in Indicatore.objects.all()}
        self.definizioni = {}  # code -> {field: (value, row)}
        self.valori = {}  # (code, zone id, comune, year) -> (value, row, place's label)

    def riga(self, numero, cella):
        codice = _codice(cella.get("indicatore", ""))
        anno = leggi_anno(cella.get("anno", ""))
        valore = leggi_numero(cella.get("valore", ""))
        zona_testo, comune_testo = _testo(cella.get("zona", "")), _testo(cella.get("comune", ""))
        if not zona_testo and not comune_testo:
            raise ValueError(_("Manca la zona o il comune."))
        zona, comune = None, ""
        if zona_testo:
            zona = self.luoghi.zona(zona_testo)
        if comune_testo:
            zona_del_comune, comune = self.luoghi.comune(comune_testo, anno)
            if zona is not None and zona != zona_del_comune:
                raise ValueError(
                    _("Nel %(anno)s il comune «%(comune)s» era nella zona %(zona)s, non in %(altra)s.")
                    % {"anno": anno, "comune": comune, "zona": zona_del_comune.nome, "altra": zona.nome}
                )
            zona = zona_del_comune
        self._nota_definizione(numero, codice, _definizione(cella))
        chiave = (codice, zona.pk, comune, anno)
        if chiave in self.valori:
            raise ValueError(
                _("Lo stesso indicatore, luogo e anno è già alla riga %(riga)s.") % {"riga": self.valori[chiave][1]}
            )
        self.valori[chiave] = (valore, numero, comune or zona.nome)

    def _nota_definizione(self, numero, codice, dati):
        note = self.definizioni.setdefault(codice, {})
        for nome, valore in dati.items():
            if nome in note and note[nome][0] != valore:
                raise ValueError(
                    _("«%(campo)s» dell'indicatore %(codice)s è diverso da quello della riga %(riga)s.")
                    % {"campo": nome, "codice": codice, "riga": note[nome][1]}
                )
            note.setdefault(nome, (valore, numero))

    def controlla_definizioni(self, esito):
        """A new indicator needs a name and a unit: the error goes on its first row."""
        prime = {}
        for (codice, *_resto), (_valore, numero, _luogo) in self.valori.items():
            prime[codice] = min(numero, prime.get(codice, numero))
        for codice, note in self.definizioni.items():
            if codice in self.esistenti:
                continue
            mancano = [nome for nome in ("nome", "unita") if nome not in note]
            if mancano:
                esito.errori.append(
                    (
                        prime.get(codice, 0),
                        _("L'indicatore «%(codice)s» è nuovo: servono le colonne %(colonne)s.")
                        % {"codice": codice, "colonne": ", ".join(mancano)},
                    )
                )


def leggi(nome_file, contenuto):
    """The Esito of the file: its errors by row, or what it would change. Raises FileNonLeggibile."""
    righe = righe_del_file(nome_file, contenuto)
    nomi = _intestazione(righe[0])
    esito = Esito(righe=len(righe) - 1)
    lettore = Lettore()
    for numero, riga in enumerate(righe[1:], start=2):
        cella = {nome: valore for nome, valore in zip(nomi, riga, strict=False) if nome}
        try:
            lettore.riga(numero, cella)
        except ValueError as errore:
            esito.errori.append((numero, str(errore)))
    lettore.controlla_definizioni(esito)
    esito.errori.sort()
    if esito.valido:
        _confronta(esito, lettore)
    return esito


ETICHETTE = {
    "nome": _("nome"),
    "unita": _("unità di misura"),
    "fonte": _("fonte"),
    "link": _("collegamento"),
    "calcolo": _("come si calcola"),
    "piu_alto_e_meglio": _("più alto è meglio"),
    "aggregazione": _("aggregazione"),
}


def _confronta_definizioni(esito, lettore):
    """{code: the definition's fields given in the file}; new indicators and changed fields in `esito`."""
    definizioni = {}
    for codice, note in lettore.definizioni.items():
        dati = {nome: valore for nome, (valore, _riga) in note.items()}
        indicatore = lettore.esistenti.get(codice)
        if indicatore is None:
            esito.definizioni_nuove.append({"codice": codice, **dati})
        else:
            esito.definizioni_cambiate += [
                (codice, str(ETICHETTE[nome]), getattr(indicatore, nome), valore)
                for nome, valore in dati.items()
                if getattr(indicatore, nome) != valore
            ]
        definizioni[codice] = dati
    return definizioni


def _valori_presenti(codici):
    """{(code, zone id, comune, year): (pk, value)} of the values in the database (one query)."""
    righe = ValoreIndicatore.objects.filter(indicatore__codice__in=codici).values_list(
        "indicatore__codice", "zona_id", "comune", "anno", "pk", "valore"
    )
    return {riga[:4]: (riga[4], riga[5]) for riga in righe}


def _confronta(esito, lettore):
    """What the file changes compared with the database: definitions, then values."""
    definizioni = _confronta_definizioni(esito, lettore)
    presenti = _valori_presenti([c for c in definizioni if c in lettore.esistenti])
    nuovi, cambiati = [], {}
    for chiave, (valore, _numero, luogo) in lettore.valori.items():
        codice, _zona, _comune, anno = chiave
        pk, prima = presenti.get(chiave, (None, None))
        if pk is None:
            esito.nuovi.append(Modifica(codice, luogo, anno, None, valore))
            nuovi.append(chiave + (valore,))
        elif prima != valore:
            esito.cambiati.append(Modifica(codice, luogo, anno, prima, valore))
            cambiati[pk] = valore
        else:
            esito.invariati += 1
    esito._da_scrivere = {"definizioni": definizioni, "nuovi": nuovi, "cambiati": cambiati}


@transaction.atomic
def applica(esito):
    """Write what a valid Esito found: definitions first, then values (in batches), all or nothing."""
    if not esito.valido:
        raise ValueError("un file con errori non si importa")
    dati = esito._da_scrivere
    indicatori = {}
    for codice, campi in dati["definizioni"].items():
        indicatore, _creato = Indicatore.objects.get_or_create(codice=codice, defaults=campi)
        cambiati = {nome: valore for nome, valore in campi.items() if getattr(indicatore, nome) != valore}
        if cambiati:
            for nome, valore in cambiati.items():
                setattr(indicatore, nome, valore)
            indicatore.save()
        indicatori[codice] = indicatore
    ValoreIndicatore.objects.bulk_create(
        [
            ValoreIndicatore(indicatore=indicatori[codice], zona_id=zona, comune=comune, anno=anno, valore=valore)
            for codice, zona, comune, anno, valore in dati["nuovi"]
        ],
        batch_size=1000,
    )
    da_cambiare = [ValoreIndicatore(pk=pk, valore=valore) for pk, valore in dati["cambiati"].items()]
    ValoreIndicatore.objects.bulk_update(da_cambiare, ["valore"], batch_size=1000)
    dati_cambiati()
