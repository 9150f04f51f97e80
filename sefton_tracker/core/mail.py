"""Sending one email so that its caller can tell "not sent" from "may have been sent".

An email that must go out at most once (a digest, a reminder) is claimed before it is sent; if the
send then fails, whether it may be tried again depends on how it failed. Before the connection is
open, or when the server answers with an error code, nothing was delivered: try again. When the
conversation ends without the server's answer to the message, it may already have been accepted:
sending it again could send it twice, so the caller records it as "may have been sent" instead.
"""

import contextlib
import smtplib

from django.core.mail import EmailMessage, get_connection

# Once connected, these mean the conversation ended without the server's answer: the message may
# already have reached it. (An answer with an error code, or no connection at all, means it did not.)
CONVERSATION_LOST = (
    TimeoutError,
    smtplib.SMTPServerDisconnected,
    ConnectionResetError,
    ConnectionAbortedError,
    BrokenPipeError,
)


class MaybeSent(Exception):
    """The connection to the mail server was lost, or timed out, during the conversation: the
    message may or may not have been delivered. Sending it again could send it twice."""


def send_once(message: EmailMessage) -> None:
    """Send `message` on a connection of its own. Raises on failure: MaybeSent when the message
    may have reached the mail server all the same; any other error (OSError, SMTPException)
    means it did not."""
    connection = get_connection(fail_silently=False)
    connection.open()  # failing here, nothing was sent
    message.connection = connection
    try:
        message.send(fail_silently=False)
    except CONVERSATION_LOST as exc:
        raise MaybeSent(f"{type(exc).__name__}: {exc}") from exc
    finally:
        # Saying goodbye can fail too (the server hung up, or stalls); it changes nothing.
        with contextlib.suppress(OSError):
            connection.close()
