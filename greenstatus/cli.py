"""The command table: every command by name, in the order `--help` lists them, loaded lazily.

This is the only module that names both the app and the commands; a command's module is
imported only when that command runs (or help lists it), so `--version` loads none of them.
"""

from __future__ import annotations

from .app.framework import lazy_group
from .app.root import app, run

# Name -> (module, attribute). Typer lists single commands before groups; so does this.
COMMANDS: dict[str, tuple[str, str]] = {
    "post": ("greenstatus.commands.post", "post"),
    "fonts": ("greenstatus.commands.fonts", "fonts_command"),
    "completion": ("greenstatus.commands.completion", "completion"),
    "list": ("greenstatus.commands.statuses.list", "list_command"),
    "stats": ("greenstatus.commands.statuses.stats", "stats_command"),
    "delete": ("greenstatus.commands.statuses.delete", "delete_command"),
    "history": ("greenstatus.commands.history", "history"),
    "contacts": ("greenstatus.commands.contacts", "contacts_command"),
    "sync": ("greenstatus.commands.sync", "sync_command"),
    "report": ("greenstatus.commands.report", "report_command"),
    "sandbox": ("greenstatus.commands.sandbox", "sandbox_command"),
    "config": ("greenstatus.commands.config", "config_app"),
    "outbox": ("greenstatus.commands.outbox", "outbox_app"),
}

app.info.cls = lazy_group(COMMANDS)

__all__ = ["COMMANDS", "app", "run"]
