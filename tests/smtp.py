"""A real SMTP server on loopback (aiosmtpd) for the tests of mail: what it receives, as parsed messages."""
import email
import email.policy
import asyncio
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    """Every message the server accepted, in order: ``messages`` (email.message.EmailMessage) and
    ``recipients`` (the envelope's, per message). ``refuse`` makes it answer 451 until set back;
    ``refused_recipients`` refuses those addresses with the reply given.
    ``hold_from`` (a number of messages accepted) keeps every later message waiting, unanswered, until
    set back to None (then refuses it): a sender can be killed while the server holds its mail
    (``held`` is set then)."""

    messages: list = field(default_factory=list)
    recipients: list = field(default_factory=list)
    refuse: bool = False
    hold_from: int | None = None
    held: threading.Event = field(default_factory=threading.Event)
    refused_recipients: dict = field(default_factory=dict)  # address: the reply to RCPT TO ("550 5.1.1 ...")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused_recipients:
            return self.refused_recipients[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_from is not None and len(self.messages) >= self.hold_from:
            self.held.set()
            while self.hold_from is not None:
                await asyncio.sleep(0.05)
            return "451 Try again later"
        if self.refuse:
            return "451 Try again later"
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message, rcpt in zip(self.messages, self.recipients) if address in rcpt]


def run_smtp_server():
    """Start a server on a free loopback port; return (controller, mailbox, port). Stop it with controller.stop()."""
    mailbox, port = Mailbox(), free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, mailbox, port
