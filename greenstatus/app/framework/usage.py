"""Command-line errors as one plain line: the command they were for, a "did you mean", a hint
for text that looks like an option, and exit code 2 (with --json, the JSON error too)."""

from __future__ import annotations

import re
from typing import Any

import click

from ... import output
from ...errors import ExitCode
from ..context import config_in, learn_secrets


def _wants_json(argv: list[str]) -> bool:
    """Whether --json appears anywhere among the options (before a `--`)."""
    for arg in argv:
        if arg == "--":
            return False
        if arg == "--json":
            return True
    return False


def _command_path(ctx: click.Context | None, argv: list[str], root: Any) -> tuple[str, Any]:
    """The command the line was for, and its path: click gives some errors inside a command
    no context."""
    if ctx is not None and ctx.parent is not None:
        return ctx.command_path, ctx.command
    command = root
    path = ["greenstatus"]
    skip = False
    for arg in argv:
        if skip or arg.startswith("-"):
            skip = arg == "--config"
            continue
        # A lazy group knows its commands by list_commands/get_command, not `.commands`.
        get = getattr(command, "get_command", None)
        sub = get(ctx, arg) if get is not None else None
        if sub is None:
            break
        path.append(arg)
        command = sub
    return " ".join(path), command


# What an option looks like; anything else that starts with '-' was meant as text.
_OPTION_LIKE = re.compile(r"--[A-Za-z][A-Za-z0-9-]*(=.*)?|-[A-Za-z]", re.DOTALL)


def _text_hint(exc: click.ClickException, argv: list[str], where: str, command: Any) -> str:
    """For a command that takes TEXT: text that starts with '-' needs '--' before it, and
    words given without quotes need quotes."""
    from ...i18n import _  # only on the error path

    if "text" not in [p.name for p in getattr(command, "params", [])]:
        return ""
    if isinstance(exc, click.NoSuchOption):
        name = exc.option_name
        given = next((a for a in argv if a.startswith(name) and a != "--"), name)
        if _OPTION_LIKE.fullmatch(given):
            return ""
        import shlex  # only on the error path

        return _(
            "text that starts with '-' goes after '--': {where} -- {given}",
            where=where,
            given=shlex.quote(given),
        )
    if "unexpected extra argument" in exc.format_message().lower():
        example = "'Open until 8 pm'"
        if "--" in argv:
            return _(
                "put text with spaces in quotes, and options before '--': {where} {example}",
                where=where,
                example=example,
            )
        return _("put text with spaces in quotes: {where} {example}", where=where, example=example)
    return ""


def usage_message(
    exc: click.ClickException, argv: list[str] | None = None, root: Any = None
) -> str:
    """One plain line for a command-line error, with at most one "did you mean"."""
    from ...i18n import _  # only on the error path

    ctx = getattr(exc, "ctx", None)
    where, command = _command_path(ctx, argv or [], root)
    message: str
    if isinstance(exc, click.NoSuchOption):
        message = _("no such option {option}", option=exc.option_name)
        if exc.possibilities:
            message = _(
                "no such option {option} (did you mean {close}?)",
                option=exc.option_name,
                close=exc.possibilities[0],
            )
    elif isinstance(name := getattr(exc, "command_name", None), str):
        # click >= 8.4 raises NoSuchCommand; Typer appends its own suggestions to the
        # message, so the line is built here from the name, once.
        message = _("no such command {name}", name=repr(name))
        lister = getattr(ctx.command, "list_commands", None) if ctx is not None else None
        commands = list(lister(ctx)) if lister is not None else []
        import difflib  # only on the error path

        if close := difflib.get_close_matches(name, commands, n=1):
            message = _(
                "no such command {name} (did you mean {close}?)",
                name=repr(name),
                close=repr(close[0]),
            )
    else:
        message = " ".join(exc.format_message().split())
        # Older click: "No such command 'x'. Did you mean ...? (Did you mean ...?)"
        message = message.split(" (Did you mean", 1)[0]
        message = (message[:1].lower() + message[1:]).rstrip(".")
    if hint := _text_hint(exc, argv or [], where, command):
        return _("{message}; {hint}; see '{where} -h'", message=message, hint=hint, where=where)
    return _("{message}; see '{where} -h'", message=message, where=where)


def usage_failure(exc: click.ClickException, argv: list[str], root: Any) -> click.exceptions.Exit:
    message = usage_message(exc, argv, root)
    learn_secrets(config_in(argv))
    if _wants_json(argv):
        output.error_json(int(ExitCode.USAGE), None, output.scrub(message))
    output.error(message)
    return click.exceptions.Exit(int(ExitCode.USAGE))
