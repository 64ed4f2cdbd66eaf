"""Categories that another app restricts: the discussions of a working group are for who may read the
group, and written by its members. The forum knows no group: it asks the `forum_categorie_riservate`
hooks, each a function `fn(user)` that returns None or a tuple of collections of category ids: those
`user` may not read, those `user` may not write in, and (optionally, third) those `user` moderates
without being a moderator of the whole forum: a group's coordinators moderate its discussions
(gruppi/wagtail_hooks.py registers one).

    non_leggibili(user)  # frozenset of category ids, read once per user object
    non_scrivibili(user)
    moderate(user)

Every list of posts goes through `Messaggio.objects.visibili_a(user)`, which leaves out the categories
`user` may not read: the forum's pages, search, the zone pages, the "Flusso", the feeds and the digest
all inherit it."""

from wagtail import hooks


def _calcola(user):
    leggere, scrivere, moderare = set(), set(), set()
    for hook in hooks.get_hooks("forum_categorie_riservate"):
        risposta = hook(user)
        if risposta is None:
            continue
        leggere.update(risposta[0])
        scrivere.update(risposta[1])
        if len(risposta) > 2:
            moderare.update(risposta[2])
    return frozenset(leggere), frozenset(scrivere | leggere), frozenset(moderare - leggere)


def _regole(user):
    if not hasattr(user, "_forum_categorie_riservate"):
        user._forum_categorie_riservate = _calcola(user)
    return user._forum_categorie_riservate


def non_leggibili(user):
    return _regole(user)[0]


def non_scrivibili(user):
    return _regole(user)[1]


def moderate(user):
    """Categories `user` moderates as a group's coordinator (the forum's moderators moderate all)."""
    return _regole(user)[2]


def dimentica(user):
    """After a change of membership in this request."""
    user.__dict__.pop("_forum_categorie_riservate", None)


def can_read_categoria(user, categoria_id):
    return categoria_id not in non_leggibili(user)


def can_write_categoria(user, categoria_id):
    return categoria_id not in non_scrivibili(user)


def can_moderate_categoria(user, categoria_id):
    """Coordinating the group the category belongs to (not the forum's moderators: forum.permissions)."""
    return categoria_id in moderate(user)
