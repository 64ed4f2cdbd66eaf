"""Who may do what with events: the one place that decides."""

from cop import roles


def can_join(user, evento):
    """Any signed-in member (sign-up requires a verified email) may join an event."""
    return user.is_authenticated and user.is_active


def can_manage_registrations(user, evento=None):
    """Attendees are personal data: the regional editors (who manage events) see them, mark who was
    present and download the list; a zone's referente does not."""
    return (
        user.is_authenticated
        and user.is_active
        and (roles.is_redattore(user) or user.has_perm("eventi.view_iscrizione"))
    )


def can_download_certificate(user, iscrizione):
    return (
        user.is_authenticated
        and iscrizione.user_id == user.pk
        and iscrizione.stato == iscrizione.Stato.CONFERMATA
        and iscrizione.presente
    )
