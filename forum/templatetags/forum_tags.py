from django import template
from django.utils.translation import gettext as _

from forum import permissions

register = template.Library()


@register.filter
def autore_forum(user):
    """The name shown in the forum: full name or username, never the email address."""
    if user is None:
        return _("utente rimosso")
    return user.get_full_name() or user.username


@register.simple_tag
def puo(azione, user, oggetto=None):
    """`{% puo "edit" user messaggio as x %}`: asks forum.permissions."""
    funzione = getattr(permissions, f"can_{azione}")
    return funzione(user, oggetto) if oggetto is not None else funzione(user)
