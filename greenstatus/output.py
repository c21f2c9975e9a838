"""Everything greenstatus shows: the only module that writes to stdout or stderr.

Plain text goes to pipes and files; Rich draws only on a terminal, and is imported only then.
Every line passes through scrub(), so a registered secret cannot be printed whole.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

_secrets: set[str] = set()
_quiet = False


def register_secret(secret: str | None) -> None:
    """Remember a secret so nothing printed afterwards can show it whole."""
    if secret and len(secret) >= 4:
        _secrets.add(secret)


def set_quiet(quiet: bool) -> None:
    global _quiet
    _quiet = quiet


def scrub(text: str) -> str:
    from .config import mask

    for secret in _secrets:
        text = text.replace(secret, mask(secret))
    return text


def is_terminal(stream: Any = None) -> bool:
    stream = stream or sys.stdout
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def out(line: str = "") -> None:
    """One plain line on stdout."""
    sys.stdout.write(scrub(line) + "\n")


def raw(text: str) -> None:
    """Text on stdout exactly as given (a generated script)."""
    sys.stdout.write(text)


def out_json(data: Any) -> None:
    out(json.dumps(data, ensure_ascii=False, indent=2))


def err(line: str) -> None:
    sys.stderr.write(scrub(line) + "\n")
    sys.stderr.flush()


def warn(message: str) -> None:
    """A warning on stderr, unless --quiet: cron mails whatever a job prints."""
    if not _quiet:
        err(f"greenstatus: warning: {message}")


def error(message: str) -> None:
    err(f"greenstatus: error: {message}")


def error_json(exit_code: int, http_status: int | None, message: str) -> None:
    out(
        json.dumps(
            {"error": {"exit_code": exit_code, "http_status": http_status, "message": message}}
        )
    )


def debug_traceback(text: str) -> None:
    err(text.rstrip())


def _rich(renderable: RenderableType | str, stderr: bool = False) -> None:
    console = _console(stderr)
    with console.capture() as captured:
        console.print(renderable)
    (sys.stderr if stderr else sys.stdout).write(scrub(captured.get()))


# --- post ----------------------------------------------------------------------------------------


def queued(answer: dict[str, Any], *, as_json: bool) -> None:
    if _quiet:
        return
    if as_json:
        out(json.dumps(answer, ensure_ascii=False))
    elif is_terminal():
        ident = answer["idMessage"]
        _rich(f"[green]✓[/green] Status queued [dim]· idMessage[/dim] [bold]{ident}[/bold]")
    else:
        out(str(answer["idMessage"]))


def dry_run(request: dict[str, Any], preview: dict[str, Any] | None, *, as_json: bool) -> None:
    """Show what would be sent: JSON for scripts, plain text when piped, a card on a terminal."""
    if as_json:
        out(json.dumps(request, ensure_ascii=False, indent=2))
        return
    body = json.dumps(request["body"], ensure_ascii=False, indent=2)
    head = f"{request['method']} {request['url']}\nContent-Type: application/json\n"
    if preview is None or not is_terminal():
        out(head)
        out(body)
        return
    _rich(preview_card(preview, request))


def preview_card(preview: dict[str, Any], request: dict[str, Any]) -> RenderableType:
    """A phone-sized card in the status colours, with the facts about the request beside it."""
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
        title="preview",
        subtitle="dry run: nothing sent",
    )
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column()
    verdict = preview["verdict"]
    verdict_style = {"fine": "green", "low contrast": "yellow"}.get(verdict, "red")
    facts.add_row("background", colour)
    facts.add_row("contrast", Text(f"{preview['contrast']:.2f}:1 {verdict}", style=verdict_style))
    facts.add_row("font", preview["font"] or "not set (WhatsApp's default)")
    recipients = preview["participants"]
    facts.add_row("recipients", ", ".join(recipients) if recipients else "all contacts")
    facts.add_row("length", f"{preview['units']} / 500")
    layout = Table.grid(padding=(0, 2))
    layout.add_row(card, facts)
    body = json.dumps(request["body"], ensure_ascii=False, indent=2)
    return Group(
        layout,
        Text(f"{request['method']} {request['url']}", style="bold", overflow="fold"),
        Syntax(body, "json", theme="ansi_dark", background_color="default", word_wrap=True),
    )


# --- media and voice posts -----------------------------------------------------------------------


def dry_run_media(description: dict[str, Any], *, as_json: bool) -> None:
    """Both requests of a media post, in the order they would be made: the upload, the send."""
    if as_json:
        out(json.dumps(description, ensure_ascii=False, indent=2))
        return
    from .rules.media import human_size

    upload = description.get("upload")
    if upload is not None:
        out(f"{upload['method']} {upload['url']}")
        for key, value in upload["headers"].items():
            out(f"{key}: {value}")
        size = upload["size"]
        out(f"Content-Length: {size} ({human_size(size)}, the bytes of {upload['file']})")
        out("")
    out(f"{description['method']} {description['url']}\nContent-Type: application/json\n")
    out(json.dumps(description["body"], ensure_ascii=False, indent=2))


@contextmanager
def upload_progress(name: str, size: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for an upload over 1 MiB, drawn only on a terminal and never
    with --quiet; elsewhere the callback is None and nothing is drawn."""
    import os

    from .rules.media import PROGRESS_ABOVE

    if (
        _quiet
        or size <= PROGRESS_ABOVE
        or not is_terminal(sys.stderr)
        or os.environ.get("TERM") == "dumb"
    ):
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("uploading {task.description}"),
        BarColumn(),
        DownloadColumn(binary_units=True),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=_console(stderr=True), transient=True) as bar:
        task = bar.add_task(scrub(name), total=size)
        yield lambda sent: bar.update(task, completed=sent)


# --- fonts ---------------------------------------------------------------------------------------

# A terminal has one typeface; these attributes only hint at each font's character.
_FONT_LOOKS = {"script": "italic", "handwriting": "italic dim", "heavy condensed": "bold"}


def fonts(catalogue: Sequence[Any], *, as_json: bool) -> None:
    if as_json:
        out_json([f._asdict() for f in catalogue])
    elif is_terminal():
        from rich.table import Table

        table = Table(title="Status fonts (text is always white)")
        for column in ("name", "style", "sample", "note"):
            table.add_column(column)
        for font in catalogue:
            look = _FONT_LOOKS.get(font.style, "")
            table.add_row(
                f"[bold]{font.name}[/bold]",
                font.style,
                f"[{look}]{font.sample}[/]" if look else font.sample,
                font.note,
            )
        _rich(table)
    else:
        for font in catalogue:
            out(font.name)


# --- config --------------------------------------------------------------------------------------


def lines(values: Iterable[str]) -> None:
    for value in values:
        out(value)


def settings_table(rows: Sequence[tuple[str, str, str]], title: str, *, as_json: bool) -> None:
    """Rows of (key, shown value, source)."""
    if as_json:
        out_json({key: {"value": value, "source": source} for key, value, source in rows})
    elif is_terminal():
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        for column in ("key", "value", "from"):
            table.add_column(column)
        for row in rows:
            table.add_row(*row)
        _rich(table)
    else:
        out(f"# {title}")
        for key, value, source in rows:
            out(f"{key} = {value}    # {source}")


def success(message: str) -> None:
    """A confirmation for a person: on stderr, so stdout stays for results."""
    if _quiet:
        return
    if is_terminal(sys.stderr):
        _rich(f"[green]✓[/green] {message}", stderr=True)
    else:
        err(message)


def ask(prompt: str, *, default: str | None = None, hidden: bool = False) -> str:
    """Ask on the terminal; callers make sure stdin and stdout are terminals first."""
    import typer

    return str(typer.prompt(prompt, default=default, hide_input=hidden, err=True))
