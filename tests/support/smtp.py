"""A real SMTP server for the tests (aiosmtpd, in a thread of the test process), and settings that
send to it."""

import asyncio
import email
import email.policy
import socket
import threading
from contextlib import contextmanager

from aiosmtpd.controller import Controller


class Inbox:
    """An SMTP handler that keeps what it receives. It can be told to refuse the next few messages,
    to hang up on the next few once their content has arrived (before answering), or to stall:
    take a message's content and give no answer until told to go on."""

    def __init__(self):
        self.messages = []  # accepted
        self.received = []  # every message whose content arrived, answered or not
        self.refuse_next = 0
        self.hang_up_next = 0
        self.stalling = threading.Event()
        self.arrived = threading.Event()  # set once any message's content has arrived
        self.abandoned = threading.Event()  # set once a stalled message's client has gone

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append(message)
        self.arrived.set()
        if self.hang_up_next:
            self.hang_up_next -= 1
            server.transport.abort()
            return "421 Closing connection"  # never reaches the client
        if self.refuse_next:
            self.refuse_next -= 1
            return "451 Requested action aborted: try again later"
        try:
            while self.stalling.is_set():
                if server.transport is None or server.transport.is_closing():
                    # The client hung up while stalled (a killed worker): never accepted.
                    self.abandoned.set()
                    return "421 Closing connection"  # never reaches the client
                await asyncio.sleep(0.05)
        except asyncio.CancelledError:
            self.abandoned.set()
            raise
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def smtp_server(handler):
    """Serve `handler` on a free port of 127.0.0.1; yields the port."""
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port
    finally:
        handler.stalling.clear()
        controller.stop()


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
