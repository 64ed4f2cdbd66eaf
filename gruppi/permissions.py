"""Who may do what with a working group: the one place that decides (views, services and templates ask
here). Rights read only what an editor or a coordinator confirmed: a member's group role, an editor's
group (Redattori regionali), a referente's confirmed zone.

- A reserved group does not exist for anyone outside it: its page answers 404, not 403.
- Editors (Redattori regionali) see and manage every group; a Referente di zona sees and manages the
  groups of the zone an editor confirmed for them; coordinators manage their own group.
"""

from cop import roles
from cop.models import zona_confermata_id

from .models import Appartenenza, Gruppo


def appartenenza(user, gruppo):
    """The user's row in the group (active or a pending request), or None; read once per request."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_gruppi_appartenenze", {})
    if gruppo.pk not in cache:
        cache[gruppo.pk] = Appartenenza.objects.filter(gruppo=gruppo, user=user).first()
    return cache[gruppo.pk]


def dimentica(user):
    """After a change of membership in this request."""
    user.__dict__.pop("_gruppi_appartenenze", None)


def is_membro(user, gruppo):
    riga = appartenenza(user, gruppo)
    return riga is not None and riga.stato == Appartenenza.Stato.ATTIVA


def vede_tutti_i_gruppi(user):
    return roles.is_redattore(user)


def is_membro_della_comunita(user):
    """Verified members (Operatori) and editors: who may take part in a group."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or bool(roles.group_names(user) & {roles.OPERATORI, roles.REFERENTI, roles.REDATTORI})


def can_see(user, gruppo):
    """Knowing the group exists: its name and what it is for. A reserved group: its members and who
    manages it (editors, the referente of its zone)."""
    return gruppo.accesso != Gruppo.Accesso.RISERVATO or is_membro(user, gruppo) or can_manage(user, gruppo)


def can_read(user, gruppo):
    """Its content and its members: everyone for an open group, members (and those who manage it) otherwise."""
    if gruppo.accesso == Gruppo.Accesso.APERTO:
        return True
    return is_membro(user, gruppo) or can_manage(user, gruppo)


def can_manage(user, gruppo):
    """Accept requests, invite, remove members, appoint coordinators."""
    if not (user.is_authenticated and user.is_active):
        return False
    if vede_tutti_i_gruppi(user) or _referente_della_zona(user, gruppo):
        return True
    riga = appartenenza(user, gruppo)
    return riga is not None and riga.is_coordinatore


def zona_del_referente(user):
    """The zone a Referente di zona looks after (confirmed by an editor), or None."""
    return zona_confermata_id(user) if roles.is_referente(user) else None


def _referente_della_zona(user, gruppo):
    return gruppo.zona_id is not None and zona_del_referente(user) == gruppo.zona_id


def can_join(user, gruppo):
    """One click, in an open group."""
    return (
        gruppo.accesso == Gruppo.Accesso.APERTO
        and is_membro_della_comunita(user)
        and appartenenza(user, gruppo) is None
    )


def can_request(user, gruppo):
    return (
        gruppo.accesso == Gruppo.Accesso.SU_RICHIESTA
        and is_membro_della_comunita(user)
        and appartenenza(user, gruppo) is None
    )


def can_leave(user, gruppo):
    """A member leaves; a pending request is withdrawn the same way."""
    return appartenenza(user, gruppo) is not None


def can_appoint(user, gruppo):
    """Appoint coordinators: editors, the zone's referente, and whoever created the group."""
    if not (user.is_authenticated and user.is_active):
        return False
    return gruppo.creato_da_id == user.pk or vede_tutti_i_gruppi(user) or _referente_della_zona(user, gruppo)


def can_see_members(user, gruppo):
    """Names of members: people of the community who may read the group, never anonymous visitors
    (privacy by default: the public sees how many they are)."""
    return (is_membro_della_comunita(user) and can_read(user, gruppo)) or can_manage(user, gruppo)


def can_write(user, gruppo):
    """Open a topic or reply in the group's discussions: its members and who manages it."""
    return is_membro_della_comunita(user) and (is_membro(user, gruppo) or can_manage(user, gruppo))


def can_use_documents(user, gruppo):
    """See, download and upload the group's files: its members and who manages it, whatever the group's
    access (a file shared in a group is for the group, not for the public)."""
    return is_membro_della_comunita(user) and (is_membro(user, gruppo) or can_manage(user, gruppo))
