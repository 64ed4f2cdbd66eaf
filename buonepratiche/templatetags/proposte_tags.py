"""What the practice page shows its author (buonepratiche/includes/azioni_autore.html)."""

from django import template

from buonepratiche import permissions

register = template.Library()


@register.simple_tag
def can_edit(pratica, user):
    return permissions.can_edit(user, pratica)
