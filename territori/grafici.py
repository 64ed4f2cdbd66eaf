"""Small time-series charts drawn on the server as SVG (no JavaScript): a zone's values year by year and
the average of the Tuscan zones, the same numbers in a table beside them (templates/components/
serie_storica.html). Coordinates are numbers, never localised."""

from dataclasses import dataclass, field

LARGHEZZA, ALTEZZA = 320, 140
MARGINE_SINISTRO, MARGINE_DESTRO, MARGINE_ALTO, MARGINE_BASSO = 56, 12, 12, 24


def _coordinata(numero):
    """A coordinate as the SVG reads it: a point for decimals, whatever the language of the page."""
    return f"{numero:.1f}"


@dataclass
class Linea:
    classe: str  # "zona" or "regione"
    punti: list = field(default_factory=list)  # [(x, y, title)]

    @property
    def d(self):
        return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y, _t) in enumerate(self.punti))

    @property
    def cerchi(self):
        return [(_coordinata(x), _coordinata(y), titolo) for x, y, titolo in self.punti]


@dataclass
class Grafico:
    linee: list
    tacche_y: list  # [(y, label)]
    tacche_x: list  # [(x, label)]
    larghezza: int = LARGHEZZA
    altezza: int = ALTEZZA

    @property
    def viewbox(self):
        return f"0 0 {self.larghezza} {self.altezza}"

    @property
    def sinistra(self):
        return MARGINE_SINISTRO

    @property
    def x_tacche_y(self):
        return MARGINE_SINISTRO - 4

    @property
    def y_tacche_x(self):
        return self.altezza - 6


def _breve(valore):
    """A tick's label: short, with the Italian decimal comma (the chart's text, not its coordinates)."""
    valore = float(valore)
    if abs(valore) >= 1_000_000:
        testo = f"{valore / 1_000_000:.1f} Mln"
    elif abs(valore) >= 10_000:
        testo = f"{valore / 1000:.0f} mila"
    elif valore == int(valore):
        return f"{int(valore):,}".replace(",", ".")
    else:
        testo = f"{valore:.1f}"
    return testo.replace(".", ",")


@dataclass
class Scala:
    """From years and values to SVG units: the years across, from zero (or the lowest value) to the
    highest value upwards."""

    anni: list
    minimo: float
    massimo: float

    @classmethod
    def di(cls, punti):
        valori = [float(v) for _a, z, r in punti for v in (z, r) if v is not None]
        minimo, massimo = min(0.0, *valori), max(valori)
        return cls([anno for anno, _z, _r in punti], minimo, massimo if massimo > minimo else minimo + 1)

    def x(self, anno):
        larghezza_utile = LARGHEZZA - MARGINE_SINISTRO - MARGINE_DESTRO
        if len(self.anni) == 1:
            return MARGINE_SINISTRO + larghezza_utile / 2
        return MARGINE_SINISTRO + larghezza_utile * (anno - self.anni[0]) / (self.anni[-1] - self.anni[0])

    def y(self, valore):
        altezza_utile = ALTEZZA - MARGINE_ALTO - MARGINE_BASSO
        return MARGINE_ALTO + altezza_utile * (1 - (float(valore) - self.minimo) / (self.massimo - self.minimo))

    def linea(self, classe, coppie, etichetta):
        """A line through (year, value) pairs, a value of None left out."""
        return Linea(
            classe, [(self.x(a), self.y(v), f"{etichetta} {a}: {_breve(v)}") for a, v in coppie if v is not None]
        )

    def tacche(self):
        """(the value axis's ticks: lowest, middle, highest; the years': all up to four, else three)."""
        valori = (self.minimo, (self.minimo + self.massimo) / 2, self.massimo)
        anni = self.anni if len(self.anni) <= 4 else [self.anni[0], self.anni[len(self.anni) // 2], self.anni[-1]]
        return (
            [(_coordinata(self.y(v)), _breve(v)) for v in valori],
            [(_coordinata(self.x(a)), str(a)) for a in dict.fromkeys(anni)],
        )


def serie_storica(punti, *, etichetta_zona, etichetta_regione):
    """`punti`: [(year, zone's value, regional value or None)], oldest first."""
    scala = Scala.di(punti)
    zona = scala.linea("zona", [(a, v) for a, v, _r in punti], etichetta_zona)
    regione = scala.linea("regione", [(a, r) for a, _v, r in punti], etichetta_regione)
    return Grafico([regione, zona], *scala.tacche())
