"""`greenstatus config`: the sub-app and its verbs, one module per verb or small family."""

from __future__ import annotations

import typer

from ...app.framework import PlainGroup
from .check import check
from .edit import get, set_, unset
from .init import init
from .profiles import path, profiles, use
from .show import show

config_app = typer.Typer(
    cls=PlainGroup,
    help="Set up and inspect credentials and posting defaults.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

# The order here is the order `config --help` lists them.
config_app.command()(init)
config_app.command()(show)
config_app.command()(get)
config_app.command("set")(set_)
config_app.command()(unset)
config_app.command()(profiles)
config_app.command()(use)
config_app.command()(path)
config_app.command()(check)
