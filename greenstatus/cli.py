"""The whole command line: the app, with every command registered in the order `--help` lists.

This is the only module that imports both the app and the commands; commands import the app's
shared options, never this module, so no import runs in a circle.
"""

from __future__ import annotations

from .app import app, run
from .commands import completion, config, fonts, history, outbox, post, sandbox
from .commands.statuses import delete_command, list_command, stats_command

app.command()(post.post)
app.command("fonts")(fonts.fonts_command)
app.command()(completion.completion)
app.add_typer(config.config_app, name="config")
app.command("list")(list_command)
app.command("stats")(stats_command)
app.command("delete")(delete_command)
app.command()(history.history)
app.add_typer(outbox.outbox_app, name="outbox")
app.command("sandbox")(sandbox.sandbox_command)

__all__ = ["app", "run"]
