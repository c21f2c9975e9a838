"""Exit codes and the one exception hierarchy that carries them."""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Process exit codes; sysexits numbers where a script may act on the class of failure."""

    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    # `post --wait`: queued, but not yet at the state asked for; a wrapper must not post again.
    NOT_YET = 8
    DATA_REFUSED = 65
    UNAVAILABLE = 69
    STORAGE = 74
    TEMPORARY = 75
    PERMISSION = 77
    CONFIG = 78
    # 128 + the signal's number, as a shell reports a process it ended: `post --wait` stopped
    # by SIGHUP or SIGTERM (a `timeout` wrapper) after the status was queued.
    HANGUP = 129
    INTERRUPTED = 130
    TERMINATED = 143


class GreenstatusError(Exception):
    """An error meant for the user: a one-line message and an exit code."""

    exit_code: ExitCode = ExitCode.UNEXPECTED
    # Set by the client when the request provably queued nothing (refused connection, 429,
    # 503, instance starting): the outbox may keep such a status and send it later.
    nothing_sent: bool = False
    # Set by the client when an earlier attempt of a repeatable request (deleteStatus) may
    # have acted before its answer was lost.
    after_lost_answer: bool = False
    # What --json prints instead of the error object, when the command has a result all the
    # same (`post --wait` out of time: the status is queued).
    result: object = None

    def __init__(self, message: str, *, http_status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status

    def __init_subclass__(cls, *, exit_code: ExitCode | None = None, **kwargs: Any) -> None:
        # A subclass names its exit code in its header: `class X(GreenstatusError, exit_code=...)`.
        super().__init_subclass__(**kwargs)
        if exit_code is not None:
            cls.exit_code = exit_code


class UsageError(GreenstatusError, exit_code=ExitCode.USAGE):
    """A bad option or value, no text, text too long, invalid UTF-8."""


class ConfigError(GreenstatusError, exit_code=ExitCode.CONFIG):
    """No credentials, or an unreadable or invalid config file."""


class DataRefusedError(GreenstatusError, exit_code=ExitCode.DATA_REFUSED):
    """The API refused the request body."""


class UnavailableError(GreenstatusError, exit_code=ExitCode.UNAVAILABLE):
    """The instance cannot send: not authorised, expired, deleted, blocked, out of quota."""


class TemporaryError(GreenstatusError, exit_code=ExitCode.TEMPORARY):
    """Network trouble, timeouts, rate limits, server errors: a later try may work."""


class NotYetError(GreenstatusError, exit_code=ExitCode.NOT_YET):
    """`post --wait` ran out of time: the status is queued, not yet at the state asked for."""


class PermissionRefusedError(GreenstatusError, exit_code=ExitCode.PERMISSION):
    """The token or the instance id and URL were refused."""


class StorageError(GreenstatusError, exit_code=ExitCode.STORAGE):
    """Local storage failed: the journal could not be opened or written where it is needed."""


class Interrupted(GreenstatusError, exit_code=ExitCode.INTERRUPTED):
    """Ctrl-C: the message says whether anything may have been sent."""


class OutputError(GreenstatusError, exit_code=ExitCode.STORAGE):
    """stdout could not be written (a full disk, an I/O error): local storage failed.

    reason is the cause in the system's words ("No space left on device"), for notes that
    say why without repeating "cannot write to stdout".
    """

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message
