"""The root group and the lazy command table: a command's module is imported when it runs,
built into a click command with plain help, and its usage errors made plain lines."""

from __future__ import annotations

import importlib
from typing import Any

import click
import typer
import typer.main
from click.exceptions import NoArgsIsHelpError
from typer.core import TyperGroup

from ... import output
from .layout import HelpContext, prepare_tree


class PlainGroup(TyperGroup):
    """The root command: every option-parsing error becomes one plain line, never a box.

    Both the installed command and CliRunner call the root group's make_context and invoke,
    so the formatting lives here and every path sees it.
    """

    context_class = HelpContext

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
            from .usage import usage_failure  # only on the error path

            raise usage_failure(exc, argv, self) from None
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
            from .usage import usage_failure  # only on the error path

            raise usage_failure(exc, argv, ctx.find_root().command) from None


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
            try:
                self.commands[name] = load_command(name, *self.table[name])
            except KeyboardInterrupt:
                # Ctrl-C while the command's modules load: nothing has run, and typer would
                # end it as a silent exit 130.
                from ..boundary import interrupted

                interrupted()
        return self.commands.get(name)


def lazy_group(table: dict[str, tuple[str, str]]) -> type[LazyGroup]:
    """A LazyGroup class serving this command table."""
    return type("CommandTable", (LazyGroup,), {"table": dict(table)})
