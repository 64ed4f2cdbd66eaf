"""Email leaves the request through a task: the web request only enqueues it.

`EMAIL_BACKEND = "cop.mail.TaskEmailBackend"` serialises each message into the task queue
(django-tasks); the worker rebuilds it and hands it to `COP_EMAIL_DELIVERY_BACKEND`
(SMTP in production, the console in development, memory in tests)."""

import base64
from email.mime.base import MIMEBase

from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template import Context, engines


def serializza_email(message):
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            filename = attachment.get_filename() or "allegato"
            content = attachment.get_payload(decode=True) or b""
            mimetype = attachment.get_content_type()
        else:
            filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode("utf-8")
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def ricostruisci_email(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from .tasks import invia_email

        for message in email_messages:
            invia_email.enqueue(serializza_email(message))
        return len(email_messages)


def oggetto_da_modello(nome_modello, contesto):
    """An email subject from a template: plain text, so without HTML autoescaping (a title with quotes
    or "&" stays as typed, not `&quot;`), on one line (a header cannot hold a line break)."""
    modello = engines["django"].get_template(nome_modello).template
    return " ".join(modello.render(Context(contesto, autoescape=False)).split())
