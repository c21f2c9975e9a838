"""`greenstatus post`: read the text, apply the rules, send it or show what would be sent."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .. import output
from ..app.boundary import reporting_errors
from ..app.context import load_settings
from ..app.framework import optional_choice
from ..app.options import (
    AllProfilesOpt,
    JsonOpt,
    ProfilesOpt,
    QuietOpt,
    TimeoutOpt,
    finite_wait,
    retries_option,
    verbose_option,
)
from ..errors import UsageError
from ..i18n import _
from ..rules.states import WAIT_STATES

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..config import Settings
    from ..sending.deliver import OutgoingStatus, SendOptions

    # What to send once the send options exist (a media post's upload needs them); None
    # after a dry run has shown it.
    ToSend = Callable[[SendOptions], OutgoingStatus]


def post(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(help="Status text; '-' reads stdin.", show_default=False),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option(
            "--file",
            "-F",
            metavar="PATH",
            help="Read the text from a file ('-' is stdin).",
            show_default=False,
        ),
    ] = None,
    color: Annotated[
        str | None,
        typer.Option(
            "--color",
            "-c",
            metavar="COLOR",
            help="Background: #RRGGBB, #RGB, RRGGBB or a CSS name (default #228B22).",
            show_default=False,
        ),
    ] = None,
    font: Annotated[
        str | None,
        typer.Option(
            "--font",
            "-f",
            metavar="FONT",
            help="SERIF, SANS_SERIF, NORICAN_REGULAR, BRYNDAN_WRITE or OSWALD_HEAVY.",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            "-t",
            metavar="PHONE|NAME",
            help="Recipient: a number or a contact name; repeat or comma-separate "
            "(default: the profile's participants, else all contacts).",
            show_default=False,
        ),
    ] = None,
    to_file: Annotated[
        str | None,
        typer.Option(
            "--to-file",
            metavar="PATH",
            help="Recipients, one a line; # comments.",
            show_default=False,
        ),
    ] = None,
    excepted: Annotated[
        list[str] | None,
        typer.Option(
            "--except",
            metavar="PHONE|NAME",
            help="Send to every contact who can see statuses but these; repeat or comma-separate.",
            show_default=False,
        ),
    ] = None,
    truncate: Annotated[
        bool, typer.Option("--truncate", help="Cut text over 500 characters with '…'.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Send a background too light to read, or over 10,000 recipients."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Show what would be sent; send nothing.")
    ] = False,
    as_json: JsonOpt = False,
    quiet: QuietOpt = False,
    profiles: ProfilesOpt = None,
    all_profiles: AllProfilesOpt = False,
    timeout: TimeoutOpt = None,
    retries: Annotated[
        int, retries_option("Extra attempts for failures that cannot double-post.")
    ] = 3,
    verbose: Annotated[bool, verbose_option()] = False,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="WHEN",
            help="Schedule for WHEN: HH:MM (its next occurrence), 'YYYY-MM-DD HH:MM', ISO 8601.",
            show_default=False,
        ),
    ] = None,
    in_: Annotated[
        str | None,
        typer.Option(
            "--in",
            metavar="DURATION",
            help="Schedule DURATION from now (90s, 15m, 2h, 1d, 1h30m).",
            show_default=False,
        ),
    ] = None,
    outbox: Annotated[
        bool | None,
        typer.Option(
            "--outbox/--no-outbox",
            help="Keep it for 'outbox flush' if sending fails before anything was queued "
            "(default: the profile's outbox key).",
            show_default=False,
        ),
    ] = None,
    allow_duplicate: Annotated[
        bool,
        typer.Option(
            "--allow-duplicate",
            help="Send even if the same status was posted within duplicate_window minutes.",
        ),
    ] = False,
    media: Annotated[
        str | None,
        typer.Option(
            "--media",
            metavar="PATH|URL",
            help="Post an image or video (jpg png webp gif mp4 3gp mov); TEXT is its caption.",
            show_default=False,
        ),
    ] = None,
    voice: Annotated[
        str | None,
        typer.Option(
            "--voice",
            metavar="PATH|URL",
            help="Post a voice note (mp3, ogg, opus, wav) on the --color background.",
            show_default=False,
        ),
    ] = None,
    wait: Annotated[
        str | None,
        typer.Option(
            "--wait",
            metavar="[STATE]",
            click_type=optional_choice(WAIT_STATES, "sent"),
            help="Wait until GREEN-API reports the status sent (default), delivered or read; "
            "exit 8 if it is not by --wait-timeout.",
            show_default=False,
        ),
    ] = None,
    wait_timeout: Annotated[
        float | None,
        typer.Option(
            "--wait-timeout",
            metavar="SECONDS",
            min=1,
            max=3600,
            callback=finite_wait,
            help="How long --wait waits: 1 to 3600 seconds (default 120).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Queue a status: text, or an image, video or voice note with --media or --voice.

    A success means [italic]queued[/italic], not yet seen by anyone.

    The text comes from TEXT, then --file, then a pipe.
    Nothing is sent unless it is valid UTF-8, not empty, and at most 500 characters
    as GREEN-API counts them (an emoji counts 2).

    [bold]Examples[/bold]

      greenstatus post "Open until 8 pm today" --color navy --font SERIF

      uptime | greenstatus post --truncate --quiet

      greenstatus post -F news.txt -t '+7 900 123-45-67' -t 79007654321 --dry-run

      greenstatus post "Staff only" -t "Anna (flowers)" -t Boris

      greenstatus post "Sale starts Monday" --except Boris,79007654321

      greenstatus post "Doors open" --at 09:00

      greenstatus post "Doors open" --at "$(date -d tomorrow +%F) 09:00"

      greenstatus post "Back in 15 minutes" --in 15m

      greenstatus post --color navy -- "-20% today"     (text that starts with '-')

      greenstatus post --media offer.jpg "Today only: two for one"

      greenstatus post --voice https://example.com/hello.mp3 --color navy

      greenstatus post "Doors open" --wait delivered --wait-timeout 300

      greenstatus post "Open on Sunday" -p north -p south     (one line per profile)
    """
    from . import post_several

    if post_several.wanted(profiles, all_profiles):
        post_several.post_each(ctx, post, locals())
        return
    profile = profiles[0] if profiles else None
    from .. import compose
    from ..rules import when

    output.set_quiet(quiet)
    with reporting_errors(as_json):
        settings = load_settings(ctx, profile)
        due = when.due_time(at, in_, when.now())
        waiting = None
        if wait is not None or wait_timeout is not None:
            from ..app.context import request_options
            from ..sending.wait import waiter

            conflicts = {"--at": at is not None, "--in": in_ is not None, "--dry-run": dry_run}
            request = request_options(settings, timeout, retries, verbose)
            waiting = waiter(settings, wait, wait_timeout, conflicts, request)
        options = compose.Options(
            color=color, font=font, to=to or [], truncate=truncate, force=force
        )
        options.audience = _audience(
            settings, (to or [], excepted or []), dry_run, (timeout, retries, verbose)
        )
        if media is None and voice is None:
            status = _text_status(settings, text, file, to_file, options, dry_run, as_json)
        else:
            status = _media_status(
                settings, (media, voice), (text, file, to_file), options, dry_run, as_json, verbose
            )
        if status is None:
            return  # a dry run, shown
        from ..sending.deliver import SendOptions, deliver

        send_options = SendOptions(
            timeout, retries, verbose, as_json, due, outbox, allow_duplicate, waiting
        )
        deliver(settings, status(send_options), send_options)


def _audience(
    settings: Settings,
    typed: tuple[list[str], list[str]],
    dry_run: bool,
    request: tuple[float | None, int, bool],
) -> Callable[[list[str] | None], tuple[list[str], list[str]]]:
    """compose's turn of the recipients into participants: sending.recipients, loaded only
    when called (names and --except may need GetContacts, with the post's own options).
    typed: the -t/--to and --except values as given (comma lists)."""
    timeout, retries, verbose = request
    to, excepted = typed

    def participants(given: list[str] | None) -> tuple[list[str], list[str]]:
        if given is None and not excepted and not settings.get("participants"):
            return [], []  # all contacts: a plain post loads nothing more
        from ..app.context import request_options
        from ..sending import recipients

        options = request_options(settings, timeout, retries, verbose)
        return recipients.participants(
            settings, given, excepted, dry_run=dry_run, request=options, typed=to
        )

    return participants


def _text_status(
    settings: Settings,
    text: str | None,
    file: str | None,
    to_file: str | None,
    options: Any,
    dry_run: bool,
    as_json: bool,
) -> ToSend | None:
    """A text status: read the text and apply the rules; a dry run shows it here."""
    from .. import compose
    from ..rules.text import decode, read_source, text_from_stdin

    if to_file == "-" and text_from_stdin(text, file):
        raise UsageError(_("stdin can carry the text or the recipients (--to-file -), not both"))
    stdin = getattr(sys.stdin, "buffer", None)
    raw = read_source(text, file, stdin, output.is_terminal(sys.stdin))
    if to_file is not None:
        options.to_file_text = decode(read_source(None, to_file, stdin, False))
    prepared = compose.prepare(raw, options, settings)
    for warning in prepared.warnings:
        output.warn(warning)
    if dry_run:
        request, preview = compose.describe(prepared, settings)
        output.dry_run(request, preview, as_json=as_json)
        return None

    def status(_: SendOptions) -> OutgoingStatus:
        from ..sending.deliver import OutgoingStatus

        return OutgoingStatus("text", prepared.body)

    return status


def _media_status(
    settings: Settings,
    targets: tuple[str | None, str | None],
    sources: tuple[str | None, str | None, str | None],
    options: Any,
    dry_run: bool,
    as_json: bool,
    verbose: bool,
) -> ToSend | None:
    """The --media/--voice branch: check everything before any request; a dry run shows it
    here. sources is (TEXT, --file, --to-file); a local file is uploaded once the journal's
    duplicate guard has let the post through."""
    from .. import compose
    from ..compose import inputs
    from . import post_media

    prepared = inputs.prepare(
        *targets,
        *sources,
        options,
        settings,
        stdin_is_terminal=output.is_terminal(sys.stdin),
        log=output.err if verbose else None,
    )
    for warning in prepared.warnings:
        output.warn(warning)
    if prepared.path is not None:
        from ..errors import ConfigError

        try:
            settings.media_host()
        except ConfigError as exc:
            # Before the journal or any request sees the post; a dry run shows {mediaUrl}.
            if not dry_run:
                raise
            output.warn(exc.message)
    if dry_run:
        output.dry_run_media(compose.describe_media(prepared, settings), as_json=as_json)
        return None
    return lambda send_options: post_media.outgoing(settings, prepared, send_options)
