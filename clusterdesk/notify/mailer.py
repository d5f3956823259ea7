"""Build and send one e-mail (plain text + HTML) through the configured SMTP server."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from clusterdesk.config import Settings


class MailError(Exception):
    """The SMTP server could not be reached or refused the message (the message says why, in Russian)."""


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str
    unsubscribe_url: str | None = None


def build(mail: Mail, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="clusterdesk")
    if mail.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.text, charset="utf-8")
    message.add_alternative(mail.html, subtype="html", charset="utf-8")
    return message


def send(mail: Mail, settings: Settings) -> None:
    """Deliver to the SMTP server; any network or protocol failure becomes a MailError."""
    if not settings.smtp_host:
        raise MailError("электронная почта не настроена (CLUSTERDESK_SMTP_HOST)")
    message = build(mail, settings)
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(
            f"SMTP-сервер {settings.smtp_host}:{settings.smtp_port} не принял письмо: {exc}"
        ) from exc
