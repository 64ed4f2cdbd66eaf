"""What the home page shows from the other apps, without `cop` importing them.

Each app registers, in its AppConfig.ready(), a function that returns the items of one home
section: `home.registra_sezione("ultime_pratiche", ultime_pratiche_per_home)`. The function takes
the request and returns a short list (it must use a fixed number of queries)."""

SEZIONI = ("ultimi_aggiornamenti", "ultime_pratiche", "prossimi_eventi", "ultime_discussioni")

_fornitori = {}


def registra_sezione(nome, fornitore):
    if nome not in SEZIONI:
        raise ValueError(f"Sezione della home sconosciuta: {nome}")
    _fornitori[nome] = fornitore


def sezioni_home(request):
    """Every section, empty (the template shows its empty state) until an app provides it."""
    return {nome: list(_fornitori[nome](request)) if nome in _fornitori else [] for nome in SEZIONI}
