"""Every use of click's and Typer's internals: help layout, usage errors, the lazy command table.

typer 0.26 vendors click and 0.29 adds pydantic, so these subclasses are pinned to the
typer/click range in pyproject.toml; tests/unit/test_framework.py fails loudly when that moves.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click
import typer
import typer.main
from click.exceptions import NoArgsIsHelpError
from typer.core import TyperGroup

from .. import i18n, output
from ..errors import ExitCode
from .context import config_in, learn_secrets
from .help import plain_help, plain_option_help, translated_help

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


class _OptionalChoice(click.Choice):  # type: ignore[type-arg]
    """One of values, or `bare` when the option stands alone (see optional_choice)."""

    def __init__(self, values: Sequence[str], bare: str) -> None:
        super().__init__(values)
        self.bare = bare


def optional_choice(values: Sequence[str], bare: str) -> Any:
    """A parameter type whose value may be left out: `--wait delivered`, `--wait=read`, or a
    bare `--wait` (meaning `bare`). The next word is the value only when it is one of values,
    so `post --wait "Doors open"` keeps its text."""
    return _OptionalChoice(values, bare)


def _optional_values(args: list[str], flags: dict[str, _OptionalChoice]) -> list[str]:
    """args with each optional-value flag joined to its value (`--wait=sent`), before a `--`."""
    joined: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            joined += [arg, *rest]
            break
        kind = flags.get(arg)
        if kind is None:
            joined.append(arg)
            continue
        following = next(rest, None)
        if following in kind.choices:
            joined.append(f"{arg}={following}")
            continue
        joined.append(f"{arg}={kind.bare}")
        if following == "--":
            joined += [following, *rest]
            break
        if following is not None:
            joined.append(following)
    return joined


def _accept_optional_values(command: click.Command) -> None:
    flags = {
        name: param.type
        for param in command.params
        if isinstance(param, click.Option) and isinstance(param.type, _OptionalChoice)
        for name in param.opts
    }
    if not flags:
        return
    parse = command.parse_args

    def parse_args(ctx: click.Context, args: list[str]) -> list[str]:
        return parse(ctx, _optional_values(args, flags))

    command.parse_args = parse_args  # type: ignore[method-assign]


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
    from ..i18n import _  # only on the error path

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
    from ..i18n import _  # only on the error path

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

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        # click's own words go through our catalogue: click's gettext domain is not ours.
        super().write_usage(
            prog, args, f"{i18n.translate('Usage:')} " if prefix is None else prefix
        )

    def write_heading(self, heading: str) -> None:
        super().write_heading(i18n.translate(heading))

    def write_text(self, text: str) -> None:
        start = len(self.buffer)
        super().write_text(text.replace("-", _HYPHEN))
        self._restore(start)

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = [(first, _extras(second).replace("-", _HYPHEN)) for first, second in rows]
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


# click's notes after an option's help: "[default: 3; 0<=x<=10]", "[required]".
_EXTRAS = re.compile(r"(?:^|(?<=; ))(?:default|required)\b")


def _extras(text: str) -> str:
    """An option's help row in the user's language: click's help option, and click's notes."""
    if i18n.catalogue() is None:
        return text
    help_text, bracket, notes = text.rpartition("[") if text.endswith("]") else (text, "", "")
    if not bracket:
        return i18n.translate(text)
    notes = _EXTRAS.sub(lambda m: i18n.translate(m[0]), notes)
    return f"{i18n.translate(help_text.rstrip()) + '  ' if help_text else ''}[{notes}"


@contextmanager
def _translated_tree(command: click.Command, ctx: click.Context) -> Iterator[None]:
    """The command's help texts, its options' and its subcommands' summaries in the user's
    language while one help screen is drawn; the model (completions, man pages) stays English."""
    group = command if isinstance(command, click.Group) else None
    subs = [group.get_command(ctx, n) for n in group.list_commands(ctx)] if group else []
    # Options, and Typer's arguments, which carry a help text too.
    params = [p for p in command.params if isinstance(getattr(p, "help", None), str)]
    kept = [(c, c.help, c.epilog) for c in [command, *subs] if c is not None]
    kept_params = [(p, p.help) for p in params]
    try:
        for target, text, epilog in kept:
            target.help, target.epilog = translated_help(text), translated_help(epilog)
        for param, text in kept_params:
            param.help = translated_help(text)
        yield
    finally:
        for target, text, epilog in kept:
            target.help, target.epilog = text, epilog
        for param, text in kept_params:
            param.help = text


class _Context(click.Context):
    formatter_class = _Formatter

    def get_help(self) -> str:
        if i18n.catalogue() is None:
            return super().get_help()
        with _translated_tree(self.command, self):
            return super().get_help()


def prepare_tree(command: click.Command) -> None:
    """Plain help text and the narrow-aware formatter for every command below the root."""
    command.context_class = _Context
    command.help = plain_help(command.help)
    _accept_optional_values(command)
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
