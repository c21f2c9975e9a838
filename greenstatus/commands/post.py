"""`greenstatus post`: its options and help; commands/post_run does the work.

A plain post (no option here that needs a conversion or a check of click's) runs without this
module, on app/fast_path, which reads the same options from a table kept in step with these.
"""

from __future__ import annotations

from typing import Annotated, cast

import typer

from ..app.context import config_option
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
from ..rules.states import WAIT_STATES


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
    from . import post_run

    given = locals()
    values = cast(
        "post_run.PostValues", {name: given[name] for name in post_run.PostValues.__required_keys__}
    )
    if post_run.several_profiles(values):
        from . import post_several

        post_several.post_each(ctx, post, given)
        return
    post_run.run(config_option(ctx), values)
