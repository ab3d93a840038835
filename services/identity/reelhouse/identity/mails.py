"""A mail prepared inside a transaction and sent only after it commits."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Mail:
    """A mail to send once the transaction has committed."""

    to: str
    subject: str
    body: str
    kind: str
    token: str

    def send(self, mailer) -> None:
        mailer.send(to=self.to, subject=self.subject, body=self.body, kind=self.kind, data={"token": self.token})
