"""Background work of the notifications, run by the django-tasks worker (`manage.py db_worker`)."""

from django_tasks import task

from . import services


@task()
def diffondi(ids, dati):
    """The rows (and emails) of a notification with many recipients, written by the worker."""
    return services.crea(ids, dati)
