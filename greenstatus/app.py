"""The Typer app, the global options, the options commands share, and the one error boundary.

Command modules import this; it imports none of them (greenstatus.cli assembles the two).
"""

from __future__ import annotations

import inspect
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from . import __version__, output
from .errors import ExitCode, GreenstatusError


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
        sub = getattr(command, "commands", {}).get(arg)
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
        commands = list(getattr(ctx.command, "commands", {})) if ctx is not None else []
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


def _config_in(argv: list[str]) -> str | None:
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--config" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--config="):
            return arg.partition("=")[2]
    return None


def _learn_secrets(config: str | None) -> None:
    from .config import remember_secrets

    remember_secrets(config)


def _usage_failure(exc: click.ClickException, argv: list[str], root: Any) -> click.exceptions.Exit:
    message = usage_message(exc, argv, root)
    _learn_secrets(_config_in(argv))
    if _wants_json(argv):
        output.error_json(int(ExitCode.USAGE), None, output.scrub(message))
    output.error(message)
    return click.exceptions.Exit(int(ExitCode.USAGE))


# Help is plain click text: Rich panels cut option names below ~60 columns and took
# `[default: …]` for markup. Docstrings may still carry simple Rich tags; they are removed.
_TAGS = re.compile(r"\[/?(?:bold|italic|dim|underline|green|red|yellow|cyan|blue|magenta)?\]")
# textwrap breaks words at hyphens (`--dry-` / `run`, `green-` / `api.com`); a private-use
# character stands in for the hyphen while a help text is wrapped.
_HYPHEN = "\ue000"
# Below this width a help screen lists each option on its own line with its help under it.
_NARROW = 60


def plain_help(text: str | None) -> str | None:
    """A docstring as click shows it: no Rich tags; indented paragraphs (examples) verbatim."""
    if not text:
        return text
    paragraphs = _TAGS.sub("", inspect.cleandoc(text)).split("\n\n")
    kept = [
        "\b\n" + p if p.startswith((" ", "\t")) and not p.startswith("\b") else p
        for p in paragraphs
    ]
    return "\n\n".join(kept)


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


def _prepare_tree(command: click.Command) -> None:
    """Plain help text and the narrow-aware formatter for every command below the root."""
    command.context_class = _Context
    command.help = plain_help(command.help)
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            param.help = _TAGS.sub("", param.help)
    for sub in getattr(command, "commands", {}).values():
        _prepare_tree(sub)


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
            _prepare_tree(self)
        # The real width (COLUMNS, else the terminal's) for every help screen below this one:
        # click would not go under 50 columns, and nothing here may assume 80.
        extra.setdefault("terminal_width", output.width())
        extra.setdefault("max_content_width", 100)
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                raise
            raise _usage_failure(exc, argv, self) from None
        if parent is None:
            ctx.meta["greenstatus.argv"] = argv
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":
                raise
            argv = ctx.meta.get("greenstatus.argv", [])
            raise _usage_failure(exc, argv, ctx.find_root().command) from None


app = typer.Typer(
    cls=PlainGroup,
    name="greenstatus",
    help="Queue WhatsApp statuses through GREEN-API: text, image, video and voice.",
    epilog="Docs and exit codes: README.md. Set GREENSTATUS_DEBUG=1 for tracebacks.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)


@contextmanager
def reporting_errors(as_json: bool = False) -> Iterator[None]:
    """The one place errors become messages and exit codes; nothing else catches them."""
    try:
        yield
    except GreenstatusError as exc:
        ctx = click.get_current_context(silent=True)
        _learn_secrets(config_option(ctx) if ctx is not None else None)  # type: ignore[arg-type]
        if as_json:
            output.error_json(int(exc.exit_code), exc.http_status, output.scrub(exc.message))
        output.error(exc.message)
        raise typer.Exit(int(exc.exit_code)) from None
    except (KeyboardInterrupt, typer.Abort):
        # typer.Abort is how a prompt reports Ctrl-C or Ctrl-D.
        # Sending code turns Ctrl-C into its own Interrupted error, which says whether the
        # request may have arrived; a bare KeyboardInterrupt here means none was under way.
        # The blank line only moves past the terminal's echoed ^C; a log gets one line.
        gap = "\n" if output.is_terminal(sys.stderr) else ""
        output.err(f"{gap}greenstatus: interrupted; nothing was sent")
        raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
    except (typer.Exit, BrokenPipeError):
        raise
    except Exception as exc:
        ctx = click.get_current_context(silent=True)
        _learn_secrets(config_option(ctx) if ctx is not None else None)  # type: ignore[arg-type]
        if os.environ.get("GREENSTATUS_DEBUG") == "1":
            import traceback

            output.debug_traceback(traceback.format_exc())
        message = f"unexpected error: {type(exc).__name__}: {exc}"
        if as_json:
            output.error_json(int(ExitCode.UNEXPECTED), None, output.scrub(message))
        output.error(message + " (set GREENSTATUS_DEBUG=1 for a traceback)")
        raise typer.Exit(int(ExitCode.UNEXPECTED)) from None


def _version(value: bool) -> None:
    if value:
        output.out(f"greenstatus {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            metavar="PATH",
            help="Config file to use instead of $GREENSTATUS_CONFIG or the default.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Queue WhatsApp statuses through GREEN-API: text, image, video and voice.

    Start with [bold]greenstatus post --dry-run "Hello"[/bold] (no account needed), then
    [bold]greenstatus config init[/bold].
    """
    output.set_quiet(False)
    ctx.obj = {"config": config}


def config_option(ctx: typer.Context) -> str | None:
    """The global --config value, from whichever level of the command tree holds it."""
    root_ctx = ctx.find_root()
    return (root_ctx.obj or {}).get("config")


def finite_timeout(value: float | None) -> float | None:
    """--timeout of every command: 0.1 to 3600 seconds.

    click's range check lets nan through (every comparison with nan is false).
    """
    if value is not None and not 0.1 <= value <= 3600:
        raise typer.BadParameter("give seconds from 0.1 to 3600")
    return value


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
# Bounds of the numbers commands take: a value past 64 bits reached SQLite and was exit 1.
MAX_LIMIT = 1_000_000
MAX_ENTRY_ID = 2**63 - 1


def run(argv: list[str] | None = None) -> int:
    """Run the app as the `greenstatus` command and return its exit code."""
    try:
        app(args=argv, prog_name="greenstatus")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0
