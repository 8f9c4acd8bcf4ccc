"""E-mail delivery with the standard library: smtplib and EmailMessage (UTF-8 subject and
body), one connection per sending pass, opened on the first message."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from types import TracebackType

from halyq.notify.delivery import DeliveryFailed

TIMEOUT = 20.0  # seconds


class MailSender:
    """`with MailSender(...) as mail: mail.send(to, subject, text)`; errors are DeliveryFailed
    (permanent when the server refuses the address)."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        user: str | None = None,
        password: str | None = None,
        starttls: bool = True,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._user, self._password, self._starttls = user, password, starttls
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> MailSender:
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()

    def send(self, to: str, subject: str, text: str) -> None:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self._sender, to, subject
        message["Message-ID"] = make_msgid(domain=self._sender.rpartition("@")[2] or None)
        message.set_content(text, charset="utf-8")
        try:
            self._connection().send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryFailed(f"SMTP refused {to}: {exc.recipients}", permanent=True) from None
        except (smtplib.SMTPException, OSError) as exc:
            self._smtp = None  # the next message opens a new connection
            raise DeliveryFailed(f"SMTP {self._host}:{self._port}: {exc}") from None

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            smtp = smtplib.SMTP(self._host, self._port, timeout=TIMEOUT)
            if self._starttls:
                smtp.starttls(context=ssl.create_default_context())
            if self._user:
                smtp.login(self._user, self._password or "")
            self._smtp = smtp
        return self._smtp
