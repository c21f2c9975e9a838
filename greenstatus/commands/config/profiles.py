"""`greenstatus config profiles`, `use` and `path`: the profiles, and the file that holds them."""

from __future__ import annotations

from typing import Annotated

import typer

from ... import output
from ...app.boundary import reporting_errors
from ...app.context import config_option
from ...app.options import JsonOpt
from ...i18n import _
from .shared import load_file


def profiles(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the profiles; the default one is marked with '*'."""
    from ... import config

    with reporting_errors(as_json):
        path, data = load_file(ctx)
        default = (data or {}).get("default_profile")
        names = config.profile_names(data)
        if as_json:
            output.out_json([{"name": n, "default": n == default} for n in names])
        else:
            output.lines(f"{'*' if n == default else ' '} {n}" for n in names)


def use(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="An existing profile.", show_default=False)],
) -> None:
    """Make NAME the default profile."""
    from ... import config

    with reporting_errors():
        path = config.config_path(config_option(ctx))
        config.require_named_file(path, config_option(ctx))
        config.use_profile(path, name)
        output.success(_("default profile is now {name}", name=repr(name)))


def path(ctx: typer.Context) -> None:
    """Print the config file's path (it may not exist yet)."""
    from ... import config

    with reporting_errors():
        output.out(str(config.config_path(config_option(ctx))))
