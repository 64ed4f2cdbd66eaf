"""Categories that another app restricts: the discussions of a working group are for who may read the
group, and written by its members. The forum knows no group: it asks the `forum_categorie_riservate`
hooks, each a function `fn(user)` that returns two querysets of category ids (or None), those `user`
may not read and those `user` may not write in (gruppi/wagtail_hooks.py registers one).

    non_leggibili(user)  # frozenset of category ids, read once per user object
    non_scrivibili(user)

Every list of posts goes through `Messaggio.objects.visibili_a(user)`, which leaves out the categories
`user` may not read: the forum's pages, search, the zone pages, the "Flusso", the feeds and the digest
all inherit it."""

from wagtail import hooks


def _calcola(user):
    leggere, scrivere = set(), set()
    for hook in hooks.get_hooks("forum_categorie_riservate"):
        risposta = hook(user)
        if risposta is None:
            continue
        non_leggibili, non_scrivibili = risposta
        leggere.update(non_leggibili)
        scrivere.update(non_scrivibili)
    return frozenset(leggere), frozenset(scrivere | leggere)


def _regole(user):
    if not hasattr(user, "_forum_categorie_riservate"):
        user._forum_categorie_riservate = _calcola(user)
    return user._forum_categorie_riservate


def non_leggibili(user):
    return _regole(user)[0]


def non_scrivibili(user):
    return _regole(user)[1]


def dimentica(user):
    """After a change of membership in this request."""
    user.__dict__.pop("_forum_categorie_riservate", None)


def can_read_categoria(user, categoria_id):
    return categoria_id not in non_leggibili(user)


def can_write_categoria(user, categoria_id):
    return categoria_id not in non_scrivibili(user)
