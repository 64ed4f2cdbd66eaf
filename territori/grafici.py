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


def serie_storica(punti, *, etichetta_zona, etichetta_regione):
    """`punti`: [(year, zone's value, regional value or None)], oldest first."""
    anni = [anno for anno, _z, _r in punti]
    tutti = [float(v) for _a, z, r in punti for v in (z, r) if v is not None]
    minimo, massimo = min(0.0, min(tutti)), max(tutti)
    if massimo == minimo:
        massimo = minimo + 1
    larghezza_utile = LARGHEZZA - MARGINE_SINISTRO - MARGINE_DESTRO
    altezza_utile = ALTEZZA - MARGINE_ALTO - MARGINE_BASSO

    def x(anno):
        if len(anni) == 1:
            return MARGINE_SINISTRO + larghezza_utile / 2
        return MARGINE_SINISTRO + larghezza_utile * (anno - anni[0]) / (anni[-1] - anni[0])

    def y(valore):
        return MARGINE_ALTO + altezza_utile * (1 - (float(valore) - minimo) / (massimo - minimo))

    zona = Linea("zona", [(x(a), y(v), f"{etichetta_zona} {a}: {_breve(v)}") for a, v, _r in punti])
    regione = Linea(
        "regione", [(x(a), y(r), f"{etichetta_regione} {a}: {_breve(r)}") for a, _v, r in punti if r is not None]
    )
    medio = (minimo + massimo) / 2
    tacche_y = [(_coordinata(y(v)), _breve(v)) for v in (minimo, medio, massimo)]
    scelti = anni if len(anni) <= 4 else [anni[0], anni[len(anni) // 2], anni[-1]]
    tacche_x = [(_coordinata(x(a)), str(a)) for a in dict.fromkeys(scelti)]
    return Grafico([regione, zona], tacche_y, tacche_x)
