"""Every use of click's and Typer's internals: help layout, usage errors, the lazy command table.

typer 0.26 vendors click and 0.29 adds pydantic, so these subclasses are pinned to the
typer/click range in pyproject.toml; tests/unit/test_framework.py fails loudly when that moves.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import click
import typer
import typer.main
from click.exceptions import NoArgsIsHelpError
from typer.core import TyperGroup

from .. import output
from ..errors import ExitCode
from .context import config_in, learn_secrets
from .help import plain_help, plain_option_help

# textwrap breaks words at hyphens (`--dry-` / `run`, `green-` / `api.com`); a private-use
# character stands in for the hyphen while a help text is wrapped.
_HYPHEN = "\ue000"
# Below this width a help screen lists each option on its own line with its help under it.
_NARROW = 60


def current_context() -> click.Context | None:
    """The context of the command running now, if any."""
    return click.get_current_context(silent=True)


def new_context(
    command: click.Command, info_name: str, parent: click.Context | None
) -> click.Context:
    """A context as the command line would make, for click's help records and usage."""
    return click.Context(command, info_name=info_name, parent=parent)


def choice(values: Sequence[str]) -> Any:
    """A parameter type that takes one of values, with click's own error text."""
    return click.Choice(values)


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
    if "text" not in [p.name for p in getattr(command, "params", [])]:
        return ""
    if isinstance(exc, click.NoSuchOption):
        name = exc.option_name
        given = next((a for a in argv if a.startswith(name) and a != "--"), name)
        if _OPTION_LIKE.fullmatch(given):
            return ""
        import shlex  # only on the error path

        return f"; text that starts with '-' goes after '--': {where} -- {shlex.quote(given)}"
    if "unexpected extra argument" in exc.format_message().lower():
        options_first = ", and options before '--'" if "--" in argv else ""
        return f"; put text with spaces in quotes{options_first}: {where} 'Open until 8 pm'"
    return ""


def usage_message(
    exc: click.ClickException, argv: list[str] | None = None, root: Any = None
) -> str:
    """One plain line for a command-line error, with at most one "did you mean"."""
    ctx = getattr(exc, "ctx", None)
    where, command = _command_path(ctx, argv or [], root)
    if isinstance(exc, click.NoSuchOption):
        message = f"no such option {exc.option_name}"
        if exc.possibilities:
            message += f" (did you mean {exc.possibilities[0]}?)"
    elif isinstance(name := getattr(exc, "command_name", None), str):
        # click >= 8.4 raises NoSuchCommand; Typer appends its own suggestions to the
        # message, so the line is built here from the name, once.
        message = f"no such command {name!r}"
        lister = getattr(ctx.command, "list_commands", None) if ctx is not None else None
        commands = list(lister(ctx)) if lister is not None else []
        import difflib  # only on the error path

        if close := difflib.get_close_matches(name, commands, n=1):
            message += f" (did you mean {close[0]!r}?)"
    else:
        message = " ".join(exc.format_message().split())
        # Older click: "No such command 'x'. Did you mean ...? (Did you mean ...?)"
        message = message.split(" (Did you mean", 1)[0]
        message = message[:1].lower() + message[1:]
    hint = _text_hint(exc, argv or [], where, command)
    return f"{message.rstrip('.')}{hint}; see '{where} -h'"


def _usage_failure(exc: click.ClickException, argv: list[str], root: Any) -> click.exceptions.Exit:
    message = usage_message(exc, argv, root)
    learn_secrets(config_in(argv))
    if _wants_json(argv):
        output.error_json(int(ExitCode.USAGE), None, output.scrub(message))
    output.error(message)
    return click.exceptions.Exit(int(ExitCode.USAGE))


class _Formatter(click.HelpFormatter):
    """click's help layout, without breaking words at hyphens, and key/value lines when narrow."""

    def _restore(self, start: int) -> None:
        self.buffer[start:] = [part.replace(_HYPHEN, "-") for part in self.buffer[start:]]

    def write_text(self, text: str) -> None:
        start = len(self.buffer)
        super().write_text(text.replace("-", _HYPHEN))
        self._restore(start)

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [(first, second.replace("-", _HYPHEN)) for first, second in rows]
        start = len(self.buffer)
        if self.width >= _NARROW:
            super().write_dl(rows, col_max, col_spacing)
        else:
            indent = self.current_indent + 4
            for first, second in rows:
                self.write(f"{'':>{self.current_indent}}{first}\n")
                if second:
                    wrapped = click.formatting.wrap_text(
                        second,
                        max(self.width - indent, 20),
                        initial_indent=" " * indent,
                        subsequent_indent=" " * indent,
                        preserve_paragraphs=True,
                    )
                    self.write(wrapped + "\n")
        self._restore(start)


class _Context(click.Context):
    formatter_class = _Formatter


def prepare_tree(command: click.Command) -> None:
    """Plain help text and the narrow-aware formatter for every command below the root."""
    command.context_class = _Context
    command.help = plain_help(command.help)
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            param.help = plain_option_help(param.help)
    for sub in getattr(command, "commands", {}).values():
        prepare_tree(sub)


class PlainGroup(TyperGroup):
    """The root command: every option-parsing error becomes one plain line, never a box.

    Both the installed command and CliRunner call the root group's make_context and invoke,
    so the formatting lives here and every path sees it.
    """

    context_class = _Context

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # click shortens each command's summary to fit one line ("List the five status...");
        # the formatter wraps instead, so the whole first sentence is kept.
        rows = [
            (name, cmd.get_short_help_str(limit=200))
            for name in self.list_commands(ctx)
            if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        argv = list(args)
        if parent is None:
            prepare_tree(self)
        # The real width (COLUMNS, else the terminal's) for every help screen below this one:
        # click would not go under 50 columns, and nothing here may assume 80.
        extra.setdefault("terminal_width", output.width())
        extra.setdefault("max_content_width", 100)
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            if isinstance(exc, NoArgsIsHelpError):
                raise
            raise _usage_failure(exc, argv, self) from None
        if parent is None:
            ctx.meta["greenstatus.argv"] = argv
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            if isinstance(exc, NoArgsIsHelpError):
                raise
            argv = ctx.meta.get("greenstatus.argv", [])
            raise _usage_failure(exc, argv, ctx.find_root().command) from None


def _plain_markup(command: Any) -> None:
    # What the root's rich_markup_mode=None gave a sub-app through add_typer.
    command.rich_markup_mode = None
    for sub in getattr(command, "commands", {}).values():
        _plain_markup(sub)


def resolve_annotations(app: typer.Typer) -> None:
    """Evaluate, once, the string annotations (`from __future__ import annotations`) of every
    function the app runs. typer reads each function's annotations twice, through
    inspect.signature(eval_str=True) and then typing.get_type_hints, and would compile and
    evaluate every string both times: ~1.5 ms of `post`'s start-up. One that cannot be
    resolved is left for typer to report."""
    import typing

    functions = [info.callback for info in app.registered_commands]
    if app.registered_callback is not None:
        functions.append(app.registered_callback.callback)
    for function in functions:
        annotations = getattr(function, "__annotations__", {})
        if any(isinstance(value, str) for value in annotations.values()):
            try:
                function.__annotations__ = typing.get_type_hints(function, include_extras=True)
            except Exception:
                continue
    for group in app.registered_groups:
        if group.typer_instance is not None:
            resolve_annotations(group.typer_instance)


def load_command(name: str, module: str, attribute: str) -> click.Command:
    """One entry of the command table as a click command: a function or a Typer sub-app."""
    target = getattr(importlib.import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        # add_completion=False: a one-command app would otherwise grow --install-completion.
        single = typer.Typer(add_completion=False, rich_markup_mode=None)
        single.command(name)(target)
        target = single
    resolve_annotations(target)
    command = typer.main.get_command(target)
    command.name = name
    _plain_markup(command)
    prepare_tree(command)
    return command


class LazyGroup(PlainGroup):
    """The root group: a command's module is imported when that command runs, or when help
    or completion lists the commands (click's documented lazy-group pattern)."""

    # Name -> (module, attribute), in the order `greenstatus --help` lists them.
    table: dict[str, tuple[str, str]] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.table)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.table and name not in self.commands:
            self.commands[name] = load_command(name, *self.table[name])
        return self.commands.get(name)


def lazy_group(table: dict[str, tuple[str, str]]) -> type[LazyGroup]:
    """A LazyGroup class serving this command table."""
    return type("CommandTable", (LazyGroup,), {"table": dict(table)})
