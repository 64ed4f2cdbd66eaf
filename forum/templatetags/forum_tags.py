from django import template

from cop import roles
from cop.models import nome_pubblico
from forum import permissions

register = template.Library()


@register.filter
def autore_forum(user):
    """The name shown in the forum: full name or username, never the email address (as everywhere a member
    is named to others; `{% nome_membro %}` of cop_tags also links it to the profile when allowed)."""
    return nome_pubblico(user)


@register.filter
def ruolo_e_zona(user):
    """What a post says of its author beside the name: their role in the community (referente,
    redattore) or else their profession, and the zone of their profile. "" when there is nothing."""
    if user is None:
        return ""
    nomi = roles.group_names(user)
    ruolo = next((roles.ROLE_LABELS[g] for g in (roles.REDATTORI, roles.REFERENTI) if g in nomi), "")
    profilo = getattr(user, "profilo", None)
    if profilo is not None and not ruolo:
        ruolo = profilo.get_ruolo_professionale_display() if profilo.ruolo_professionale else ""
    zona = profilo.zona.nome if profilo is not None and profilo.zona_id else ""
    return " · ".join(str(parte) for parte in (ruolo, zona) if parte)


@register.simple_tag
def puo(azione, user, oggetto=None):
    """`{% puo "edit" user messaggio as x %}`: asks forum.permissions."""
    funzione = getattr(permissions, f"can_{azione}")
    return funzione(user, oggetto) if oggetto is not None else funzione(user)
