"""Background work of the search (django-tasks, run by `manage.py db_worker`)."""

from django_tasks import task


@task()
def applica_modifiche():
    """Send the pending outbox records to the search engine (see search/outbox.py)."""
    from .outbox import applica_in_sospeso

    esito = applica_in_sospeso()
    return {"applicate": esito.applicate, "in_attesa": esito.in_attesa, "errore": esito.errore}
