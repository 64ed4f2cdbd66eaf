"""Background work of the forum (django-tasks)."""

from django_tasks import task


@task()
def invia_notifiche_forum():
    from .notifiche import invia_notifiche

    return invia_notifiche()


@task()
def diffondi_messaggio(messaggio_id, menzioni, ultima_iscrizione):
    """The notifications of a new post (forum.services.diffondi_messaggio), then the emails due."""
    from .models import Messaggio
    from .notifiche import invia_notifiche
    from .services import diffondi_messaggio as diffondi

    messaggio = Messaggio.objects.select_related("discussione", "autore").filter(pk=messaggio_id).first()
    if messaggio is None:
        return 0
    diffondi(messaggio=messaggio, menzioni=menzioni, ultima_iscrizione=ultima_iscrizione)
    return invia_notifiche()
