"""The help screen's layout: click's formatter without breaking words at hyphens, key/value
lines when narrow, and the help texts in the user's language while a screen is drawn."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import click

from ... import i18n
from ..help import plain_help, plain_option_help, translated_help
from .params import accept_optional_values

# textwrap breaks words at hyphens (`--dry-` / `run`, `green-` / `api.com`); a private-use
# character stands in for the hyphen while a help text is wrapped.
_HYPHEN = "\ue000"
# Below this width a help screen lists each option on its own line with its help under it.
_NARROW = 60


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


class HelpContext(click.Context):
    formatter_class = _Formatter

    def get_help(self) -> str:
        if i18n.catalogue() is None:
            return super().get_help()
        with _translated_tree(self.command, self):
            return super().get_help()


def prepare_tree(command: click.Command) -> None:
    """Plain help text and the narrow-aware formatter for every command below the root."""
    command.context_class = HelpContext
    command.help = plain_help(command.help)
    accept_optional_values(command)
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            param.help = plain_option_help(param.help)
    for sub in getattr(command, "commands", {}).values():
        prepare_tree(sub)
