"""Background work of the shared app, run by the django-tasks worker (`manage.py db_worker`)."""

from django.conf import settings
from django.core.mail import get_connection
from django_tasks import task

from .mail import ricostruisci_email


@task()
def invia_email(messaggio):
    connection = get_connection(settings.COP_EMAIL_DELIVERY_BACKEND, fail_silently=False)
    return connection.send_messages([ricostruisci_email(messaggio)])
