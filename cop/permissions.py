"""Who may see a member's profile: the one place that decides it (`Profilo.objects.visible_to` is the
same rule as a queryset).

- "tutti": everybody, anonymous visitors too;
- "membri" (the default): the members of the community, i.e. accounts with a role (an account whose
  email is not confirmed yet has none and counts as a visitor);
- "nessuno": only the person themselves. Editors see every profile in the admin (Impostazioni →
  Utenti), not on the site: a member who chose "nessuno" is not shown to anyone there, editors included.

A profile of an inactive account is never shown. The rule reads only fields already on the objects
(the profile's `visibilita`, the user's `is_active`, the viewer's groups, cached per request): a list of
names decides each link without a query."""

from . import roles


def is_membro(user):
    """An account with a role in the community (operatore, referente, redattore) or a superuser."""
    return user.is_authenticated and user.is_active and (user.is_superuser or bool(roles.group_names(user)))


def can_view_profile(viewer, profilo):
    if profilo is None or not profilo.user.is_active:
        return False
    if viewer.is_authenticated and viewer.pk == profilo.user_id:
        return True
    if profilo.visibilita == profilo.Visibilita.TUTTI:
        return True
    return profilo.visibilita == profilo.Visibilita.MEMBRI and is_membro(viewer)
