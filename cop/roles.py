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
