"""Wiring only: the outcome of a review (Wagtail's workflows) becomes a notification of the one who
submitted the content; the rule is `services.esito_revisione`.

Wagtail's own emails of an approval or a rejection (to the submitter; their texts for practices in
buonepratiche/templates/wagtailadmin/notifications/) stay the email of this kind: they are connected
again through subclasses that send them only to who chose email for it."""

from wagtail.admin import signal_handlers as wagtail_segnali
from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier, WorkflowStateRejectionEmailNotifier
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected


class _SecondoLePreferenze:
    def get_valid_recipients(self, instance, **kwargs):
        from .services import canali
        from .tipi import Canale, Tipo

        destinatari = super().get_valid_recipients(instance, **kwargs)
        scelte = canali([u.pk for u in destinatari], Tipo.REVISIONE)
        return {u for u in destinatari if scelte[u.pk] == Canale.EMAIL}


class EmailApprovazione(_SecondoLePreferenze, WorkflowStateApprovalEmailNotifier):
    pass


class EmailRichiestaModifiche(_SecondoLePreferenze, WorkflowStateRejectionEmailNotifier):
    pass


def _approvato(sender, instance, user=None, **kwargs):
    from .services import esito_revisione

    esito_revisione(workflow_state=instance, approvata=True, revisore=user)


def _respinto(sender, instance, user=None, **kwargs):
    from .services import esito_revisione

    esito_revisione(workflow_state=instance, approvata=False, revisore=user)


def collega():
    for segnale, notificatore, uid, nostro in (
        (
            workflow_approved,
            wagtail_segnali.workflow_approval_email_notifier,
            "workflow_state_approved_email_notification",
            EmailApprovazione(),
        ),
        (
            workflow_rejected,
            wagtail_segnali.workflow_rejection_email_notifier,
            "workflow_state_rejected_email_notification",
            EmailRichiestaModifiche(),
        ),
    ):
        segnale.disconnect(notificatore, sender=WorkflowState, dispatch_uid=uid)
        segnale.connect(nostro, sender=WorkflowState, dispatch_uid=uid, weak=False)
    workflow_approved.connect(_approvato, sender=WorkflowState, dispatch_uid="notifiche_revisione_approvata")
    workflow_rejected.connect(_respinto, sender=WorkflowState, dispatch_uid="notifiche_revisione_respinta")
