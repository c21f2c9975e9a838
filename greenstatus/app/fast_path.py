"""`greenstatus post` without Typer and click, for the command lines that need nothing of theirs.

Importing typer and click costs more than post's whole start-up budget (1.2x a bare requests
script: 'import requests, typer' alone measures 1.25x 'import requests'). So a command line
made only of post's plain options (OPTIONS: strings and on/off flags, which click passes on
as given) and at most one TEXT is read here and handed to commands/post_run, the same work
the typer command hands its values to. Any other line (help, a number, a choice, a check of
click's, grouped short flags, a value that starts with '-', a repeated option, several
profiles, a usage error) is left to click, so its parsing and its messages stay click's.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..commands.post_run import PostValues

# post's plain options, as app.framework.fast.option_table reads them from commands/post.py:
# name -> (parameter, "one" | "many" | "true" | "false"). tests/unit/test_fast_path.py fails
# when they differ, and prints the table to put here.
OPTIONS: dict[str, tuple[str, str]] = {
    "--file": ("file", "one"),
    "-F": ("file", "one"),
    "--color": ("color", "one"),
    "-c": ("color", "one"),
    "--font": ("font", "one"),
    "-f": ("font", "one"),
    "--to": ("to", "many"),
    "-t": ("to", "many"),
    "--to-file": ("to_file", "one"),
    "--except": ("excepted", "many"),
    "--truncate": ("truncate", "true"),
    "--force": ("force", "true"),
    "--dry-run": ("dry_run", "true"),
    "-n": ("dry_run", "true"),
    "--json": ("as_json", "true"),
    "--quiet": ("quiet", "true"),
    "-q": ("quiet", "true"),
    "--profile": ("profiles", "many"),
    "-p": ("profiles", "many"),
    "--all-profiles": ("all_profiles", "true"),
    "--verbose": ("verbose", "true"),
    "-v": ("verbose", "true"),
    "--at": ("at", "one"),
    "--in": ("in_", "one"),
    "--outbox": ("outbox", "true"),
    "--no-outbox": ("outbox", "false"),
    "--allow-duplicate": ("allow_duplicate", "true"),
    "--media": ("media", "one"),
    "--voice": ("voice", "one"),
}
_REPEATABLE = {parameter for parameter, kind in OPTIONS.values() if kind == "many"}
# While this is set, typer answers every command line as a shell-completion request (click's
# own completion, not `greenstatus completion`'s scripts) and runs no command.
COMPLETION_VARIABLE = "_GREENSTATUS_COMPLETE"
# post's one positional parameter, TEXT.
ARGUMENT = "text"
# What typer passes post for each parameter the command line leaves out (the same test
# compares them).
DEFAULTS: PostValues = {
    "text": None,
    "file": None,
    "color": None,
    "font": None,
    "to": None,
    "to_file": None,
    "excepted": None,
    "truncate": False,
    "force": False,
    "dry_run": False,
    "as_json": False,
    "quiet": False,
    "profiles": None,
    "all_profiles": False,
    "timeout": None,
    "retries": 3,
    "verbose": False,
    "at": None,
    "in_": None,
    "outbox": None,
    "allow_duplicate": False,
    "media": None,
    "voice": None,
    "wait": None,
    "wait_timeout": None,
}


def _option(arg: str, rest: list[str]) -> tuple[str, str | bool | None] | None:
    """One option of the line and its value (taking it from rest), or None when click must
    read this one: unknown, grouped, a flag given a value, a value missing or starting
    with '-' (click would take it; its error, if any, is click's to word)."""
    name, equals, given = arg.partition("=") if arg.startswith("--") else (arg, "", "")
    entry = OPTIONS.get(name)
    if entry is None:
        return None
    parameter, kind = entry
    if kind in ("true", "false"):
        return None if equals else (parameter, kind == "true")
    if not equals:
        if not rest:
            return None
        given = rest.pop(0)
        if given.startswith("-") and given != "-":
            return None
    return parameter, given


def post_values(args: list[str]) -> PostValues | None:
    """The values post's typer command would pass for args (the words after `post`), or None
    when the line is click's to read."""
    if os.environ.get(COMPLETION_VARIABLE):
        return None
    values: dict[str, object] = dict(DEFAULTS)
    given: set[str] = set()
    texts: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            texts += rest
            break
        if not arg.startswith("-") or arg == "-":
            texts.append(arg)
            continue
        read = _option(arg, rest)
        if read is None:
            return None
        parameter, value = read
        if parameter in _REPEATABLE:
            values[parameter] = [*(values[parameter] or ()), value]  # type: ignore[misc]
        elif parameter in given:
            return None  # click keeps the last; which one was meant is click's to say
        else:
            values[parameter] = value
        given.add(parameter)
    if len(texts) > 1:
        return None
    if texts:
        values[ARGUMENT] = texts[0]
    from ..commands.post_run import several_profiles

    found = cast("PostValues", values)
    return None if several_profiles(found) else found


def run_post(values: PostValues) -> int:
    """Run post with values as the typer app would (no --config: the line had none); the
    exit code."""
    from ..commands import post_run
    from .boundary import exit_code

    try:
        post_run.run(None, values)
    except SystemExit as exc:
        return exit_code(exc)
    return 0
