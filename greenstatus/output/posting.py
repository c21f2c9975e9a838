"""What a post shows: the queued id, a dry run (plain, JSON or the preview card), a schedule."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ..i18n import _, localized
from . import streams, terminal
from .secrets import one_line
from .streams import json_text, out
from .times import local_time, stderr_time

if TYPE_CHECKING:
    from rich.console import RenderableType


def queued(answer: dict[str, Any], *, as_json: bool) -> None:
    if streams.quiet():
        return
    if as_json:
        out(json_text(answer))
    elif terminal.is_terminal():
        ident = terminal.escape(one_line(str(answer["idMessage"])))
        terminal.draw(
            _(
                "[green]✓[/green] Status queued [dim]· idMessage[/dim] [bold]{id_message}[/bold]",
                id_message=ident,
            )
        )
    else:
        out(one_line(str(answer["idMessage"])))


def dry_run(request: dict[str, Any], preview: dict[str, Any] | None, *, as_json: bool) -> None:
    """Show what would be sent: JSON for scripts, plain text when piped, a card on a terminal."""
    if as_json:
        out(json_text(request, indent=2))
        return
    body = json_text(request["body"], indent=2)
    head = f"{request['method']} {request['url']}\nContent-Type: application/json\n"
    if preview is None or not terminal.is_terminal():
        out(head)
        out(body)
        return
    terminal.draw(preview_card(preview, request))
    if not _facts_fit_beside(preview, terminal.width(sys.stdout)):
        # Narrow: the URL and the body as plain lines, so the terminal wraps them and a copy
        # of either is exactly what would be sent.
        out(head.rstrip("\n"))
        out(body)


def _facts(preview: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, value, style) for the facts shown with the preview card."""
    verdict = preview["verdict"]
    verdict_style = {"fine": "green", "low contrast": "yellow"}.get(verdict, "red")
    recipients = preview["participants"]
    return [
        (_("background"), preview["background"], ""),
        (
            _("contrast"),
            _("{ratio}:1 {verdict}", ratio=f"{preview['contrast']:.2f}", verdict=verdict),
            verdict_style,
        ),
        (_("font"), preview["font"] or _("not set (WhatsApp's default)"), ""),
        (_("recipients"), ", ".join(recipients) if recipients else _("all contacts"), ""),
        (_("length"), f"{preview['units']} / 500", ""),
    ]


def _facts_fit_beside(preview: dict[str, Any], available: int) -> bool:
    return 34 + 2 + max(len(k) + 1 + len(v) for k, v, _ in _facts(preview)) <= available


def preview_card(
    preview: dict[str, Any], request: dict[str, Any], columns: int | None = None
) -> RenderableType:
    """A phone-sized card in the status colours, with the facts about the request beside it.

    When the facts do not fit beside the card, they follow it as `key: value` lines.
    """
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.syntax import Syntax
    from rich.table import Table
    from rich.text import Text

    colour = preview["background"]
    card = Panel(
        Text(preview["message"], style=f"bold #FFFFFF on {colour}", justify="center"),
        style=f"#FFFFFF on {colour}",
        box=box.ROUNDED,
        width=34,
        padding=(3, 2),
        title=_("preview"),
        subtitle=_("dry run: nothing sent"),
    )
    rows = _facts(preview)
    available = columns if columns is not None else terminal.width(sys.stdout)
    if not _facts_fit_beside(preview, available):
        # The facts follow the card as key: value lines; dry_run prints URL and body plainly.
        card.width = min(34, available)
        lines = (Text.assemble((f"{localized(k)}: ", "dim"), (localized(v), s)) for k, v, s in rows)
        return Group(card, *lines)
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    for key, value, style in rows:
        facts.add_row(key, Text(localized(value), style=style))
    layout = Table.grid(padding=(0, 2))
    layout.add_row(card, facts)
    body = json_text(request["body"], indent=2)
    return Group(
        layout,
        Text(f"{request['method']} {request['url']}", style="bold", overflow="fold"),
        Syntax(body, "json", theme="ansi_dark", background_color="default", word_wrap=True),
    )


def dry_run_media(description: dict[str, Any], *, as_json: bool) -> None:
    """Both requests of a media post, in the order they would be made: the upload, the send."""
    if as_json:
        out(json_text(description, indent=2))
        return
    from ..rules.media import human_size

    upload = description.get("upload")
    if upload is not None:
        out(f"{upload['method']} {upload['url']}")
        for key, value in upload["headers"].items():
            out(f"{key}: {value}")
        size = upload["size"]
        out(
            _(
                "Content-Length: {size} ({human}, the bytes of {file})",
                size=size,
                human=human_size(size),
                file=upload["file"],
            )
        )
        out("")
    out(f"{description['method']} {description['url']}\nContent-Type: application/json\n")
    out(json_text(description["body"], indent=2))


def scheduled(entry_id: int, not_before: str, *, as_json: bool) -> None:
    if streams.quiet():
        return
    if as_json:
        out(json_text({"outbox_id": entry_id, "not_before": not_before}))
    elif terminal.is_terminal():
        terminal.draw(
            _(
                "[green]✓[/green] Scheduled [dim]· outbox entry[/dim] [bold]{id}[/bold] "
                "[dim]· due[/dim] {due} [dim](sent by 'greenstatus outbox flush')[/dim]",
                id=entry_id,
                due=terminal.escape(local_time(not_before)),
            )
        )
    else:
        out(str(entry_id))


def duplicate_queued(earlier: Any, as_json: bool) -> None:
    """A repeat of a queued status: the earlier idMessage, as a post would print it; on a
    terminal, that it was already queued, and when (local time)."""
    id_message = earlier.id_message or ""
    if terminal.is_terminal() and not as_json:
        if not streams.quiet():
            when = local_time(
                earlier.queued_at if earlier.queued_at is not None else earlier.updated
            )
            terminal.draw(
                _(
                    "[yellow]=[/yellow] Already queued at {when} [dim]· idMessage[/dim] "
                    "[bold]{id_message}[/bold] [dim](journal entry {id}; not sent again, "
                    "--allow-duplicate sends it anyway)[/dim]",
                    when=terminal.escape(when),
                    id_message=terminal.escape(one_line(id_message)),
                    id=earlier.id,
                )
            )
        return
    streams.remark(
        _(
            "the same status was queued at {when} (journal entry {id}); not "
            "sent again (--allow-duplicate sends it anyway)",
            when=earlier.updated,
            id=earlier.id,
        )
    )
    if as_json:
        if not streams.quiet():
            out(json_text({"idMessage": id_message, "duplicate": True}))
        return
    queued({"idMessage": id_message}, as_json=False)


def duplicate_waiting(entry_id: int, state: str, not_before: str, as_json: bool) -> None:
    streams.remark(
        _(
            "the same status is already in the outbox as {id} ({state}, due {due}); "
            "not added again",
            id=entry_id,
            state=state,
            due=stderr_time(not_before),
        )
    )
    if as_json and not streams.quiet():
        out(json_text({"outbox_id": entry_id, "duplicate": True}))
