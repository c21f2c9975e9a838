"""What click would hand a command for its plain options, as a table a parser without click can
read: app/fast_path keeps a copy of post's, and tests/unit/test_fast_path.py fails when that
copy and this table of the live command differ."""

from __future__ import annotations

import click

# A table entry: the parameter's name, and "one" (a string), "many" (a repeatable string),
# "true" or "false" (the flag's value when this name is given).
Entry = tuple[str, str]


def _plain(option: click.Option) -> bool:
    """An option whose value click passes on exactly as given: a string or an on/off flag,
    with nothing of click's in between (no callback, conversion, environment variable, prompt,
    eager processing or optional value)."""
    if (
        option.callback is not None
        or option.is_eager
        or option.envvar
        or option.prompt
        or option.nargs != 1
        or option.count
        or option._flag_needs_value
    ):
        return False
    if option.is_flag:
        # click 8.3 leaves a plain flag's flag_value unset: given, it is True.
        return option.is_bool_flag and option.flag_value is not False
    return type(option.type) is click.types.StringParamType


def option_table(command: click.Command) -> dict[str, Entry]:
    """Each name of each plain option of command (e.g. "--to", "-t", "--no-outbox") -> Entry.
    An option left out (a number, a choice, one with a check) is for click alone to read."""
    table: dict[str, Entry] = {}
    for option in command.params:
        if not isinstance(option, click.Option) or not _plain(option) or option.name is None:
            continue
        if option.is_flag:
            table.update(dict.fromkeys(option.opts, (option.name, "true")))
            table.update(dict.fromkeys(option.secondary_opts, (option.name, "false")))
        else:
            kind = "many" if option.multiple else "one"
            table.update(dict.fromkeys(option.opts, (option.name, kind)))
    return table


def plain_argument(command: click.Command) -> str | None:
    """The name of command's one positional parameter when it is an optional string, as
    post's TEXT; None when the command has another shape."""
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    if len(arguments) != 1:
        return None
    (argument,) = arguments
    plain = type(argument.type) is click.types.StringParamType and argument.nargs == 1
    return argument.name if plain and not argument.required and argument.callback is None else None
