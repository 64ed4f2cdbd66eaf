"""The three roles of the community of practice, as Django groups created by migration."""

from django.utils.translation import gettext_lazy as _

OPERATORI = "Operatori"
REFERENTI = "Referenti di zona"
REDATTORI = "Redattori regionali"

ROLE_LABELS = {
    OPERATORI: _("Operatore"),
    REFERENTI: _("Referente di zona"),
    REDATTORI: _("Redattore regionale"),
}


def group_names(user):
    """The names of the user's groups, read once per user object (i.e. once per request)."""
    if not hasattr(user, "_cop_group_names"):
        user._cop_group_names = frozenset(group.name for group in user.groups.all())
    return user._cop_group_names


def has_role(user, group_name):
    if not user.is_authenticated:
        return False
    return group_name in group_names(user)


def is_operatore(user):
    return has_role(user, OPERATORI)


def is_referente(user):
    return has_role(user, REFERENTI)


def is_redattore(user):
    return user.is_authenticated and (user.is_superuser or has_role(user, REDATTORI))


def zona_confermata_del_referente(user):
    """The zone a Referente di zona reviews (confirmed by an editor), or None for anyone else."""
    from .models import Zona, zona_confermata_id

    if not is_referente(user):
        return None
    zona_id = zona_confermata_id(user)
    return Zona.objects.filter(pk=zona_id).first() if zona_id is not None else None
