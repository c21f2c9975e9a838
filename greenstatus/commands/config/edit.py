"""`greenstatus config get`, `set` and `unset`: one stored value at a time."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.options import ProfileOpt
from ...errors import ConfigError, UsageError
from ...i18n import _
from .shared import contrast_warning, existing_profile, shown_value


def get(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A config key.", show_default=False)],
    profile: ProfileOpt = None,
) -> None:
    """Print one stored value, bare, for scripts; the token is masked.

    [bold]Example[/bold]

      greenstatus config get background_color
    """
    from ... import config

    with reporting_errors():
        config.check_key(key)
        path, name, stored = existing_profile(ctx, profile)
        if key not in stored:
            raise ConfigError(
                _(
                    "{key} is not set in profile {name} ({path})",
                    key=key,
                    name=repr(name),
                    path=path,
                )
            )
        try:
            value = config.normalise_value(key, stored[key])
        except UsageError as exc:
            # The file holds it: a configuration problem (78), not a usage one.
            raise ConfigError(
                _(
                    "config file {path}, [profiles.{name}]: {message}",
                    path=path,
                    name=name,
                    message=exc.message,
                )
            ) from None
        output.out(shown_value(key, value))


def set_(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A config key.", show_default=False)],
    value: Annotated[
        str, typer.Argument(help="The value; '-' reads it from stdin.", show_default=False)
    ],
    profile: ProfileOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Store a background too light to read.")
    ] = False,
) -> None:
    """Validate, normalise and store one value (navy is stored as #000080).

    Keys: id_instance, api_token_instance, api_url, background_color, font, participants
    (comma list), timeout; for the journal: duplicate_window (minutes, 0 = off), outbox
    (true/false), outbox_expiry (hours), journal_days, journal (true/false);
    media_url (the upload host).
    The token is only taken from stdin. A background that post would refuse is
    refused here too, unless --force.

    [bold]Examples[/bold]

      greenstatus config set background_color navy

      greenstatus config set participants "+7 900 123-45-67, 79007654321"

      printf %s "$TOKEN" | greenstatus config set api_token_instance -
    """
    from ... import config

    with reporting_errors():
        if value == "-":
            value = config.read_stdin_line(sys.stdin).rstrip("\r\n")
        elif key == "api_token_instance":
            raise UsageError(
                _(
                    "the token is read from stdin, never an argument: {example}",
                    example='printf %s "$TOKEN" | greenstatus config set api_token_instance -',
                )
            )
        output.register_secret(value if key == "api_token_instance" else None)
        path, name, _stored = existing_profile(ctx, profile, creates=True)
        stored = config.set_value(path, name, key, value, force=force)
        if key == "background_color" and (warning := contrast_warning(stored)):
            output.warn(warning)
        output.success(
            _(
                "{key} = {value} in profile {name} ({path})",
                key=key,
                value=shown_value(key, stored),
                name=repr(name),
                path=path,
            )
        )


def unset(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A config key.", show_default=False)],
    profile: ProfileOpt = None,
) -> None:
    """Remove one value from a profile.

    [bold]Example[/bold]

      greenstatus config unset font
    """
    from ... import config

    with reporting_errors():
        path, name, _stored = existing_profile(ctx, profile)
        if not path.exists():
            raise config.unknown_profile(name, path, [])
        removed = config.unset_value(path, name, key)
        if removed:
            output.success(_("{key} removed from profile {name}", key=key, name=repr(name)))
        else:
            output.success(_("{key} was not set in profile {name}", key=key, name=repr(name)))
