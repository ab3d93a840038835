"""Outgoing mail. The embedded default writes each message to a mailbox folder
(one JSON file per message) so a person or a test can read it; production
sets ``SMTP_URL`` instead."""

import json
import os
import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlparse

from nameko.extensions import DependencyProvider

from .db import utcnow


class MailboxFolder:
    def __init__(self, folder):
        self.folder = Path(folder)

    def send(self, to, subject, body, kind, data=None):
        self.folder.mkdir(parents=True, exist_ok=True)
        message = {"to": to, "subject": subject, "body": body, "kind": kind, "data": data or {},
                   "sent_at": utcnow().isoformat(timespec="seconds")}
        name = f"{utcnow().strftime('%Y%m%dT%H%M%S%f')}-{uuid.uuid4().hex[:8]}.json"
        temporary = self.folder / (name + ".tmp")
        temporary.write_text(json.dumps(message, indent=2))
        os.replace(temporary, self.folder / name)  # readers never see half a file
        return message


class SmtpSender:
    def __init__(self, url, sender):
        self.url = urlparse(url)
        self.sender = sender

    def send(self, to, subject, body, kind, data=None):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(body)
        with smtplib.SMTP(self.url.hostname, self.url.port or 25, timeout=10) as smtp:
            if self.url.username:
                smtp.login(self.url.username, self.url.password or "")
            smtp.send_message(message)
        return {"to": to, "subject": subject, "kind": kind}


def read_mailbox(folder):
    """All messages in a mailbox folder, oldest first."""
    path = Path(folder)
    if not path.exists():
        return []
    return [json.loads(p.read_text()) for p in sorted(path.glob("*.json"))]


class Mailer(DependencyProvider):
    def setup(self):
        config = self.container.config
        if config.get("SMTP_URL"):
            self.sender = SmtpSender(config["SMTP_URL"], config.get("MAIL_FROM", "no-reply@reelhouse.local"))
        else:
            self.sender = MailboxFolder(config.get("MAILBOX_DIR") or "var/mailbox")

    def get_dependency(self, worker_ctx):
        return self.sender
