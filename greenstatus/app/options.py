"""Every option more than one command takes, declared once; a command may word its help."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer

from .framework import choice


def finite_timeout(value: float | None) -> float | None:
    """--timeout of every command: 0.1 to 3600 seconds.

    click's range check lets nan through (every comparison with nan is false).
    """
    if value is not None and not 0.1 <= value <= 3600:
        raise typer.BadParameter("give seconds from 0.1 to 3600")
    return value


def finite_wait(value: float | None) -> float | None:
    """--wait-timeout: 1 to 3600 seconds, nan refused (as finite_timeout)."""
    if value is not None and not 1 <= value <= 3600:
        from ..i18n import _

        raise typer.BadParameter(_("give seconds from 1 to 3600"))
    return value


def timeout_option(help: str = "Per-attempt timeout in seconds (default 30).") -> Any:
    """--timeout SECONDS, 0.1 to 3600; the help says where the default comes from."""
    return typer.Option(
        "--timeout",
        metavar="SECONDS",
        min=0.1,
        max=3600,
        callback=finite_timeout,
        help=help,
        show_default=False,
    )


def retries_option(help: str) -> Any:
    """--retries N, 0 to 10; the help says which failures each command retries."""
    return typer.Option("--retries", metavar="N", min=0, max=10, help=help)


def state_option(states: Sequence[str], help: str) -> Any:
    """--state STATE, one of states; click's own error text names them all."""
    return typer.Option(
        "--state", metavar="STATE", click_type=choice(states), help=help, show_default=False
    )


def verbose_option(help: str = "Request summary on stderr.") -> Any:
    """-v/--verbose: a summary of each request on stderr."""
    return typer.Option("--verbose", "-v", help=help)


ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        help="Profile to use (default: the file's default_profile).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing on success; no warnings.")
]
TimeoutOpt = Annotated[float | None, timeout_option()]
# Bounds of the numbers commands take: a value past 64 bits reached SQLite and was exit 1.
MAX_LIMIT = 1_000_000
MAX_ENTRY_ID = 2**63 - 1
