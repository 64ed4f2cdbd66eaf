"""Who may do what with good practices: the one place that decides (views, admin hooks and
services all ask here)."""

from cop import roles
from cop.models import zona_confermata_id


def _zone_ids(pratica):
    return {zona.pk for zona in pratica.zone.all()}


def _zona_utente_id(user):
    """Only the zone an editor confirmed grants a right; the member's own declaration does not."""
    return zona_confermata_id(user)


def can_propose(user):
    """Operatori (and editors) propose practices from the front end."""
    return (
        user.is_authenticated
        and user.is_active
        and (roles.is_operatore(user) or roles.is_referente(user) or roles.is_redattore(user))
    )


def can_edit(user, pratica):
    """The author edits their own practice (drafts and, through review, published ones); editors any."""
    if not user.is_authenticated:
        return False
    if roles.is_redattore(user):
        return True
    return pratica.owner_id == user.pk and can_propose(user)


def can_review_as_referente(user, pratica):
    """The first review step belongs to the Referenti di zona of one of the practice's zones."""
    if not roles.is_referente(user):
        return False
    zona_id = _zona_utente_id(user)
    return zona_id is not None and zona_id in _zone_ids(pratica)


def can_evaluate(user, pratica):
    """Evaluation on the Best Practice Portal criteria is for Redattori regionali."""
    return roles.is_redattore(user)


def can_see_evaluation(user, pratica):
    """The evaluation is shown on the practice page to its author and to the editors."""
    if not user.is_authenticated:
        return False
    return pratica.owner_id == user.pk or roles.is_redattore(user)


def can_see_contact(user, pratica):
    """The contact person is shown to logged-in members only."""
    return user.is_authenticated


def can_declare_adoption(user, pratica):
    """An Operatore or Referente of another zone declares "L'abbiamo adottata" for their own zone."""
    if not (roles.is_operatore(user) or roles.is_referente(user) or roles.is_redattore(user)):
        return False
    zona_id = _zona_utente_id(user)
    return zona_id is not None and zona_id not in _zone_ids(pratica) and pratica.live


def can_export(user):
    """The filtered listing is open data: anyone may export it."""
    return True


def can_download_proposal_attachment(user, documento, pratiche):
    """An attachment of a practice not yet published (`pratiche`: the drafts that hold it, as their
    latest revision has them) is for its author, the Referenti di zona who review it (confirmed zone
    among the practice's zones) and the Redattori regionali."""
    if not (user.is_authenticated and user.is_active):
        return False
    if roles.is_redattore(user) or documento.uploaded_by_user_id == user.pk:
        return True
    if any(pratica.owner_id == user.pk for pratica in pratiche):
        return True
    return any(can_review_as_referente(user, pratica) for pratica in pratiche)


def can_save(user, pratica):
    """«Salva»: any member, a practice that is online for everyone."""
    return user.is_authenticated and user.is_active and pratica.live and not pratica.get_view_restrictions().exists()
