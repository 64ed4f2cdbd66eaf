"""What the home page shows from the other apps, without `cop` importing them.

Each app registers, in its wagtail_hooks.py, a `cop_sezioni_home` hook that returns its sections as
{name: function}: `{"ultime_pratiche": ultime_pratiche_per_home}`. The function takes the request and
returns a short list (it must use a fixed number of queries)."""

from wagtail import hooks

SEZIONI = ("ultimi_aggiornamenti", "ultime_pratiche", "prossimi_eventi", "ultime_discussioni")


def fornitori():
    """{section: function} from every app's hook (a later hook replaces an earlier one)."""
    trovati = {}
    for hook in hooks.get_hooks("cop_sezioni_home"):
        for nome, fornitore in hook().items():
            if nome not in SEZIONI:
                raise ValueError(f"Sezione della home sconosciuta: {nome}")
            trovati[nome] = fornitore
    return trovati


def sezioni_home(request):
    """Every section, empty (the template shows its empty state) until an app provides it."""
    trovati = fornitori()
    return {nome: list(trovati[nome](request)) if nome in trovati else [] for nome in SEZIONI}
