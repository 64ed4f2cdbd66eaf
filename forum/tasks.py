"""Background work of the forum (django-tasks)."""

from django_tasks import task


@task()
def invia_notifiche_forum():
    from .notifiche import invia_notifiche

    return invia_notifiche()
