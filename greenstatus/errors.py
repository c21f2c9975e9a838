"""Exit codes and the one exception hierarchy that carries them."""

from __future__ import annotations

from enum import IntEnum


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
    INTERRUPTED = 130


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


class UsageError(GreenstatusError):
    """A bad option or value, no text, text too long, invalid UTF-8."""

    exit_code = ExitCode.USAGE


class ConfigError(GreenstatusError):
    """No credentials, or an unreadable or invalid config file."""

    exit_code = ExitCode.CONFIG


class DataRefusedError(GreenstatusError):
    """The API refused the request body."""

    exit_code = ExitCode.DATA_REFUSED


class UnavailableError(GreenstatusError):
    """The instance cannot send: not authorised, expired, deleted, blocked, out of quota."""

    exit_code = ExitCode.UNAVAILABLE


class TemporaryError(GreenstatusError):
    """Network trouble, timeouts, rate limits, server errors: a later try may work."""

    exit_code = ExitCode.TEMPORARY


class NotYetError(GreenstatusError):
    """`post --wait` ran out of time: the status is queued, not yet at the state asked for."""

    exit_code = ExitCode.NOT_YET


class PermissionRefusedError(GreenstatusError):
    """The token or the instance id and URL were refused."""

    exit_code = ExitCode.PERMISSION


class StorageError(GreenstatusError):
    """Local storage failed: the journal could not be opened or written where it is needed."""

    exit_code = ExitCode.STORAGE


class Interrupted(GreenstatusError):
    """Ctrl-C: the message says whether anything may have been sent."""

    exit_code = ExitCode.INTERRUPTED


class OutputError(GreenstatusError):
    """stdout could not be written (a full disk, an I/O error): local storage failed.

    reason is the cause in the system's words ("No space left on device"), for notes that
    say why without repeating "cannot write to stdout".
    """

    exit_code = ExitCode.STORAGE

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message
