"""Talking with the person at the terminal: questions, and confirmations of what was done."""

from __future__ import annotations

import sys

from . import streams, terminal
from .secrets import one_line


def ask(prompt: str, *, default: str | None = None, hidden: bool = False) -> str:
    """Ask on the terminal; callers make sure stdin and stdout are terminals first."""
    import typer

    return str(typer.prompt(one_line(prompt), default=default, hide_input=hidden, err=True))


def confirm(prompt: str) -> bool:
    """Ask yes or no on the terminal (callers check stdin and stdout are terminals first)."""
    import typer

    return bool(typer.confirm(one_line(prompt), default=False, err=True))


def success(message: str) -> None:
    """A confirmation for a person: on stderr, so stdout stays for results."""
    if streams.quiet():
        return
    if terminal.is_terminal(sys.stderr):
        # Escaped: a path or value such as "[profiles.shop]" is shown as written.
        terminal.draw(f"[green]✓[/green] {terminal.escape(one_line(message))}", stderr=True)
    else:
        streams.err(one_line(message))
