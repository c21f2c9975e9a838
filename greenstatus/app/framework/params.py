"""Parameter types and parsing beyond click's own: the value a flag may leave out, and a
context as the command line would make."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click


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


def accept_optional_values(command: click.Command) -> None:
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
