"""The work of `greenstatus post` once its command line is read: settings, text or media,
recipients, the dry run or the send.

Typer and click are not imported here: the typer command (commands/post.py) and the fast path
(app/fast_path.py) both hand their values to `run`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypedDict

from .. import output
from ..app.boundary import reporting_errors
from ..app.context import settings_for
from ..errors import UsageError
from ..i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..config import Settings
    from ..sending.deliver import OutgoingStatus, SendOptions

    # What to send once the send options exist (a media post's upload needs them); None
    # after a dry run has shown it.
    ToSend = Callable[[SendOptions], OutgoingStatus]


# post's parameters by name, as typer passes them (commands/post.py declares each). Written
# as a call, not a class: under `from __future__ import annotations` a class would turn each
# field into a ForwardRef and compile it, about 1 ms of every post's start-up.
PostValues = TypedDict(  # noqa: UP013 - see above
    "PostValues",
    {
        "text": str | None,
        "file": str | None,
        "color": str | None,
        "font": str | None,
        "to": list[str] | None,
        "to_file": str | None,
        "excepted": list[str] | None,
        "truncate": bool,
        "force": bool,
        "dry_run": bool,
        "as_json": bool,
        "quiet": bool,
        "profiles": list[str] | None,
        "all_profiles": bool,
        "timeout": float | None,
        "retries": int,
        "verbose": bool,
        "at": str | None,
        "in_": str | None,
        "outbox": bool | None,
        "allow_duplicate": bool,
        "media": str | None,
        "voice": str | None,
        "wait": str | None,
        "wait_timeout": float | None,
    },
)


def several_profiles(values: PostValues) -> bool:
    """Whether the command line asks for more than one profile's post (commands/post_several)."""
    return values["all_profiles"] or len(values["profiles"] or []) > 1


def run(config_path: str | None, values: PostValues) -> None:
    """Post once, on the first of values["profiles"] (or the default profile); errors end the
    process through app.boundary with their exit code (SystemExit).

    config_path: the global --config value, None for $GREENSTATUS_CONFIG or the default.
    """
    from .. import compose
    from ..rules import when

    v = values
    profiles, as_json, dry_run = v["profiles"], v["as_json"], v["dry_run"]
    timeout, retries, verbose = v["timeout"], v["retries"], v["verbose"]
    output.set_quiet(v["quiet"])
    with reporting_errors(as_json):
        settings = settings_for(config_path, profiles[0] if profiles else None)
        due = when.due_time(v["at"], v["in_"], when.now())
        waiting = None
        if v["wait"] is not None or v["wait_timeout"] is not None:
            from ..app.context import request_options
            from ..sending.wait import waiter

            conflicts = {"--at": v["at"] is not None, "--in": v["in_"] is not None}
            conflicts["--dry-run"] = dry_run
            request = request_options(settings, timeout, retries, verbose)
            waiting = waiter(settings, v["wait"], v["wait_timeout"], conflicts, request)
        to, excepted = v["to"] or [], v["excepted"] or []
        options = compose.Options(
            color=v["color"], font=v["font"], to=to, truncate=v["truncate"], force=v["force"]
        )
        options.audience = _audience(settings, (to, excepted), dry_run, (timeout, retries, verbose))
        sources = (v["text"], v["file"], v["to_file"])
        if v["media"] is None and v["voice"] is None:
            status = _text_status(settings, *sources, options, dry_run, as_json)
        else:
            targets = (v["media"], v["voice"])
            status = _media_status(settings, targets, sources, options, dry_run, as_json, verbose)
        if status is None:
            return  # a dry run, shown
        from ..sending.deliver import SendOptions, deliver

        send_options = SendOptions(
            timeout, retries, verbose, as_json, due, v["outbox"], v["allow_duplicate"], waiting
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
