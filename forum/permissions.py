"""Who may do what in the forum: the one place that decides (views, admin views, templates and
services all ask here), in the manner of django-machina's permission handler."""

from django.utils import timezone

from cop import roles

from .accesso import can_moderate_categoria, can_read_categoria, can_write_categoria


def can_moderate(user):
    """Redattori regionali (the permission is given to their group by migration 0002)."""
    return bool(user.is_authenticated and user.is_active and user.has_perm("forum.modera_forum"))


def can_moderate_in(user, categoria_id):
    """Hide and restore posts, close, reopen and pin topics of one category: the forum's moderators, and
    the coordinators of the working group the category belongs to (while they may write in the forum).
    Moving topics, suspending members and the reports' queue stay with the forum's moderators."""
    if can_moderate(user):
        return True
    return can_moderate_categoria(user, categoria_id) and can_write(user)


def sospensione_attiva(user):
    """The member's current suspension, or None (looked up once per request object)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_forum_sospensione"):
        from .models import Sospensione

        user._forum_sospensione = (
            Sospensione.objects.filter(user=user, fino_al__gt=timezone.now()).order_by("-fino_al").first()
        )
    return user._forum_sospensione


def is_member(user):
    """Verified members (Operatori) and editors; looked up once per request object."""
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_forum_membro"):
        nomi = {group.name for group in user.groups.all()}
        user._forum_membro = user.is_superuser or bool(nomi & {roles.OPERATORI, roles.REFERENTI, roles.REDATTORI})
    return user._forum_membro


def can_write(user):
    """Members who are not suspended write in the forum."""
    return is_member(user) and sospensione_attiva(user) is None


def can_read(user, categoria_id):
    """A category, its topics and posts: not those of a group `user` may not read (forum/accesso.py)."""
    return can_read_categoria(user, categoria_id)


def can_start_topic(user, categoria):
    return can_write(user) and can_write_categoria(user, categoria.pk)


def can_reply(user, discussione):
    if not (can_write(user) and can_write_categoria(user, discussione.categoria_id)):
        return False
    return not discussione.chiusa or can_moderate_in(user, discussione.categoria_id)


def can_edit(user, messaggio):
    """The author edits their own post while it is visible and the topic open."""
    return (
        can_write(user)
        and messaggio.autore_id == user.pk
        and messaggio.is_visibile
        and (not messaggio.discussione.chiusa or can_moderate_in(user, messaggio.discussione.categoria_id))
        and can_write_categoria(user, messaggio.discussione.categoria_id)
    )


def can_delete(user, messaggio):
    """The author removes their own post (soft: "messaggio rimosso")."""
    return (
        can_write(user)
        and messaggio.autore_id == user.pk
        and not messaggio.is_rimosso
        and can_write_categoria(user, messaggio.discussione.categoria_id)
    )


def can_react(user, messaggio):
    return (
        can_write(user)
        and messaggio.is_visibile
        and messaggio.autore_id != user.pk
        and can_write_categoria(user, messaggio.discussione.categoria_id)
    )


def can_report(user, messaggio):
    return (
        is_member(user)
        and messaggio.is_visibile
        and messaggio.autore_id != user.pk
        and can_read_categoria(user, messaggio.discussione.categoria_id)
    )


def can_follow(user):
    return is_member(user)


def can_open_discussion_for_page(user, page):
    return can_write(user)
