"""Every option more than one command takes, declared once; a command may word its help."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer

from ..i18n import _
from .framework import choice


def finite_timeout(value: float | None) -> float | None:
    """--timeout of every command: 0.1 to 3600 seconds.

    click's range check lets nan through (every comparison with nan is false).
    """
    from ..i18n import _  # only on the error path

    if value is not None and not 0.1 <= value <= 3600:
        raise typer.BadParameter(_("give seconds from 0.1 to 3600"))
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


def limit_option(help: str) -> Any:
    """--limit/-l N, 1 to MAX_LIMIT; the help says N of what."""
    return typer.Option("--limit", "-l", metavar="N", min=1, max=MAX_LIMIT, help=help)


def state_option(states: Sequence[str], help: str) -> Any:
    """--state STATE, one of states; click's own error text names them all."""
    return typer.Option(
        "--state", metavar="STATE", click_type=choice(states), help=help, show_default=False
    )


def verbose_option(help: str = "Request summary on stderr.") -> Any:
    """-v/--verbose: a summary of each request on stderr."""
    return typer.Option("--verbose", "-v", help=help)


def _profile_options(argv: Sequence[str]) -> int:
    """How many times a command line gives -p/--profile (before a bare `--`)."""
    count = 0
    for arg in argv:
        if arg == "--":
            break
        if arg in ("-p", "--profile") or arg.startswith("--profile="):
            count += 1
        elif arg.startswith("-p") and not arg.startswith("--"):
            count += 1  # -pNAME
    return count


def one_profile(ctx: typer.Context, value: str | None) -> str | None:
    """-p of every command but post: one profile. click would keep the last of two without
    a word, and the first was the one meant as often as not."""
    if value is not None and _profile_options(ctx.meta.get("greenstatus.argv", ())) > 1:
        raise typer.BadParameter(_("give one profile; only 'post' takes -p more than once"))
    return value


ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        help="Profile to use (default: the file's default_profile).",
        show_default=False,
        callback=one_profile,
    ),
]
ProfilesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        help="Profile to use (default: the file's default_profile); repeat it to post the "
        "same status on each profile's instance.",
        show_default=False,
    ),
]
AllProfilesOpt = Annotated[
    bool,
    typer.Option(
        "--all-profiles",
        help="Post the same status on every profile's instance, in the config file's order.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing on success; no warnings.")
]
TimeoutOpt = Annotated[float | None, timeout_option()]
# The commands that only read from GREEN-API (contacts, list, stats, sync, report): a retry
# there cannot post twice, and -v's summary names the token only masked.
RetriesOpt = Annotated[
    int, retries_option("Extra attempts after a refused connection, 429, 502 or 503.")
]
VerboseOpt = Annotated[bool, verbose_option("Request summary on stderr, token masked.")]
# Bounds of the numbers commands take: a value past 64 bits reached SQLite and was exit 1.
MAX_LIMIT = 1_000_000
MAX_ENTRY_ID = 2**63 - 1
